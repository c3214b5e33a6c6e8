package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The in-cluster endpoint of the client API (items, key-value, words, documents, SQL over HTTP) and of SQL over the
 * PostgreSQL wire protocol: any ready node.
 */
public final class ClientService {

    private ClientService() {
    }

    public static Service build(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        return new ServiceBuilder()
                .withMetadata(Owners.metadata(cluster, names.clientService()))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(names.selectorLabels())
                .addNewPort().withName("http").withProtocol("TCP").withPort(ClusterNames.HTTP_PORT).withNewTargetPort("http").endPort()
                .addNewPort().withName("postgres").withProtocol("TCP").withPort(ClusterNames.POSTGRES_PORT)
                .withNewTargetPort("postgres").endPort()
                .endSpec()
                .build();
    }
}
