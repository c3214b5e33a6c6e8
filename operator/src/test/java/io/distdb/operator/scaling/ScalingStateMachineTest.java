package io.distdb.operator.scaling;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.Topology;
import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.crd.ScalingStep;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingStateMachineTest {

    static SimulatedCluster settled(int replicas) {
        SimulatedCluster cluster = new SimulatedCluster(replicas);
        cluster.runUntilSettled(20);
        assertConverged(cluster, replicas);
        cluster.decisions.clear();
        cluster.events.clear();
        return cluster;
    }

    /** The end state every scenario must reach: the spec's size, all NORMAL, every node on the final epoch. */
    static void assertConverged(SimulatedCluster cluster, int replicas) {
        DistDBClusterStatus status = cluster.status;
        assertEquals(List.of(), cluster.violations, "data safety");
        assertEquals(List.of(), cluster.nodes.conflicts(), "conflicting publishes of one epoch");
        assertEquals(Phase.Ready, status.getPhase());
        assertTrue(status.condition(Condition.READY).orElseThrow().isTrue());
        assertNull(status.getScaling());
        Topology topology = status.getTopology().toTopology();
        assertEquals(IntStream.range(0, replicas).mapToObj(cluster.names::pod).toList(),
                topology.members().stream().map(Member::id).toList());
        assertTrue(topology.members().stream().allMatch(m -> m.state() == MemberState.NORMAL));
        assertEquals(replicas, cluster.statefulSetReplicas);
        assertEquals(replicas, cluster.pods.size());
        for (Member m : topology.members()) {
            assertEquals(topology, cluster.nodes.node(m.id()).topology().orElseThrow(), m.id() + "'s topology");
        }
        if (!cluster.desired.retainVolumes()) {
            assertEquals(replicas, cluster.claims.size(), "claims " + cluster.claims);
        }
    }

    static List<ScalingStep> steps(SimulatedCluster cluster) {
        return cluster.decisions.stream().map(d -> d.status().getScaling())
                .filter(Objects::nonNull).map(s -> s.getStep()).distinct().toList();
    }

    static List<String> reasons(SimulatedCluster cluster) {
        return cluster.events.stream().map(ClusterEvent::reason).toList();
    }

    @Nested
    class Creation {

        @Test
        void startsTheNodesThenPublishesTheFirstTopologyWithEveryoneNormal() {
            SimulatedCluster cluster = new SimulatedCluster(3);

            Decision first = cluster.step();
            assertEquals(new Action.ScaleStatefulSet(3), first.action());
            assertEquals(Phase.Creating, first.status().getPhase());

            Decision waiting = cluster.step();
            assertInstanceOf(Action.Wait.class, waiting.action(), "pods are not ready yet");
            assertNull(waiting.status().getTopology());

            Decision publish = cluster.step();
            Action.PublishTopology action = assertInstanceOf(Action.PublishTopology.class, publish.action());
            assertEquals(1, action.topology().epoch());
            assertEquals("db-1.db-peers.ns.svc:9090", action.topology().members().get(1).address());
            assertEquals(1L, publish.status().getTopologyEpoch(), "recorded before any node sees it");

            cluster.runUntilSettled(5);
            assertConverged(cluster, 3);
            assertTrue(reasons(cluster).contains("ClusterReady"));
        }

        @Test
        void refusesToCreateFewerNodesThanTheReplicationFactor() {
            SimulatedCluster cluster = new SimulatedCluster(2);
            Decision decision = cluster.step();
            assertInstanceOf(Action.Wait.class, decision.action());
            assertEquals(Phase.Invalid, decision.status().getPhase());
            assertEquals(0, decision.statefulSetReplicas());
        }
    }

    @Nested
    class ScaleUp {

        @Test
        void growsWaitsPublishesJoiningRebalancesThenPublishesAllNormal() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(5);

            Decision grow = cluster.step();
            assertEquals(new Action.ScaleStatefulSet(5), grow.action());
            assertEquals(Phase.ScalingUp, grow.status().getPhase());
            assertEquals(3, grow.status().getScaling().getFrom());
            assertEquals(5, grow.status().getScaling().getTo());
            assertEquals(1L, grow.status().getTopologyEpoch(), "no topology change before the pods are ready");

            cluster.runUntilSettled(30);
            assertConverged(cluster, 5);
            assertEquals(List.of(ScalingStep.GrowStatefulSet, ScalingStep.WaitPodsReady, ScalingStep.PublishJoining,
                    ScalingStep.Rebalancing, ScalingStep.PublishFinal), steps(cluster));
            assertEquals(3L, cluster.status.getTopologyEpoch());

            Topology joining = cluster.decisions.stream().map(Decision::action)
                    .filter(a -> a instanceof Action.PublishTopology p && p.topology().epoch() == 2)
                    .map(a -> ((Action.PublishTopology) a).topology()).findFirst().orElseThrow();
            assertEquals(List.of(MemberState.NORMAL, MemberState.NORMAL, MemberState.NORMAL, MemberState.JOINING,
                    MemberState.JOINING), joining.members().stream().map(Member::state).toList());
            assertTrue(reasons(cluster).containsAll(List.of("ScalingStarted", "StatefulSetScaled", "TopologyPublished",
                    "ScalingCompleted")));
        }

        @Test
        void followsRebalanceProgressIntoStatus() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(4);
            Decision rebalancing = null;
            for (int i = 0; i < 20 && rebalancing == null; i++) {
                Decision d = cluster.step();
                if (d.action() instanceof Action.Wait w && w.reason().equals("Rebalancing")) {
                    rebalancing = d;
                }
            }
            assertTrue(rebalancing != null, "a pass waited on a running rebalance");
            assertEquals(2L, rebalancing.status().getRebalance().getEpoch());
            assertEquals(8, rebalancing.status().getRebalance().getRangesTotal(), "2 ranges on each of 4 nodes");
            assertTrue(rebalancing.status().getRebalance().getRangesDone() > 0);
            assertTrue(rebalancing.status().condition(Condition.SCALING).orElseThrow().isTrue());
            cluster.runUntilSettled(20);
            assertConverged(cluster, 4);
        }

        @Test
        void restartsAFailedRebalanceAndReportsDegradedMeanwhile() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(4);
            cluster.nodes.failNextRebalance("db-3");
            boolean sawDegraded = false;
            for (int i = 0; i < 30; i++) {
                Decision d = cluster.step();
                sawDegraded |= d.status().condition(Condition.DEGRADED).map(Condition::isTrue).orElse(false);
                if (d.action() instanceof Action.Settled) {
                    break;
                }
            }
            assertTrue(sawDegraded);
            assertTrue(reasons(cluster).contains("Degraded"));
            assertConverged(cluster, 4);
            assertFalse(cluster.status.condition(Condition.DEGRADED).orElseThrow().isTrue());
        }

        @Test
        void waitsWhileANodeIsUnreachableAndCarriesOnWhenItIsBack() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(4);
            while (!(cluster.step().action() instanceof Action.StartRebalance)) {
                assertTrue(cluster.decisions.size() < 20);
            }
            cluster.nodes.setReachable("db-1", false);
            for (int i = 0; i < 10; i++) {
                Decision d = cluster.step();
                assertFalse(d.action() instanceof Action.PublishTopology p && p.topology().epoch() == 3,
                        "never finishes while a member cannot confirm its rebalance");
            }
            assertTrue(cluster.status.condition(Condition.DEGRADED).orElseThrow().isTrue());
            assertTrue(cluster.status.getLastError().contains("connection refused"));
            cluster.nodes.setReachable("db-1", true);
            cluster.runUntilSettled(20);
            assertConverged(cluster, 4);
        }
    }

    @Nested
    class ScaleDown {

        @Test
        void publishesLeavingRebalancesWaitsForDrainedPublishesWithoutThemThenShrinksAndReleasesVolumes() {
            SimulatedCluster cluster = settled(5);
            cluster.setReplicas(3);

            Decision leave = cluster.step();
            Action.PublishTopology publish = assertInstanceOf(Action.PublishTopology.class, leave.action());
            assertEquals(2, publish.topology().epoch());
            assertEquals(List.of(MemberState.NORMAL, MemberState.NORMAL, MemberState.NORMAL, MemberState.LEAVING,
                    MemberState.LEAVING), publish.topology().members().stream().map(Member::state).toList());
            assertEquals(5, leave.statefulSetReplicas());
            assertEquals(Phase.ScalingDown, leave.status().getPhase());

            cluster.runUntilSettled(40);
            assertConverged(cluster, 3);
            // The final topology goes out while the drained nodes still run (docs/api.md, "Adding and removing
            // nodes"): no write waits on a replica that has stopped.
            assertEquals(List.of(ScalingStep.PublishLeaving, ScalingStep.Rebalancing, ScalingStep.PublishFinal,
                    ScalingStep.ShrinkStatefulSet, ScalingStep.ReleaseVolumes), steps(cluster));
            assertEquals(List.of(0, 1, 2), List.copyOf(cluster.claims));
            assertTrue(reasons(cluster).containsAll(List.of("NodeDrained", "VolumesReleased", "ScalingCompleted")));
        }

        /** kubectl get ddb shows it: what the drained nodes streamed stays counted after they dropped out. */
        @Test
        void theRebalanceProgressOfAnEpochNeverGoesBackWhenTheLeavingNodesHaveDrained() {
            SimulatedCluster cluster = settled(5);
            cluster.setReplicas(3);
            io.distdb.operator.crd.RebalanceProgress last = null;
            for (int i = 0; i < 40; i++) {
                Decision d = cluster.step();
                var now = d.status().getRebalance();
                if (last != null && now != null && now.getEpoch().equals(last.getEpoch())) {
                    assertTrue(now.getRangesDone() >= last.getRangesDone() && now.getRangesTotal() >= last.getRangesTotal()
                            && now.getBytesMoved() >= last.getBytesMoved(), last.getSummary() + " then " + now.getSummary());
                }
                last = now == null ? last : now;
                if (d.action() instanceof Action.Settled) {
                    break;
                }
            }
            assertConverged(cluster, 3);
            assertEquals(2L, last.getEpoch());
            assertTrue(last.getRangesTotal() > 0 && last.getRangesDone().equals(last.getRangesTotal()), last.getSummary());
            assertTrue(last.getSummary().startsWith("done (" + last.getRangesTotal() + "/" + last.getRangesTotal()),
                    last.getSummary());
        }

        @Test
        void neverShrinksWhileALeavingNodeHasNotDrained() {
            SimulatedCluster cluster = settled(5);
            cluster.setReplicas(3);
            Decision firstShrink = null;
            for (int i = 0; i < 40; i++) {
                Decision d = cluster.step();
                if (d.statefulSetReplicas() < 5 && firstShrink == null) {
                    firstShrink = d;
                }
                if (d.action() instanceof Action.Settled) {
                    break;
                }
            }
            assertEquals(new Action.ScaleStatefulSet(3), firstShrink.action());
            assertEquals(3L, firstShrink.status().getTopologyEpoch(), "the final topology comes before the shrink");
            assertEquals(3, firstShrink.status().getTopology().getMembers().size());
            // (That the removed pods had reported DRAINED is the simulator's safety check, in assertConverged.)
            assertConverged(cluster, 3);
        }

        @Test
        void keepsTheVolumesWhenAskedTo() {
            SimulatedCluster cluster = new SimulatedCluster(5, 3, true);
            cluster.runUntilSettled(20);
            cluster.setReplicas(3);
            cluster.runUntilSettled(40);
            assertConverged(cluster, 3);
            assertEquals(List.of(0, 1, 2, 3, 4), List.copyOf(cluster.claims));
            assertFalse(steps(cluster).contains(ScalingStep.ReleaseVolumes));
        }

        @Test
        void refusesToGoBelowTheReplicationFactorWithAConditionAndAnEvent() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(2);
            Decision decision = cluster.step();
            assertInstanceOf(Action.Settled.class, decision.action());
            assertEquals(3, decision.statefulSetReplicas());
            assertEquals(1L, decision.status().getTopologyEpoch());
            Condition refused = decision.status().condition(Condition.SCALE_DOWN_REFUSED).orElseThrow();
            assertTrue(refused.isTrue());
            assertEquals("BelowReplicationFactor", refused.getReason());
            assertEquals(List.of("ScaleDownRefused"), reasons(cluster));

            cluster.step();
            assertEquals(1, reasons(cluster).size(), "the event is emitted once, not on every pass");
            cluster.setReplicas(3);
            assertFalse(cluster.step().status().condition(Condition.SCALE_DOWN_REFUSED).orElseThrow().isTrue());
        }

        @Test
        void restoresPodsRemovedBehindItsBackBeforeTheyDrained() {
            SimulatedCluster cluster = settled(5);
            cluster.setReplicas(3);
            cluster.step(); // LEAVING published
            cluster.statefulSetReplicas = 3; // someone ran kubectl scale
            // the pods are gone, but their volumes (and so their data) remain
            cluster.pods.remove(3);
            cluster.pods.remove(4);
            cluster.nodes.stop("db-3");
            cluster.nodes.stop("db-4");
            Decision restore = cluster.step();
            assertEquals(new Action.ScaleStatefulSet(5), restore.action());
            cluster.runUntilSettled(40);
            assertConverged(cluster, 3);
        }
    }

    @Nested
    class Reversal {

        /** Scale from {@code from} to {@code to}, change to {@code then} after {@code after} steps. */
        void reverse(int from, int to, int after, int then) {
            SimulatedCluster cluster = settled(from);
            cluster.setReplicas(to);
            for (int i = 0; i < after; i++) {
                if (cluster.step().action() instanceof Action.Settled) {
                    break;
                }
            }
            cluster.setReplicas(then);
            cluster.runUntilSettled(60);
            assertConverged(cluster, then);
        }

        @ParameterizedTest(name = "3 -> 5 interrupted by 3 after {0} steps")
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        void scaleUpReversedToTheOriginalSize(int after) {
            reverse(3, 5, after, 3);
        }

        @ParameterizedTest(name = "5 -> 3 interrupted by 5 after {0} steps")
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})
        void scaleDownReversedToTheOriginalSize(int after) {
            reverse(5, 3, after, 5);
        }

        @ParameterizedTest(name = "3 -> 5 interrupted by 4 after {0} steps")
        @ValueSource(ints = {0, 2, 4, 6, 8, 10})
        void scaleUpCutShort(int after) {
            reverse(3, 5, after, 4);
        }

        @ParameterizedTest(name = "5 -> 3 interrupted by 4 after {0} steps")
        @ValueSource(ints = {0, 2, 4, 6, 8, 10, 12})
        void scaleDownCutShort(int after) {
            reverse(5, 3, after, 4);
        }

        @ParameterizedTest(name = "3 -> 4 interrupted by 6 after {0} steps")
        @ValueSource(ints = {0, 2, 4, 6, 8})
        void scaleUpExtended(int after) {
            reverse(3, 4, after, 6);
        }

        @Test
        void leavingMembersReturnToNormalInANewEpochWhileNoneHasDrained() {
            SimulatedCluster cluster = settled(5);
            cluster.setReplicas(3);
            cluster.step(); // epoch 2: db-3, db-4 LEAVING
            cluster.setReplicas(5);
            Decision reversal = cluster.step();
            Action.PublishTopology publish = assertInstanceOf(Action.PublishTopology.class, reversal.action());
            assertEquals(3, publish.topology().epoch());
            assertTrue(publish.topology().members().stream().allMatch(m -> m.state() == MemberState.NORMAL));
            assertTrue(reasons(cluster).contains("ScalingReversed"));
            cluster.runUntilSettled(10);
            assertConverged(cluster, 5);
            assertEquals(5, cluster.claims.size());
        }

        @Test
        void joiningMembersNoLongerWantedAreDroppedAndTheirPodsRemoved() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(5);
            while (cluster.status.getTopologyEpoch() < 2) {
                cluster.step();
                assertTrue(cluster.decisions.size() < 20);
            }
            cluster.setReplicas(3);
            Decision reversal = cluster.step();
            Action.PublishTopology publish = assertInstanceOf(Action.PublishTopology.class, reversal.action());
            assertEquals(3, publish.topology().epoch());
            assertEquals(List.of("db-0", "db-1", "db-2"), publish.topology().members().stream().map(Member::id).toList());
            cluster.runUntilSettled(10);
            assertConverged(cluster, 3);
        }
    }

    @Nested
    class Restart {

        /** The operator dies at step {@code crashAt}, after recording status but before acting. */
        void crashDuring(int from, int to, int crashAt) {
            SimulatedCluster cluster = settled(from);
            cluster.setReplicas(to);
            for (int i = 0; i < crashAt; i++) {
                cluster.step();
            }
            cluster.step(true);
            cluster.runUntilSettled(60);
            assertConverged(cluster, to);
        }

        @ParameterizedTest(name = "scale up, crash at step {0}")
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
        void scaleUpResumesAfterACrashAtAnyStep(int crashAt) {
            crashDuring(3, 5, crashAt);
        }

        @ParameterizedTest(name = "scale down, crash at step {0}")
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        void scaleDownResumesAfterACrashAtAnyStep(int crashAt) {
            crashDuring(5, 3, crashAt);
        }

        @Test
        void adoptsANewerTopologyTheNodesHoldWhenStatusWasLost() {
            SimulatedCluster cluster = settled(3);
            DistDBClusterStatus before = cluster.status;
            cluster.setReplicas(5);
            while (cluster.status.getTopologyEpoch() < 2) {
                cluster.step();
                assertTrue(cluster.decisions.size() < 20);
            }
            cluster.step();
            cluster.status = before; // status restored from an old backup: the nodes are at epoch 2
            Decision adopted = cluster.step();
            assertEquals(2L, adopted.status().getTopologyEpoch());
            assertTrue(reasons(cluster).contains("TopologyAdopted"));
            cluster.runUntilSettled(30);
            assertConverged(cluster, 5);
        }

        @Test
        void republishesTheRecordedTopologyToNodesThatMissedIt() {
            SimulatedCluster cluster = settled(3);
            cluster.setReplicas(4);
            while (cluster.peek().status().getTopologyEpoch() < 2) {
                cluster.step();
                assertTrue(cluster.decisions.size() < 20);
            }
            cluster.step(true); // recorded epoch 2, then died before publishing it
            assertEquals(1L, cluster.nodes.status("db-0").topologyEpoch());
            Decision resume = cluster.step();
            Action.PublishTopology publish = assertInstanceOf(Action.PublishTopology.class, resume.action());
            assertEquals(cluster.status.getTopology().toTopology(), publish.topology(), "the same content again");
            cluster.runUntilSettled(30);
            assertConverged(cluster, 4);
        }
    }

    @Test
    void randomSequencesOfResizesAndCrashesNeverLoseDataAndAlwaysConverge() {
        for (long seed = 1; seed <= 60; seed++) {
            java.util.Random random = new java.util.Random(seed);
            SimulatedCluster cluster = new SimulatedCluster(3 + random.nextInt(3));
            for (int change = 0; change < 4; change++) {
                int steps = random.nextInt(12);
                for (int i = 0; i < steps; i++) {
                    cluster.step(random.nextInt(6) == 0);
                }
                cluster.setReplicas(2 + random.nextInt(6)); // 2 is below the replication factor: refused
            }
            cluster.runUntilSettled(120);
            int expected = Math.max(cluster.desired.replicas(), 3) == cluster.desired.replicas()
                    ? cluster.desired.replicas() : cluster.status.getTopology().getMembers().size();
            assertConverged(cluster, expected);
            assertEquals(List.of(), cluster.violations, "seed " + seed);
        }
    }
}
