package io.distdb.admin.api;

/** A node's report of itself ({@code GET /admin/v1/status}). */
public record NodeStatus(String nodeId, long topologyEpoch, NodeState state, long keys, long bytes,
                         RebalanceStatus rebalance) {
}
