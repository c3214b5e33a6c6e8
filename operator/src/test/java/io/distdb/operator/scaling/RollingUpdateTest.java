package io.distdb.operator.scaling;

import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.model.ClusterNames;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rolling update of the node pods, one transition at a time, then a whole update driven against a simulated
 * StatefulSet controller whose replaced nodes take a while to catch up.
 */
class RollingUpdateTest {

    static final String OLD = "rev-1";
    static final String NEW = "rev-2";
    static final long EPOCH = 4;

    final ClusterNames names = new ClusterNames("db", "ns");
    final RollingUpdate rollingUpdate =
            new RollingUpdate(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    /** A three-node cluster at topology epoch 4, every pod Ready on {@code revisions}, every node caught up. */
    final class Cluster {
        int replicas = 3;
        boolean controllerCaughtUp = true;
        String updateRevision = NEW;
        int partition;
        final TreeMap<Integer, PodState> pods = new TreeMap<>();
        final Map<String, NodeReport> nodes = new HashMap<>();
        Phase phase = Phase.Ready;
        final List<Condition> conditions = new ArrayList<>();

        Cluster(int partition, String... revisions) {
            this.partition = partition;
            for (int i = 0; i < revisions.length; i++) {
                pods.put(i, new PodState(true, revisions[i]));
                node(i, NodeState.NORMAL, EPOCH);
            }
        }

        Cluster node(int ordinal, NodeState state, long epoch) {
            nodes.put(names.pod(ordinal), NodeReport.of(new NodeStatus(names.pod(ordinal), epoch, state, 0, 0,
                    RebalanceStatus.idle(epoch))));
            return this;
        }

        Cluster pod(int ordinal, boolean ready, String revision) {
            pods.put(ordinal, new PodState(ready, revision));
            return this;
        }

        Cluster missing(int ordinal) {
            pods.remove(ordinal);
            nodes.remove(names.pod(ordinal));
            return this;
        }

        Long topologyEpoch = EPOCH;

        RollingUpdate.Result decide() {
            DistDBClusterStatus status = new DistDBClusterStatus();
            status.setPhase(phase);
            status.setTopologyEpoch(topologyEpoch);
            status.setConditions(conditions);
            ObservedCluster observed = new ObservedCluster(replicas, pods, Set.of(), nodes, Optional.empty(),
                    new StatefulSetRollout(controllerCaughtUp, updateRevision, partition));
            RollingUpdate.Result result = rollingUpdate.decide(names, observed,
                    new Decision(status, new Action.Settled(), replicas, List.of()));
            conditions.clear();
            conditions.addAll(result.status().getConditions());
            return result;
        }
    }

    static List<String> reasons(RollingUpdate.Result result) {
        return result.events().stream().map(ClusterEvent::reason).toList();
    }

    static String upgrading(RollingUpdate.Result result) {
        Condition c = result.status().condition(Condition.UPGRADING).orElseThrow();
        return c.getStatus() + "/" + c.getReason();
    }

    @Test
    void aClusterOnItsCurrentTemplateIsLeftAlone() {
        RollingUpdate.Result result = new Cluster(0, NEW, NEW, NEW).decide();
        assertEquals(0, result.partition());
        assertFalse(result.inProgress());
        assertEquals(Phase.Ready, result.status().getPhase());
        assertEquals("False/UpToDate", upgrading(result));
        assertEquals(List.of(), result.events());
    }

    @Test
    void withoutAStatefulSetThereIsNothingToUpdate() {
        Cluster cluster = new Cluster(0);
        cluster.replicas = 0;
        cluster.controllerCaughtUp = false;
        cluster.updateRevision = null;
        RollingUpdate.Result result = cluster.decide();
        assertEquals(0, result.partition());
        assertFalse(result.inProgress());
    }

    @Test
    void theNewTemplateWaitsUntilTheStatefulSetControllerHasMadeItsRevision() {
        Cluster cluster = new Cluster(3, OLD, OLD, OLD);
        cluster.controllerCaughtUp = false;
        RollingUpdate.Result result = cluster.decide();
        assertEquals(3, result.partition(), "the partition set with the template stays");
        assertTrue(result.inProgress());
        assertEquals("True/WaitStatefulSetController", upgrading(result));
        assertEquals(Phase.Upgrading, result.status().getPhase());
        assertEquals(List.of("RollingUpdateStarted"), reasons(result));
    }

    @Test
    void theHighestOrdinalIsReplacedFirstWhenEveryNodeIsCaughtUp() {
        RollingUpdate.Result result = new Cluster(3, OLD, OLD, OLD).decide();
        assertEquals(2, result.partition(), "only db-2 may be replaced");
        assertTrue(result.inProgress());
        assertEquals("True/ReplacingNode", upgrading(result));
        assertEquals(List.of("RollingUpdateStarted", "ReplacingNode"), reasons(result));
        assertTrue(result.events().get(1).message().contains("db-2"));
    }

    @Test
    void aReplacedPodThatIsGoneOrNotReadyHoldsThePartition() {
        RollingUpdate.Result gone = new Cluster(2, OLD, OLD, NEW).missing(2).decide();
        assertEquals(2, gone.partition());
        assertEquals("True/WaitNodeCaughtUp", upgrading(gone));

        RollingUpdate.Result notReady = new Cluster(2, OLD, OLD, NEW).pod(2, false, NEW).decide();
        assertEquals(2, notReady.partition());
        assertTrue(notReady.inProgress());
    }

    @Test
    void aReplacedNodeMustBeCaughtUpBeforeTheNextOneGoes() {
        RollingUpdate.Result starting = new Cluster(2, OLD, OLD, NEW).node(2, NodeState.STARTING, EPOCH).decide();
        assertEquals(2, starting.partition(), "Ready but still starting");
        assertEquals("True/WaitNodeCaughtUp", upgrading(starting));

        RollingUpdate.Result behind = new Cluster(2, OLD, OLD, NEW).node(2, NodeState.NORMAL, EPOCH - 1).decide();
        assertEquals(2, behind.partition(), "NORMAL at an older epoch");

        Cluster unreachable = new Cluster(2, OLD, OLD, NEW);
        unreachable.nodes.put("db-2", NodeReport.unreachable("connection refused"));
        assertEquals(2, unreachable.decide().partition());

        RollingUpdate.Result caughtUp = new Cluster(2, OLD, OLD, NEW).decide();
        assertEquals(1, caughtUp.partition(), "NORMAL at the epoch in force: the next node");
        assertEquals(List.of("RollingUpdateStarted", "ReplacingNode"), reasons(caughtUp));
    }

    @Test
    void aPodStillOnTheOldTemplateAboveThePartitionIsWaitedFor() {
        RollingUpdate.Result result = new Cluster(2, OLD, OLD, OLD).decide();
        assertEquals(2, result.partition(), "the StatefulSet controller has yet to replace db-2");
        assertEquals("True/WaitNodeCaughtUp", upgrading(result));
    }

    @Test
    void noSecondNodeGoesDownWhileAnotherIsUnhealthy() {
        RollingUpdate.Result notReady = new Cluster(2, OLD, OLD, NEW).pod(0, false, OLD).decide();
        assertEquals(2, notReady.partition());
        assertEquals("True/WaitOtherNodes", upgrading(notReady));
        assertTrue(notReady.status().condition(Condition.UPGRADING).orElseThrow().getMessage().contains("db-0"));

        RollingUpdate.Result leaving = new Cluster(3, OLD, OLD, OLD).node(0, NodeState.LEAVING, EPOCH).decide();
        assertEquals(3, leaving.partition(), "a scale in progress (a LEAVING node) holds the update");
    }

    @Test
    void aBrokenNodeOnTheOldTemplateIsReplacedItIsDownAlready() {
        // Rolling back: db-2 runs the bad image, crash-looping; the spec's image is the old one again.
        Cluster rollback = new Cluster(3, NEW, NEW, OLD).pod(2, false, OLD);
        RollingUpdate.Result result = rollback.decide();
        assertEquals(2, result.partition());
    }

    @Test
    void theUpdateEndsWhenTheLastPodIsReplacedAndCaughtUp() {
        Cluster cluster = new Cluster(1, OLD, NEW, NEW);
        cluster.phase = Phase.Degraded;
        RollingUpdate.Result last = cluster.decide();
        assertEquals(0, last.partition(), "db-0, the last one, is released");
        assertEquals(Phase.Upgrading, last.status().getPhase());

        cluster.partition = 0;
        cluster.missing(0);
        RollingUpdate.Result replacing = cluster.decide();
        assertTrue(replacing.inProgress(), "db-0 is being replaced");
        assertEquals("True/WaitNodeCaughtUp", upgrading(replacing));

        cluster.pod(0, true, NEW).node(0, NodeState.STARTING, 0);
        assertTrue(cluster.decide().inProgress(), "db-0 is not caught up yet");

        cluster.node(0, NodeState.NORMAL, EPOCH);
        cluster.phase = Phase.Ready;
        RollingUpdate.Result done = cluster.decide();
        assertEquals(0, done.partition());
        assertFalse(done.inProgress());
        assertEquals(Phase.Ready, done.status().getPhase());
        assertEquals("False/UpToDate", upgrading(done));
        assertEquals(List.of("RollingUpdateCompleted"), reasons(done));

        RollingUpdate.Result after = cluster.decide();
        assertEquals(List.of(), after.events(), "completed once");
        assertFalse(after.inProgress());
    }

    @Test
    void aPodRecreatedOutsideAnUpdateIsNoUpdate() {
        RollingUpdate.Result result = new Cluster(0, NEW, NEW, NEW).missing(1).decide();
        assertFalse(result.inProgress());
        assertEquals(Phase.Ready, result.status().getPhase());
    }

    @Test
    void beforeTheFirstTopologyNoNodeHoldsDataAndThePodsAreReplacedFreely() {
        // A new cluster on a broken image: no pod gets Ready, the first topology never comes; the image is fixed.
        Cluster cluster = new Cluster(3, OLD, OLD, OLD).pod(0, false, OLD).pod(1, false, OLD).pod(2, false, OLD);
        cluster.topologyEpoch = null;
        cluster.phase = Phase.Creating;
        RollingUpdate.Result result = cluster.decide();
        assertEquals(0, result.partition());
        assertEquals("True/NoDataYet", upgrading(result));
        assertEquals(Phase.Creating, result.status().getPhase());
    }

    @Test
    void aReadyNodeThatIsBusyIsNotTakenDown() {
        RollingUpdate.Result joining = new Cluster(3, OLD, OLD, OLD).node(2, NodeState.JOINING, EPOCH).decide();
        assertEquals(3, joining.partition(), "db-2 is receiving data");
        assertEquals("True/WaitOtherNodes", upgrading(joining));
    }

    @Test
    void theUpdateWaitsForAScaleToFinishAndLeavesItsPhase() {
        Cluster cluster = new Cluster(3, OLD, OLD, OLD);
        cluster.phase = Phase.ScalingUp;
        DistDBClusterStatus status = new DistDBClusterStatus();
        status.setPhase(Phase.ScalingUp);
        status.setTopologyEpoch(EPOCH);
        status.setScaling(new io.distdb.operator.crd.ScalingStatus(3, 4, io.distdb.operator.crd.ScalingStep.WaitPodsReady));
        ObservedCluster observed = new ObservedCluster(3, cluster.pods, Set.of(), cluster.nodes, Optional.empty(),
                new StatefulSetRollout(true, NEW, 3));
        RollingUpdate.Result result = rollingUpdate.decide(names, observed,
                new Decision(status, new Action.Wait("PodsNotReady", ""), 4, List.of()));
        assertEquals(3, result.partition());
        assertEquals("True/WaitScaling", upgrading(result));
        assertEquals(Phase.ScalingUp, result.status().getPhase());
    }

    /**
     * A whole update against the StatefulSet controller's rule (it deletes an outdated pod at or above the
     * partition, then makes it again on the update revision); a replaced pod is first not Ready, then Ready with
     * its node STARTING, then caught up. Every pass is a fresh decision from what is observed, as after a
     * restart. At no point are two nodes down, and the pods go from the highest ordinal to the lowest.
     */
    @Test
    void aWholeUpdateReplacesOnePodAtATimeFromTheHighestOrdinal() {
        Cluster cluster = new Cluster(5, OLD, OLD, OLD, OLD, OLD);
        cluster.replicas = 5;
        Map<Integer, Integer> restartAge = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int pass = 0; pass < 100; pass++) {
            RollingUpdate.Result result = cluster.decide();
            cluster.partition = result.partition();
            if (!result.inProgress() && cluster.pods.values().stream().allMatch(p -> NEW.equals(p.revision()))) {
                break;
            }
            // The StatefulSet controller: one outdated pod at or above the partition is replaced.
            for (int i = cluster.replicas - 1; i >= cluster.partition; i--) {
                if (cluster.pods.containsKey(i) && OLD.equals(cluster.pods.get(i).revision())) {
                    cluster.missing(i);
                    restartAge.put(i, 0);
                    order.add(i);
                    break;
                }
            }
            // The kubelet and the node: recreated, then Ready, then caught up, a step each.
            for (Map.Entry<Integer, Integer> e : restartAge.entrySet()) {
                int i = e.getKey();
                int age = e.getValue();
                if (age == 1) {
                    cluster.pod(i, false, NEW).node(i, NodeState.STARTING, 0);
                } else if (age == 2) {
                    cluster.pod(i, true, NEW);
                } else if (age == 3) {
                    cluster.node(i, NodeState.NORMAL, EPOCH);
                }
                e.setValue(age + 1);
            }
            long down = cluster.pods.keySet().stream().count() < 5 ? 5 - cluster.pods.size() : 0;
            down += cluster.pods.entrySet().stream().filter(p -> !p.getValue().ready()
                    || cluster.nodes.get(names.pod(p.getKey())).status().state() != NodeState.NORMAL).count();
            assertTrue(down <= 1, "at most one node down or catching up at pass " + pass + ": " + cluster.pods);
        }
        assertEquals(List.of(4, 3, 2, 1, 0), order);
        assertEquals(0, cluster.partition);
        assertTrue(cluster.pods.values().stream().allMatch(p -> p.ready() && NEW.equals(p.revision())));
    }
}
