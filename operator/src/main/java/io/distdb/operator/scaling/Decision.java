package io.distdb.operator.scaling;

import io.distdb.operator.crd.DistDBClusterStatus;

import java.util.List;

/**
 * The state machine's answer: the status to record first, then the action to take, the StatefulSet size to
 * keep applying, and the events to emit. Recording status before acting is what makes a restart safe: a
 * topology is always in status before any node sees it.
 */
public record Decision(DistDBClusterStatus status, Action action, int statefulSetReplicas, List<ClusterEvent> events) {

    public Decision {
        events = List.copyOf(events);
    }

    public boolean inProgress() {
        return !(action instanceof Action.Settled);
    }
}
