package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;

/**
 * Ingress to the data nodes: the client ports (HTTP and PostgreSQL) from anywhere; the admin port only from the operator's pods and
 * from the cluster's own nodes (the members' addresses are admin ports: nodes stream ranges to each other
 * there); the metadata group's Raft port only from the cluster's own nodes.
 */
public final class AdminNetworkPolicy {

    private AdminNetworkPolicy() {
    }

    public static NetworkPolicy build(DistDBCluster cluster, OperatorIdentity operator) {
        ClusterNames names = ClusterNames.of(cluster);
        NetworkPolicyPeer operatorPods = new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", operator.namespace())
                .endNamespaceSelector()
                .withNewPodSelector().withMatchLabels(operator.podLabels()).endPodSelector()
                .build();
        NetworkPolicyPeer peers = new NetworkPolicyPeerBuilder()
                .withNewPodSelector().withMatchLabels(names.selectorLabels()).endPodSelector()
                .build();
        return new NetworkPolicyBuilder()
                .withMetadata(Owners.metadata(cluster, names.networkPolicy()))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(names.selectorLabels()).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(ClusterNames.HTTP_PORT)).endPort()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(ClusterNames.POSTGRES_PORT)).endPort()
                .endIngress()
                .addNewIngress()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(ClusterNames.ADMIN_PORT)).endPort()
                .withFrom(operatorPods, peers)
                .endIngress()
                .addNewIngress()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(ClusterNames.METADATA_PORT)).endPort()
                .withFrom(peers)
                .endIngress()
                .endSpec()
                .build();
    }
}
