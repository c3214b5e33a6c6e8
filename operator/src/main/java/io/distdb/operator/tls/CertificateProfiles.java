package io.distdb.operator.tls;

import io.distdb.operator.model.ClusterNames;

import java.time.Duration;
import java.util.List;

/**
 * The identities of a cluster's certificates, as the nodes check them: a node is {@code O=distdb-node,
 * CN=<pod>} and answers to every name it is reached by; the operator is {@code O=distdb-operator,
 * CN=distdb-operator}, a client only.
 */
public final class CertificateProfiles {

    public static final String NODE_ORGANIZATION = "distdb-node";
    public static final String OPERATOR_ORGANIZATION = "distdb-operator";
    public static final String OPERATOR_COMMON_NAME = "distdb-operator";
    static final String CLUSTER_DOMAIN = "cluster.local";

    private CertificateProfiles() {
    }

    /**
     * The node of {@code ordinal}: CN is its pod name (its {@code DISTDB_NODE_ID}); server and client (nodes call
     * each other); the names of its pod under the headless peer Service (the member address the operator and
     * other nodes dial is {@code <pod>.<peers>.<ns>.svc}), of the client Service, and localhost.
     */
    public static CertificateProfile node(ClusterNames names, int ordinal, Duration lifetime) {
        String pod = names.pod(ordinal);
        String ns = names.namespace();
        return new CertificateProfile("O=" + NODE_ORGANIZATION + ", CN=" + pod, true, true, List.of(
                pod + "." + names.peerService(),
                pod + "." + names.peerService() + "." + ns,
                pod + "." + names.peerService() + "." + ns + ".svc",
                pod + "." + names.peerService() + "." + ns + ".svc." + CLUSTER_DOMAIN,
                names.clientService(),
                names.clientService() + "." + ns,
                names.clientService() + "." + ns + ".svc",
                names.clientService() + "." + ns + ".svc." + CLUSTER_DOMAIN,
                "localhost"), List.of("127.0.0.1"), lifetime);
    }

    /** The operator's client identity towards the nodes' admin port. */
    public static CertificateProfile operator(Duration lifetime) {
        return new CertificateProfile("O=" + OPERATOR_ORGANIZATION + ", CN=" + OPERATOR_COMMON_NAME, false, true,
                List.of(), List.of(), lifetime);
    }
}
