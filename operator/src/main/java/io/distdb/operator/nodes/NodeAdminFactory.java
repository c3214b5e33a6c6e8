package io.distdb.operator.nodes;

import io.distdb.operator.model.ClusterNames;

/** Makes the {@link NodeAdmin} of a cluster, given the admin token the operator read from its Secret. */
@FunctionalInterface
public interface NodeAdminFactory {

    NodeAdmin connect(ClusterNames names, String adminToken);
}
