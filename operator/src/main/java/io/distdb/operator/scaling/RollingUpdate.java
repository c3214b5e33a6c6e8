package io.distdb.operator.scaling;

import io.distdb.admin.api.NodeState;
import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.model.ClusterNames;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Replaces the data node pods one at a time when their template changes (a new {@code spec.image}, resources,
 * settings), through the StatefulSet's RollingUpdate partition: the StatefulSet controller replaces only the pods
 * at or above the partition, and the operator lowers it by one pod at a time.
 *
 * <p>When the template changes, the partition is first set to the replica count (nothing is replaced; see
 * {@code NodeStatefulSet.partitionToWrite}). Then, on each pass:
 * <ol>
 * <li>every pod at or above the partition must run the new revision, be Ready, and be caught up: its node reports
 * NORMAL at the topology epoch in force;</li>
 * <li>the next pod is the highest ordinal below the partition still on an old revision; it is released (the
 * partition is lowered to its ordinal) only when every other pod is Ready and caught up, so at most one node is
 * ever down for the update (the released pod itself may be down already: a broken node is replaced too, which is
 * how rolling back a bad image proceeds);</li>
 * <li>when no pod is left on an old revision, the partition returns to 0.</li>
 * </ol>
 * Before the first topology is published no node holds data, and the partition is simply 0.
 * The update waits while a scale is in progress, and a Ready node that is not caught up (starting, joining,
 * leaving) is never taken down. Like
 * the scaling state machine it keeps nothing between calls: the partition and the pods' revisions are read from
 * the StatefulSet and its pods on every pass.
 */
public final class RollingUpdate {

    private final Clock clock;

    public RollingUpdate(Clock clock) {
        this.clock = clock;
    }

    /** The partition to apply, the status to record (the scaling decision's, edited), and the events. */
    public record Result(DistDBClusterStatus status, int partition, boolean inProgress, List<ClusterEvent> events) {

        public Result {
            events = List.copyOf(events);
        }
    }

    /** @param scaling this pass's decision of the scaling state machine; its status is the one edited */
    public Result decide(ClusterNames names, ObservedCluster observed, Decision scaling) {
        return new Pass(names, observed, scaling.status()).decide();
    }

    private final class Pass {

        private final ClusterNames names;
        private final ObservedCluster observed;
        private final DistDBClusterStatus status;
        private final StatefulSetRollout sts;
        private final int replicas;
        private final int partition;
        private final Conditions conditions = new Conditions(clock);
        private final List<ClusterEvent> events = new ArrayList<>();

        Pass(ClusterNames names, ObservedCluster observed, DistDBClusterStatus status) {
            this.names = names;
            this.observed = observed;
            this.status = Serialization.unmarshal(Serialization.asJson(status), DistDBClusterStatus.class);
            this.sts = observed.rollout();
            this.replicas = observed.statefulSetReplicas();
            this.partition = sts.partition();
        }

        Result decide() {
            if (replicas == 0) {
                return upToDate(partition);
            }
            if (!sts.controllerCaughtUp() || sts.updateRevision() == null) {
                // The StatefulSet controller has not yet made the revision of the latest template.
                return partition > 0
                        ? waiting("WaitStatefulSetController", "Waiting for the StatefulSet controller to see the new pod template")
                        : upToDate(partition);
            }
            List<Integer> outdated = IntStream.range(0, replicas).filter(this::outdated).boxed().toList();
            if (status.getTopologyEpoch() == null) {
                // No topology yet, so no node holds data: nothing to protect, and the pods of a new cluster on a
                // broken image must not wait for each other. The StatefulSet controller replaces them itself.
                return outdated.isEmpty() ? upToDate(0) : inProgress(0, "NoDataYet",
                        "No topology published yet: the StatefulSet replaces the pods itself", null);
            }
            // The Upgrading condition is the update's memory: once set, it ends only when every pod is replaced
            // and caught up, also after the partition is back at 0 for the last pod.
            if (partition == 0 && outdated.isEmpty() && !Conditions.isTrue(status, Condition.UPGRADING)) {
                return upToDate(0);
            }
            if (status.getScaling() != null) {
                return waiting("WaitScaling", "Waiting for the scale from " + status.getScaling().getFrom() + " to "
                        + status.getScaling().getTo() + " nodes to finish");
            }
            Optional<String> replacing = IntStream.range(partition, replicas).filter(i -> !updated(i) || !caughtUp(i))
                    .mapToObj(names::pod).findFirst();
            if (replacing.isPresent()) {
                return waiting("WaitNodeCaughtUp", "Waiting for " + replacing.get()
                        + " to run the new pod template, be Ready and report NORMAL at topology epoch " + epoch());
            }
            int below = Math.min(partition, replicas);
            List<Integer> toReplace = outdated.stream().filter(i -> i < below).toList();
            List<Integer> missing = IntStream.range(0, below).filter(i -> !observed.podExists(i)).boxed().toList();
            if (toReplace.isEmpty() && missing.isEmpty()) {
                events.add(ClusterEvent.normal("RollingUpdateCompleted", "All " + replicas
                        + " nodes run the new pod template"));
                return upToDate(0);
            }
            if (toReplace.isEmpty()) {
                return waiting("WaitPods", "Waiting for pods " + missing.stream().map(names::pod).toList());
            }
            int next = toReplace.get(toReplace.size() - 1);
            // The next pod itself may be down (not Ready) already, but not busy: a Ready node that is not caught up
            // is starting, joining or leaving, and is left to finish.
            List<String> others = IntStream.range(0, replicas)
                    .filter(i -> i == next ? observed.podReady(i) && !caughtUp(i) : !caughtUp(i))
                    .mapToObj(names::pod).toList();
            if (!others.isEmpty()) {
                return waiting("WaitOtherNodes", "Waiting for " + String.join(", ", others)
                        + " to be Ready and caught up before replacing " + names.pod(next));
            }
            return inProgress(next, "ReplacingNode", "Replacing " + names.pod(next) + "; " + toReplace.size()
                    + " of " + replicas + " nodes left on the old pod template",
                    ClusterEvent.normal("ReplacingNode", "Replacing " + names.pod(next) + " with the new pod template ("
                            + toReplace.size() + " of " + replicas + " nodes left)"));
        }

        private boolean outdated(int ordinal) {
            PodState pod = observed.pods().get(ordinal);
            return pod != null && pod.revision() != null && !pod.revision().equals(sts.updateRevision());
        }

        private boolean updated(int ordinal) {
            PodState pod = observed.pods().get(ordinal);
            return pod != null && Objects.equals(pod.revision(), sts.updateRevision());
        }

        /** Ready, and its node serves the topology in force: NORMAL at its epoch. */
        private boolean caughtUp(int ordinal) {
            if (!observed.podReady(ordinal)) {
                return false;
            }
            NodeReport report = observed.node(names.pod(ordinal));
            return report.reachable() && report.status().state() == NodeState.NORMAL
                    && report.epoch() == status.getTopologyEpoch();
        }

        private long epoch() {
            return status.getTopologyEpoch();
        }

        private Result upToDate(int newPartition) {
            conditions.set(status, Condition.UPGRADING, false, "UpToDate", "");
            return new Result(status, newPartition, false, events);
        }

        private Result waiting(String reason, String message) {
            return inProgress(partition, reason, message, null);
        }

        private Result inProgress(int newPartition, String reason, String message, ClusterEvent event) {
            if (conditions.set(status, Condition.UPGRADING, true, reason, message)) {
                events.add(ClusterEvent.normal("RollingUpdateStarted", "Replacing the nodes one at a time with the "
                        + "new pod template"));
            }
            if (event != null) {
                events.add(event);
            }
            if (status.getPhase() == Phase.Ready || status.getPhase() == Phase.Degraded) {
                status.setPhase(Phase.Upgrading);
            }
            return new Result(status, newPartition, true, events);
        }
    }
}
