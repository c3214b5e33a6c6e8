package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The headless Service that gives every node a stable DNS name ({@code <pod>.<cluster>-peers.<ns>.svc}). It
 * publishes pods before they are ready: a joining node must be reachable by its peers to receive its data.
 */
public final class PeerService {

    private PeerService() {
    }

    public static Service build(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        return new ServiceBuilder()
                .withMetadata(Owners.metadata(cluster, names.peerService()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(names.selectorLabels())
                .addNewPort().withName("http").withProtocol("TCP").withPort(ClusterNames.HTTP_PORT).withNewTargetPort("http").endPort()
                .addNewPort().withName("admin").withProtocol("TCP").withPort(ClusterNames.ADMIN_PORT).withNewTargetPort("admin").endPort()
                .addNewPort().withName("metadata").withProtocol("TCP").withPort(ClusterNames.METADATA_PORT).withNewTargetPort("metadata").endPort()
                .endSpec()
                .build();
    }
}
