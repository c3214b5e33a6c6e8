package io.distdb.operator.scaling;

import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceState;
import io.distdb.admin.api.RebalanceStatus;

/** What one node said about itself, or why it could not be asked. */
public record NodeReport(NodeStatus status, String error) {

    public static NodeReport of(NodeStatus status) {
        return new NodeReport(status, null);
    }

    public static NodeReport unreachable(String error) {
        return new NodeReport(null, error);
    }

    public boolean reachable() {
        return status != null;
    }

    public long epoch() {
        return status == null ? -1 : status.topologyEpoch();
    }

    public boolean isDrained() {
        return status != null && status.state() == NodeState.DRAINED;
    }

    /** The node's rebalance if it is of {@code epoch}, else null. */
    public RebalanceStatus rebalanceOf(long epoch) {
        if (status == null || status.rebalance() == null || status.rebalance().epoch() != epoch) {
            return null;
        }
        return status.rebalance();
    }

    public boolean rebalanceCompleted(long epoch) {
        RebalanceStatus r = rebalanceOf(epoch);
        return r != null && r.state() == RebalanceState.COMPLETED;
    }
}
