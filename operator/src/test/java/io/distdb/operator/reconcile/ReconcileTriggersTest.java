package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconcileTriggersTest {

    final ReconcileTriggers triggers = new ReconcileTriggers();

    static DistDBCluster cluster() {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("ns").withUid("u1")
                .withGeneration(3L).withResourceVersion("10").build());
        return cluster;
    }

    static DistDBCluster copy(DistDBCluster cluster) {
        return Serialization.clone(cluster);
    }

    @Test
    void aSpecChangeTriggers() {
        DistDBCluster old = cluster();
        DistDBCluster updated = copy(old);
        updated.getMetadata().setGeneration(4L);
        assertTrue(triggers.accept(updated, old));
    }

    @Test
    void theOperatorsOwnStatusWriteDoesNot() {
        DistDBCluster old = cluster();
        DistDBCluster updated = copy(old);
        updated.setStatus(new DistDBClusterStatus());
        updated.getStatus().setPhase(Phase.Ready);
        updated.getMetadata().setResourceVersion("11");
        assertFalse(triggers.accept(updated, old));
    }

    @Test
    void pausingAndResumingTriggerThoughTheGenerationStays() {
        DistDBCluster old = cluster();
        DistDBCluster paused = copy(old);
        paused.getMetadata().setAnnotations(Map.of(DistDBCluster.PAUSE_ANNOTATION, "true"));
        assertTrue(triggers.accept(paused, old));
        assertTrue(triggers.accept(old, paused));

        DistDBCluster otherAnnotation = copy(old);
        otherAnnotation.getMetadata().setAnnotations(Map.of("note", "x"));
        assertFalse(triggers.accept(otherAnnotation, old));
    }

    @Test
    void deletionTriggers() {
        DistDBCluster old = cluster();
        DistDBCluster deleting = copy(old);
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertTrue(triggers.accept(deleting, old));
    }
}
