package io.distdb.operator.nodes;

import io.distdb.operator.model.ClusterNames;

/**
 * Makes the {@link NodeAdmin} of a cluster, given the credentials the operator read from its Secrets: the admin
 * token and, with TLS, its client certificate.
 */
@FunctionalInterface
public interface NodeAdminFactory {

    NodeAdmin connect(ClusterNames names, NodeCredentials credentials);
}
