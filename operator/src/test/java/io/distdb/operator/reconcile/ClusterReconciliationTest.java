package io.distdb.operator.reconcile;

import io.distdb.admin.api.MemberState;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.model.NodeStatefulSet;
import io.distdb.operator.model.OperatorIdentity;
import io.distdb.operator.nodes.FakeNodes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconciliation chain against a Kubernetes API: the Fabric8 mock server in CRUD mode here. The test only
 * needs a {@link KubernetesClient}, so the same scenario can run against a real control plane. What a real
 * cluster would do on its own (the StatefulSet controller starting pods, the garbage collector deleting owned
 * objects) the test does by hand or checks through owner references.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterReconciliationTest {

    static final String NS = "ns";

    KubernetesMockServer server;
    KubernetesClient client;
    FakeNodes nodes;
    ClusterReconciliation reconciliation;
    final java.util.List<String> eventReasons = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        nodes = new FakeNodes(1);
        EventRecorder recorder = (cluster, event) -> {
            eventReasons.add(event.reason());
            new KubernetesEventRecorder(client, Clock.systemUTC()).record(cluster, event);
        };
        reconciliation = new ClusterReconciliation(client,
                new OwnedResources(client, new OperatorIdentity("distdb-system", OperatorIdentity.DEFAULT_POD_LABELS)),
                (names, token) -> {
                    assertTrue(token.length() >= 32, "the generated admin token reaches the node client");
                    return nodes;
                }, recorder, Clock.systemUTC());
    }

    DistDBCluster create(int replicas) {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace(NS).build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setReplicas(replicas);
        spec.setImage("distdb/node:test");
        cluster.setSpec(spec);
        return client.resource(cluster).create();
    }

    DistDBCluster current() {
        return client.resources(DistDBCluster.class).inNamespace(NS).withName("db").get();
    }

    ClusterReconciliation.Outcome reconcile() {
        ClusterReconciliation.Outcome outcome = reconciliation.reconcile(current());
        startPodsLikeTheStatefulSetController();
        nodes.tick();
        return outcome;
    }

    /** Pods for the StatefulSet's replicas, ready at once; pods beyond it deleted. */
    void startPodsLikeTheStatefulSetController() {
        StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        int replicas = sts == null ? 0 : sts.getSpec().getReplicas();
        for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
            int ordinal = Integer.parseInt(pod.getMetadata().getName().substring(3));
            if (ordinal >= replicas) {
                client.resource(pod).delete();
                nodes.stop(pod.getMetadata().getName());
            }
        }
        for (int i = 0; i < replicas; i++) {
            String name = "db-" + i;
            if (client.pods().inNamespace(NS).withName(name).get() == null) {
                client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                        .withLabels(sts.getSpec().getSelector().getMatchLabels()).endMetadata()
                        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                        .build()).create();
                client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-" + name)
                        .withNamespace(NS).endMetadata().build()).createOr(c -> c.update());
                nodes.start(name);
            }
        }
    }

    int reconcileUntilSettled() {
        for (int i = 1; i <= 40; i++) {
            if (!reconcile().inProgress()) {
                return i;
            }
        }
        throw new AssertionError("not settled: " + current().getStatus().getPhase() + " " + eventReasons);
    }

    @Test
    void createsTheOwnedObjectsWithOwnerReferencesAndWritesStatus() {
        DistDBCluster cluster = create(3);
        reconcile();

        String uid = cluster.getMetadata().getUid();
        List<HasMetadata> owned = List.of(
                client.apps().statefulSets().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db-peers").get(),
                client.configMaps().inNamespace(NS).withName("db-config").get(),
                client.secrets().inNamespace(NS).withName("db-admin-token").get(),
                client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("db").get(),
                client.network().v1().networkPolicies().inNamespace(NS).withName("db-admin").get());
        for (HasMetadata object : owned) {
            assertNotNull(object);
            OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
            assertEquals(uid, owner.getUid(), object.getKind() + " is owned, so deleting the cluster deletes it");
            assertEquals("DistDBCluster", owner.getKind());
            assertTrue(owner.getController());
        }
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());

        DistDBCluster written = current();
        assertEquals(Phase.Creating, written.getStatus().getPhase());
        assertTrue(written.getStatus().condition("Ready").isPresent());

        reconcileUntilSettled();
        DistDBCluster ready = current();
        assertEquals(Phase.Ready, ready.getStatus().getPhase());
        assertEquals(1L, ready.getStatus().getTopologyEpoch());
        assertEquals(3, ready.getStatus().getReadyReplicas());
        assertEquals(1L, nodes.status("db-2").topologyEpoch());
        assertTrue(client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> "ClusterReady".equals(e.getReason())
                        && "db".equals(e.getInvolvedObject().getName())));
    }

    /**
     * A settled cluster's owned objects (among them the client Service with its two ports and the NetworkPolicy
     * admitting both) are not written again by later passes.
     */
    @Test
    void laterPassesRewriteNothing() {
        create(3);
        reconcileUntilSettled();
        assertEquals(List.of("http", "postgres"), client.services().inNamespace(NS).withName("db").get().getSpec()
                .getPorts().stream().map(p -> p.getName()).toList());
        Map<String, String> versions = ownedResourceVersions();
        reconcile();
        reconcile();
        assertEquals(versions, ownedResourceVersions(), "an unchanged object is not written");
    }

    Map<String, String> ownedResourceVersions() {
        Map<String, String> versions = new java.util.TreeMap<>();
        List<HasMetadata> owned = List.of(
                client.apps().statefulSets().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db-peers").get(),
                client.configMaps().inNamespace(NS).withName("db-config").get(),
                client.secrets().inNamespace(NS).withName("db-admin-token").get(),
                client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("db").get(),
                client.network().v1().networkPolicies().inNamespace(NS).withName("db-admin").get());
        for (HasMetadata object : owned) {
            versions.put(object.getKind() + "/" + object.getMetadata().getName(), object.getMetadata().getResourceVersion());
        }
        return versions;
    }

    @Test
    void scalesUpAndDownThroughTheNodesAndReleasesTheVolumesOfRemovedNodes() {
        create(3);
        reconcileUntilSettled();

        DistDBCluster cluster = current();
        cluster.getSpec().setReplicas(5);
        client.resource(cluster).update();
        reconcileUntilSettled();
        DistDBCluster five = current();
        assertEquals(Phase.Ready, five.getStatus().getPhase());
        assertEquals(3L, five.getStatus().getTopologyEpoch(), "joining epoch, then the final one");
        assertEquals(5, five.getStatus().getTopology().getMembers().size());
        assertTrue(five.getStatus().getTopology().getMembers().stream().allMatch(m -> m.getState() == MemberState.NORMAL));

        five.getSpec().setReplicas(3);
        client.resource(five).update();
        reconcileUntilSettled();
        DistDBCluster three = current();
        assertEquals(5L, three.getStatus().getTopologyEpoch());
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());
        assertNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-3").get());
        assertNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-4").get());
        assertNotNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-2").get());
        assertTrue(eventReasons.containsAll(List.of("ScalingStarted", "TopologyPublished", "NodeDrained",
                "VolumesReleased", "ScalingCompleted")));
    }

    @Test
    void aPausedClusterIsLeftAlone() {
        create(3);
        reconcileUntilSettled();
        DistDBCluster cluster = current();
        cluster.getMetadata().setAnnotations(Map.of(DistDBCluster.PAUSE_ANNOTATION, "true"));
        cluster.getSpec().setReplicas(4);
        client.resource(cluster).update();
        reconcile();
        assertEquals(Phase.Paused, current().getStatus().getPhase());
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());
    }

    @Test
    void anInvalidSpecIsReportedAndNothingIsCreated() {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace(NS).build());
        cluster.setSpec(new DistDBClusterSpec()); // no image
        client.resource(cluster).create();
        reconcile();
        assertEquals(Phase.Invalid, current().getStatus().getPhase());
        assertTrue(current().getStatus().getLastError().contains("spec.image"));
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("db").get());
        assertTrue(IntStream.range(0, 1).allMatch(i -> eventReasons.contains("InvalidSpec")));
    }

    @Test
    void aNewImageIsWrittenWithThePartitionAtTheReplicaCountSoTheOperatorReleasesEachPod() {
        create(3);
        reconcileUntilSettled();
        StatefulSet before = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        assertEquals(0, before.getSpec().getUpdateStrategy().getRollingUpdate().getPartition());

        DistDBCluster cluster = current();
        cluster.getSpec().setImage("distdb/node:next");
        client.resource(cluster).update();
        reconcile();

        StatefulSet after = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        // (The mock server's merge patch keeps the old container list; OperatorOnApiServerIT checks the image on a
        // real API server.)
        assertNotEquals(NodeStatefulSet.templateHash(before), NodeStatefulSet.templateHash(after));
        assertEquals(3, after.getSpec().getUpdateStrategy().getRollingUpdate().getPartition(),
                "the StatefulSet controller may replace no pod before the operator lowers the partition");
        assertTrue(eventReasons.contains("PodTemplateChanged"), eventReasons.toString());

        reconcile();
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec()
                .getUpdateStrategy().getRollingUpdate().getPartition(), "held until the controller reports the revision");
        assertEquals(Phase.Upgrading, current().getStatus().getPhase());
    }
}
