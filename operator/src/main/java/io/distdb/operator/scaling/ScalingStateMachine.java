package io.distdb.operator.scaling;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.RebalanceState;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;
import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.crd.NodeRebalanceProgress;
import io.distdb.operator.crd.RebalanceProgress;
import io.distdb.operator.crd.ScalingStatus;
import io.distdb.operator.crd.ScalingStep;
import io.distdb.operator.crd.TopologyStatus;
import io.distdb.operator.model.ClusterNames;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Decides the next step of a cluster from the spec, the recorded status and what is observed, and nothing else:
 * it keeps no memory between calls, so an operator that restarts picks up exactly where the status and the
 * nodes say it was.
 *
 * <p>The published topology is the source of truth for membership. Its members are always the ordinals
 * {@code 0..k-1}. A topology is <em>stable</em> when every member is NORMAL, and <em>in transition</em> when
 * members are JOINING (scale-up) or LEAVING (scale-down); one topology never holds both.
 *
 * <ul>
 * <li>Scale up: grow the StatefulSet, wait for the new pods, publish epoch+1 with them JOINING, rebalance,
 * publish epoch+2 with everyone NORMAL.</li>
 * <li>Scale down: publish epoch+1 with the highest ordinals LEAVING, rebalance, wait until each leaving node
 * reports DRAINED, shrink the StatefulSet, release their volumes, publish epoch+2 without them.</li>
 * <li>Reversal: when the spec's size changes during a transition, publish a new epoch in which members wanted
 * again return to NORMAL (a LEAVING node still holds all its data, because old owners only drop data after a
 * final topology), unwanted JOINING members are dropped (they own nothing yet), and unwanted NORMAL members
 * start LEAVING. Once any leaving node has reported DRAINED the scale-down is finished first.</li>
 * </ul>
 *
 * <p>Invariant: the StatefulSet never shrinks below a member that is NORMAL, JOINING, or LEAVING without having
 * reported DRAINED.
 */
public final class ScalingStateMachine {

    private final Clock clock;

    public ScalingStateMachine(Clock clock) {
        this.clock = clock;
    }

    public Decision decide(ScalingInput input) {
        return new Pass(input).decide();
    }

    /** One decision: a copy of the status being edited, and the events found along the way. */
    private final class Pass {

        private final ClusterNames names;
        private final DesiredCluster want;
        private final ObservedCluster observed;
        private final DistDBClusterStatus status;
        private final Conditions conditions = new Conditions(clock);
        private final List<ClusterEvent> events = new ArrayList<>();
        private Topology current;

        Pass(ScalingInput input) {
            this.names = input.names();
            this.want = input.desired();
            this.observed = input.observed();
            this.status = copy(input.status());
        }

        Decision decide() {
            status.setReadyReplicas(observed.readyPods());
            status.setSelector(names.selector());
            current = currentTopology();
            if (current == null) {
                return bootstrap();
            }
            int target = members(current, MemberState.NORMAL, MemberState.JOINING).size();
            boolean refused = want.replicas() < want.replicationFactor();
            if (conditions.set(status, Condition.SCALE_DOWN_REFUSED, refused,
                    refused ? "BelowReplicationFactor" : "Accepted",
                    refused ? "spec.replicas " + want.replicas() + " is below replicationFactor "
                            + want.replicationFactor() + "; keeping " + target + " nodes" : "")
                    && refused) {
                events.add(ClusterEvent.warning("ScaleDownRefused", "Refusing to scale to " + want.replicas()
                        + " nodes: fewer than the replication factor " + want.replicationFactor()));
            }
            int size = refused ? target : want.replicas();
            status.setTargetReplicas(size);
            updateHealth();
            if (inTransition(current)) {
                Topology reversed = reversal(size);
                if (reversed != null) {
                    scaling().setTo(size);
                    events.add(ClusterEvent.normal("ScalingReversed", "Replicas changed to " + size
                            + " during a scale; publishing epoch " + reversed.epoch() + " " + describe(reversed)));
                    return publishNew(reversed, ScalingStep.PublishReversal);
                }
                return continueTransition();
            }
            int k = current.members().size();
            // A scale that published its final topology first removes the nodes that left (pods, then volumes),
            // whatever the spec asks now: a new scale must not take a drained node's pod back with its old data.
            ScalingStep step = status.getScaling() == null ? null : status.getScaling().getStep();
            boolean removing = step == ScalingStep.PublishFinal || step == ScalingStep.ShrinkStatefulSet
                    || step == ScalingStep.ReleaseVolumes;
            Decision removal = size == k || removing ? removeFormerMembers(k) : null;
            if (removal != null) {
                return removal;
            }
            if (size == k) {
                return settle();
            }
            return size > k ? scaleUp(size) : scaleDown(size);
        }

        // ---- the topology in force ----

        /** The newer of the recorded topology and any node's: a node can only be ahead if status was lost. */
        private Topology currentTopology() {
            Topology recorded = status.getTopology() == null || status.getTopology().getEpoch() == null
                    ? null : status.getTopology().toTopology();
            Topology fromNodes = observed.newestNodeTopology().orElse(null);
            if (fromNodes != null && (recorded == null || fromNodes.epoch() > recorded.epoch())) {
                events.add(ClusterEvent.warning("TopologyAdopted", "Nodes hold topology epoch " + fromNodes.epoch()
                        + ", newer than recorded (" + (recorded == null ? "none" : recorded.epoch())
                        + "); continuing from it"));
                status.setTopology(TopologyStatus.of(fromNodes));
                recorded = fromNodes;
            }
            if (recorded != null) {
                status.setTopologyEpoch(recorded.epoch());
            }
            return recorded;
        }

        // ---- a new cluster ----

        private Decision bootstrap() {
            int size = want.replicas();
            status.setTargetReplicas(size);
            if (size < want.replicationFactor()) {
                status.setPhase(Phase.Invalid);
                conditions.set(status, Condition.READY, false, "InvalidSpec",
                        "replicas " + size + " is below replicationFactor " + want.replicationFactor());
                return decision(new Action.Wait("InvalidSpec", "replicas below replicationFactor"),
                        observed.statefulSetReplicas());
            }
            status.setPhase(Phase.Creating);
            conditions.set(status, Condition.READY, false, "Creating", "Starting " + size + " nodes");
            conditions.set(status, Condition.SCALING, false, "Creating", "");
            if (observed.statefulSetReplicas() != size) {
                events.add(ClusterEvent.normal("Creating", "Starting " + size + " data nodes"));
                return decision(new Action.ScaleStatefulSet(size), size);
            }
            List<String> notReady = notReadyOrUnreachable(IntStream.range(0, size).boxed().toList());
            if (!notReady.isEmpty()) {
                return decision(new Action.Wait("PodsNotReady", "Waiting for " + String.join(", ", notReady)), size);
            }
            List<Member> members = IntStream.range(0, size)
                    .mapToObj(i -> new Member(names.pod(i), names.memberAddress(i), MemberState.NORMAL)).toList();
            Topology first = new Topology(1, want.replicationFactor(), want.vnodes(), members);
            current = first;
            return publishNew(first, null);
        }

        // ---- stable topology ----

        /**
         * Removes what is left of nodes that are no longer members (the StatefulSet's pods beyond the {@code k}
         * members, then their volumes), or null when nothing is. Pods beyond {@code k} hold nothing the cluster
         * needs: a member leaves the topology only after it has drained, and a joining member dropped by a reversal
         * never owned anything.
         */
        private Decision removeFormerMembers(int k) {
            if (observed.statefulSetReplicas() > k) {
                step(ScalingStep.ShrinkStatefulSet);
                events.add(ClusterEvent.normal("StatefulSetScaled", "StatefulSet from "
                        + observed.statefulSetReplicas() + " to " + k + " replicas; the removed nodes are no longer"
                        + " members"));
                return decision(new Action.ScaleStatefulSet(k), k);
            }
            List<Integer> extraPods = observed.pods().keySet().stream().filter(o -> o >= k).toList();
            if (!extraPods.isEmpty()) {
                step(ScalingStep.ShrinkStatefulSet);
                return decision(new Action.Wait("PodsTerminating", "Waiting for pods " + extraPods + " to stop"),
                        observed.statefulSetReplicas());
            }
            return releaseVolumesFrom(k);
        }

        private Decision settle() {
            int k = current.members().size();
            if (observed.statefulSetReplicas() < k) {
                step(ScalingStep.GrowStatefulSet);
                events.add(ClusterEvent.normal("StatefulSetScaled", "StatefulSet from "
                        + observed.statefulSetReplicas() + " to " + k + " replicas"));
                return decision(new Action.ScaleStatefulSet(k), k);
            }
            Decision propagate = propagate(current.members());
            if (propagate != null) {
                return propagate;
            }
            boolean healthy = !Conditions.isTrue(status, Condition.DEGRADED) && observed.readyPods() == k;
            Phase before = status.getPhase();
            status.setPhase(healthy ? Phase.Ready : Phase.Degraded);
            conditions.set(status, Condition.READY, healthy, healthy ? "AllNodesReady" : "NodesNotReady",
                    observed.readyPods() + "/" + k + " nodes ready at topology epoch " + current.epoch());
            conditions.set(status, Condition.SCALING, false, "Idle", "");
            if (status.getScaling() != null) {
                events.add(ClusterEvent.normal("ScalingCompleted", "Cluster has " + k + " nodes at topology epoch "
                        + current.epoch()));
                status.setScaling(null);
            } else if (healthy && before == Phase.Creating) {
                events.add(ClusterEvent.normal("ClusterReady", k + " nodes ready at topology epoch "
                        + current.epoch()));
            }
            if (healthy) {
                status.setLastError(null);
            }
            return decision(new Action.Settled(), k);
        }

        private Decision scaleUp(int size) {
            int k = current.members().size();
            Decision propagate = propagate(current.members());
            if (propagate != null) {
                return propagate;
            }
            startScaling(k, size, Phase.ScalingUp);
            if (observed.statefulSetReplicas() != size) {
                step(ScalingStep.GrowStatefulSet);
                events.add(ClusterEvent.normal("StatefulSetScaled", "StatefulSet from "
                        + observed.statefulSetReplicas() + " to " + size + " replicas"));
                return decision(new Action.ScaleStatefulSet(size), size);
            }
            step(ScalingStep.WaitPodsReady);
            List<String> notReady = notReadyOrUnreachable(IntStream.range(k, size).boxed().toList());
            if (!notReady.isEmpty()) {
                return decision(new Action.Wait("PodsNotReady", "Waiting for new nodes "
                        + String.join(", ", notReady)), size);
            }
            List<Member> members = new ArrayList<>(current.members());
            for (int i = k; i < size; i++) {
                members.add(new Member(names.pod(i), names.memberAddress(i), MemberState.JOINING));
            }
            return publishNew(next(members), ScalingStep.PublishJoining);
        }

        private Decision scaleDown(int size) {
            int k = current.members().size();
            Decision propagate = propagate(current.members());
            if (propagate != null) {
                return propagate;
            }
            startScaling(k, size, Phase.ScalingDown);
            List<Member> members = current.members().stream()
                    .map(m -> ordinal(m) >= size ? m.withState(MemberState.LEAVING) : m).toList();
            return publishNew(next(members), ScalingStep.PublishLeaving);
        }

        // ---- topology in transition ----

        /** The topology a changed spec asks for mid-transition, or null to carry on with the current one. */
        private Topology reversal(int size) {
            List<Member> leaving = members(current, MemberState.LEAVING);
            boolean someDrained = !scaling().getDrained().isEmpty()
                    || leaving.stream().anyMatch(m -> observed.node(m.id()).isDrained());
            List<Member> members = new ArrayList<>();
            for (Member m : current.members()) {
                boolean wanted = ordinal(m) < size;
                switch (m.state()) {
                    case NORMAL -> members.add(wanted ? m : m.withState(MemberState.LEAVING));
                    case JOINING -> {
                        if (wanted) {
                            members.add(m);
                        }
                    }
                    case LEAVING -> members.add(wanted && !someDrained ? m.withState(MemberState.NORMAL) : m);
                }
            }
            return members.equals(current.members()) ? null : next(members);
        }

        private Decision continueTransition() {
            long epoch = current.epoch();
            List<Member> leaving = members(current, MemberState.LEAVING);
            ScalingStatus scaling = scaling();
            status.setPhase(leaving.isEmpty() ? Phase.ScalingUp : Phase.ScalingDown);

            Set<String> drained = new LinkedHashSet<>(scaling.getDrained());
            for (Member m : leaving) {
                if (observed.node(m.id()).isDrained() && drained.add(m.id())) {
                    events.add(ClusterEvent.normal("NodeDrained", m.id() + " has handed over its data"));
                }
            }
            scaling.setDrained(new ArrayList<>(drained));

            List<Member> participants = current.members().stream().filter(m -> !drained.contains(m.id())).toList();
            int required = participants.stream().mapToInt(this::ordinal).max().orElse(-1) + 1;
            if (observed.statefulSetReplicas() < required) {
                step(ScalingStep.GrowStatefulSet);
                events.add(ClusterEvent.warning("StatefulSetScaled", "StatefulSet has "
                        + observed.statefulSetReplicas() + " replicas but members up to ordinal " + (required - 1)
                        + " still hold data; restoring " + required));
                return decision(new Action.ScaleStatefulSet(required), required);
            }
            int replicas = observed.statefulSetReplicas();
            Decision propagate = propagate(participants);
            if (propagate != null) {
                return propagate;
            }

            RebalanceProgress progress = progress(participants, epoch);
            status.setRebalance(progress);
            List<String> toStart = participants.stream().map(Member::id).filter(id -> {
                RebalanceStatus r = observed.node(id).rebalanceOf(epoch);
                return r == null || r.state() == RebalanceState.IDLE || r.state() == RebalanceState.FAILED;
            }).toList();
            if (!toStart.isEmpty()) {
                step(ScalingStep.Rebalancing);
                return decision(new Action.StartRebalance(epoch, toStart), replicas);
            }
            if (progress.getState() != RebalanceState.COMPLETED) {
                step(ScalingStep.Rebalancing);
                return decision(new Action.Wait("Rebalancing", "Rebalancing epoch " + epoch + ": "
                        + progress.getRangesDone() + "/" + progress.getRangesTotal() + " ranges"), replicas);
            }

            if (!leaving.isEmpty()) {
                List<String> notDrained = leaving.stream().map(Member::id).filter(id -> !drained.contains(id)).toList();
                if (!notDrained.isEmpty()) {
                    step(ScalingStep.WaitDrained);
                    return decision(new Action.Wait("WaitDrained", "Waiting for " + String.join(", ", notDrained)
                            + " to report DRAINED"), replicas);
                }
                // Every leaving node has drained: the final topology goes out while they still run. Stopping them
                // first would leave their ranges' writes waiting on replicas that are gone until it does (503 at
                // QUORUM where two of a range's three replicas leave). settle() then shrinks the StatefulSet to
                // the members, waits for the pods to stop and releases their volumes.
            }
            List<Member> remaining = members(current, MemberState.NORMAL, MemberState.JOINING).stream()
                    .map(m -> m.withState(MemberState.NORMAL)).toList();
            scaling.setDrained(new ArrayList<>());
            return publishNew(next(remaining), ScalingStep.PublishFinal);
        }

        /**
         * The rebalance of {@code epoch}: its state from the participants (every one must complete), its totals
         * from every member's last report, so that what a drained member streamed is still counted once it has
         * dropped out of the participants and its pod has gone.
         */
        private RebalanceProgress progress(List<Member> participants, long epoch) {
            java.util.Map<String, NodeRebalanceProgress> parts = new java.util.TreeMap<>();
            RebalanceProgress before = status.getRebalance();
            if (before != null && before.getEpoch() != null && before.getEpoch() == epoch) {
                before.getNodes().forEach(n -> parts.put(n.getNode(), n));
            }
            boolean failed = false;
            boolean allCompleted = true;
            boolean anyStarted = false;
            for (Member m : current.members()) {
                RebalanceStatus r = observed.node(m.id()).rebalanceOf(epoch);
                boolean started = r != null && r.state() != RebalanceState.IDLE;
                if (started) {
                    parts.put(m.id(), new NodeRebalanceProgress(m.id(), r.state(), r.rangesDone(), r.rangesTotal(),
                            r.bytesMoved()));
                }
                if (participants.contains(m)) {
                    anyStarted |= started;
                    allCompleted &= started && r.state() == RebalanceState.COMPLETED;
                    failed |= started && r.state() == RebalanceState.FAILED;
                }
            }
            RebalanceState state = failed ? RebalanceState.FAILED : allCompleted ? RebalanceState.COMPLETED
                    : anyStarted ? RebalanceState.RUNNING : RebalanceState.IDLE;
            return new RebalanceProgress(epoch, state, List.copyOf(parts.values()));
        }

        // ---- shared steps ----

        /** Re-publishes the current topology to members whose node has not accepted it, or null if all have. */
        private Decision propagate(List<Member> members) {
            List<String> missing = members.stream().filter(m -> !observed.podExists(ordinal(m)))
                    .map(Member::id).toList();
            if (!missing.isEmpty()) {
                return decision(new Action.Wait("PodsMissing", "Waiting for pods " + String.join(", ", missing)),
                        observed.statefulSetReplicas());
            }
            List<String> lagging = members.stream().map(Member::id)
                    .filter(id -> observed.node(id).epoch() < current.epoch()).toList();
            if (lagging.isEmpty()) {
                return null;
            }
            if (status.getScaling() != null) {
                step(ScalingStep.PropagateTopology);
            }
            return decision(new Action.PublishTopology(current, lagging), observed.statefulSetReplicas());
        }

        /** Records {@code next} as the topology in force, then publishes it: status always leads the nodes. */
        private Decision publishNew(Topology next, ScalingStep step) {
            status.setTopology(TopologyStatus.of(next));
            status.setTopologyEpoch(next.epoch());
            if (step != null) {
                step(step);
            }
            events.add(ClusterEvent.normal("TopologyPublished", "Epoch " + next.epoch() + ": " + describe(next)));
            List<String> targets = next.members().stream().filter(m -> observed.podExists(ordinal(m)))
                    .map(Member::id).toList();
            return decision(new Action.PublishTopology(next, targets), observed.statefulSetReplicas());
        }

        private Decision releaseVolumesFrom(int firstOrdinal) {
            if (want.retainVolumes()) {
                return null;
            }
            List<Integer> claims = observed.volumeClaims().stream().filter(o -> o >= firstOrdinal).sorted().toList();
            if (claims.isEmpty()) {
                return null;
            }
            if (status.getScaling() != null) {
                step(ScalingStep.ReleaseVolumes);
            }
            events.add(ClusterEvent.normal("VolumesReleased", "Deleting volume claims of removed nodes "
                    + claims.stream().map(names::volumeClaim).toList()));
            return decision(new Action.DeleteVolumeClaims(claims), observed.statefulSetReplicas());
        }

        private void startScaling(int from, int to, Phase phase) {
            status.setPhase(phase);
            ScalingStatus scaling = status.getScaling();
            if (scaling == null || !Objects.equals(scaling.getTo(), to)) {
                status.setScaling(new ScalingStatus(from, to, ScalingStep.GrowStatefulSet));
                events.add(ClusterEvent.normal("ScalingStarted", "Scaling from " + from + " to " + to + " nodes"));
            }
        }

        /** The scale in progress; rebuilt from the topology when status lost it (an adopted topology). */
        private ScalingStatus scaling() {
            if (status.getScaling() == null) {
                int before = members(current, MemberState.NORMAL, MemberState.LEAVING).size();
                int after = members(current, MemberState.NORMAL, MemberState.JOINING).size();
                status.setScaling(new ScalingStatus(before, after, ScalingStep.PropagateTopology));
            }
            return status.getScaling();
        }

        private void step(ScalingStep step) {
            ScalingStatus scaling = status.getScaling();
            if (scaling == null) {
                return;
            }
            scaling.setStep(step);
            conditions.set(status, Condition.SCALING, true, step.name(), "Scaling from " + scaling.getFrom()
                    + " to " + scaling.getTo() + " nodes");
            conditions.set(status, Condition.READY, false, "Scaling", "Scaling to " + scaling.getTo() + " nodes");
            if (status.getPhase() != Phase.ScalingDown && status.getPhase() != Phase.ScalingUp) {
                status.setPhase(scaling.getTo() < scaling.getFrom() ? Phase.ScalingDown : Phase.ScalingUp);
            }
        }

        /** Degraded while a member that should be serving is not ready, unreachable, or its rebalance failed. */
        private void updateHealth() {
            Set<String> drained = status.getScaling() == null ? Set.of() : Set.copyOf(status.getScaling().getDrained());
            List<String> problems = new ArrayList<>();
            String firstError = null;
            for (Member m : current.members()) {
                if (drained.contains(m.id())) {
                    continue;
                }
                NodeReport report = observed.node(m.id());
                if (!observed.podReady(ordinal(m))) {
                    problems.add(m.id() + " not ready" + observed.podProblem(ordinal(m)).map(p -> ": " + p).orElse(""));
                } else if (!report.reachable()) {
                    problems.add(m.id() + " unreachable");
                    firstError = firstError == null ? report.error() : firstError;
                } else if (report.rebalanceOf(current.epoch()) != null
                        && report.rebalanceOf(current.epoch()).state() == RebalanceState.FAILED) {
                    String error = report.rebalanceOf(current.epoch()).error();
                    problems.add(m.id() + " rebalance failed: " + error);
                    firstError = firstError == null ? m.id() + ": " + error : firstError;
                }
            }
            boolean degraded = !problems.isEmpty();
            if (conditions.set(status, Condition.DEGRADED, degraded, degraded ? "NodesUnhealthy" : "AllNodesHealthy",
                    String.join("; ", problems)) && degraded) {
                events.add(ClusterEvent.warning("Degraded", String.join("; ", problems)));
            }
            if (firstError != null) {
                status.setLastError(firstError);
            }
        }

        // ---- helpers ----

        private List<String> notReadyOrUnreachable(List<Integer> ordinals) {
            return ordinals.stream()
                    .filter(o -> !observed.podReady(o) || !observed.node(names.pod(o)).reachable())
                    .map(names::pod).toList();
        }

        private Topology next(List<Member> members) {
            return new Topology(current.epoch() + 1, current.replicationFactor(), current.vnodes(), members);
        }

        private int ordinal(Member m) {
            return names.ordinalOf(m.id()).orElseThrow(() -> new IllegalStateException(
                    "member " + m.id() + " is not a pod of " + names.cluster()));
        }

        private Decision decision(Action action, int statefulSetReplicas) {
            return new Decision(status, action, statefulSetReplicas, events);
        }
    }

    static boolean inTransition(Topology topology) {
        return topology.members().stream().anyMatch(m -> m.state() != MemberState.NORMAL);
    }

    static List<Member> members(Topology topology, MemberState... states) {
        Set<MemberState> wanted = Set.of(states);
        return topology.members().stream().filter(m -> wanted.contains(m.state())).toList();
    }

    static String describe(Topology topology) {
        return topology.members().stream().map(m -> m.id() + (m.state() == MemberState.NORMAL ? "" : "(" + m.state() + ")"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static DistDBClusterStatus copy(DistDBClusterStatus status) {
        return Serialization.unmarshal(Serialization.asJson(status), DistDBClusterStatus.class);
    }
}
