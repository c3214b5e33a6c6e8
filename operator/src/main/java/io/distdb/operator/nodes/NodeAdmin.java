package io.distdb.operator.nodes;

import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;

/**
 * The admin API of one cluster's data nodes, each addressed by its pod name (which is also its member id). Every
 * call is one request to one node and fails with {@link AdminException}. Tests replace this interface.
 */
public interface NodeAdmin {

    NodeStatus status(String pod);

    /** The topology the node accepted; fails with status 404 when it has none. */
    Topology topology(String pod);

    /** Publishes {@code topology}; the same epoch with the same content is accepted again. */
    Topology putTopology(String pod, Topology topology);

    /** Starts, resumes or confirms the rebalance of {@code epoch}. Idempotent. */
    RebalanceStatus startRebalance(String pod, long epoch);
}
