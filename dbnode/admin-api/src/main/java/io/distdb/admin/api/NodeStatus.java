package io.distdb.admin.api;

/**
 * A node's report of itself ({@code GET /admin/v1/status}); {@code version} is the release the node runs (null from
 * nodes that predate it).
 */
public record NodeStatus(String nodeId, long topologyEpoch, NodeState state, long keys, long bytes,
                         RebalanceStatus rebalance, String version) {

    /** A report without a version. */
    public NodeStatus(String nodeId, long topologyEpoch, NodeState state, long keys, long bytes,
                      RebalanceStatus rebalance) {
        this(nodeId, topologyEpoch, state, keys, bytes, rebalance, null);
    }
}
