package io.distdb.operator.scaling;

import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.Topology;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.nodes.FakeNodes;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A cluster in memory for driving the state machine: a StatefulSet whose pods start (not ready, then ready) and
 * stop one tick after its replica count changes, volume claims that outlive pods, and {@link FakeNodes}. The
 * only state carried from one decision to the next is the status, round-tripped through JSON as the API server
 * would keep it: every step is, in effect, a freshly restarted operator.
 *
 * <p>It records a violation whenever a pod or volume of a node that owned data goes away before that node
 * reported DRAINED: that would be data loss.
 */
final class SimulatedCluster {

    final ClusterNames names = new ClusterNames("db", "ns");
    final FakeNodes nodes = new FakeNodes(2);
    final ScalingStateMachine machine =
            new ScalingStateMachine(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    final TreeMap<Integer, Boolean> pods = new TreeMap<>();
    final TreeSet<Integer> claims = new TreeSet<>();
    final List<Decision> decisions = new ArrayList<>();
    final List<ClusterEvent> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    DistDBClusterStatus status = new DistDBClusterStatus();
    DesiredCluster desired;
    int statefulSetReplicas;
    long highestRecordedEpoch;

    SimulatedCluster(int replicas) {
        this(replicas, 3, false);
    }

    SimulatedCluster(int replicas, int replicationFactor, boolean retainVolumes) {
        desired = new DesiredCluster(replicas, replicationFactor, 16, retainVolumes);
    }

    void setReplicas(int replicas) {
        desired = new DesiredCluster(replicas, desired.replicationFactor(), desired.vnodes(), desired.retainVolumes());
    }

    ObservedCluster observe() {
        Map<Integer, PodState> podStates = new HashMap<>();
        Map<String, NodeReport> reports = new HashMap<>();
        Topology newest = null;
        for (Map.Entry<Integer, Boolean> pod : pods.entrySet()) {
            podStates.put(pod.getKey(), new PodState(pod.getValue()));
            String name = names.pod(pod.getKey());
            try {
                reports.put(name, NodeReport.of(nodes.status(name)));
                if (nodes.status(name).topologyEpoch() > epochOf(status)
                        && (newest == null || nodes.status(name).topologyEpoch() > newest.epoch())) {
                    newest = nodes.topology(name);
                }
            } catch (AdminException e) {
                reports.put(name, NodeReport.unreachable(e.getMessage()));
            }
        }
        return new ObservedCluster(statefulSetReplicas, podStates, claims, reports, Optional.ofNullable(newest));
    }

    /** What the next pass would decide, without doing it (the machine has no side effects). */
    Decision peek() {
        return machine.decide(new ScalingInput(names, desired, status, observe()));
    }

    /** One reconcile pass: decide, record status, act, then let the world move one tick. */
    Decision step() {
        return step(false);
    }

    /** @param crashBeforeAction the operator dies after recording status and before acting */
    Decision step(boolean crashBeforeAction) {
        Decision decision = machine.decide(new ScalingInput(names, desired, status, observe()));
        decisions.add(decision);
        events.addAll(decision.events());
        long epoch = epochOf(decision.status());
        if (epoch < highestRecordedEpoch) {
            violations.add("recorded epoch went back from " + highestRecordedEpoch + " to " + epoch);
        }
        highestRecordedEpoch = Math.max(highestRecordedEpoch, epoch);
        status = Serialization.unmarshal(Serialization.asJson(decision.status()), DistDBClusterStatus.class);
        if (!crashBeforeAction) {
            statefulSetReplicas = decision.statefulSetReplicas();
            act(decision.action());
        }
        tick();
        return decision;
    }

    /** Steps until the machine reports the cluster settled; fails if it takes more than {@code limit} steps. */
    int runUntilSettled(int limit) {
        for (int i = 1; i <= limit; i++) {
            if (step().action() instanceof Action.Settled) {
                return i;
            }
        }
        throw new AssertionError("not settled after " + limit + " steps; last decisions: "
                + decisions.subList(Math.max(0, decisions.size() - 5), decisions.size()).stream()
                .map(d -> d.action() + " " + (d.status().getScaling() == null ? "" : d.status().getScaling().getStep()))
                .toList() + "; violations " + violations);
    }

    private void act(Action action) {
        if (action instanceof Action.PublishTopology publish) {
            for (String pod : publish.pods()) {
                try {
                    nodes.putTopology(pod, publish.topology());
                } catch (AdminException ignored) {
                    // the next pass sees the node still lagging and publishes again
                }
            }
        } else if (action instanceof Action.StartRebalance start) {
            for (String pod : start.pods()) {
                try {
                    nodes.startRebalance(pod, start.epoch());
                } catch (AdminException ignored) {
                    // retried on the next pass
                }
            }
        } else if (action instanceof Action.DeleteVolumeClaims delete) {
            for (int ordinal : delete.ordinals()) {
                checkSafeToLose(ordinal, "volume deleted");
                claims.remove(ordinal);
                nodes.wipe(names.pod(ordinal));
            }
        }
    }

    private void tick() {
        for (int ordinal : new ArrayList<>(pods.tailMap(statefulSetReplicas, true).keySet())) {
            checkSafeToLose(ordinal, "pod removed");
            pods.remove(ordinal);
            nodes.stop(names.pod(ordinal));
        }
        for (int i = 0; i < statefulSetReplicas; i++) {
            if (!pods.containsKey(i)) {
                pods.put(i, false);
                claims.add(i);
                nodes.start(names.pod(i));
            } else {
                pods.put(i, true);
            }
        }
        nodes.tick();
    }

    private void checkSafeToLose(int ordinal, String what) {
        FakeNodes.Node node = nodes.node(names.pod(ordinal));
        if (node != null && node.everOwner()) {
            if (node.state() != NodeState.DRAINED) {
                violations.add(what + " for " + names.pod(ordinal) + " which owns data and has not drained");
            }
        }
    }

    private static long epochOf(DistDBClusterStatus status) {
        return status.getTopologyEpoch() == null ? 0 : status.getTopologyEpoch();
    }
}
