package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

import java.util.Objects;

/**
 * Which changes of a DistDBCluster start a reconciliation at once: a new generation (the spec changed), the
 * pause annotation set or removed, or deletion. The operator's own status writes do not. Anything else is
 * picked up by the periodic pass.
 */
public final class ReconcileTriggers implements OnUpdateFilter<DistDBCluster> {

    @Override
    public boolean accept(DistDBCluster updated, DistDBCluster old) {
        return generation(updated) > generation(old)
                || updated.isPaused() != old.isPaused()
                || updated.isMarkedForDeletion() && !old.isMarkedForDeletion()
                || !Objects.equals(updated.getMetadata().getUid(), old.getMetadata().getUid());
    }

    private static long generation(DistDBCluster cluster) {
        return cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    }
}
