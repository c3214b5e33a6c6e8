package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.Map;

/**
 * The nodes' TLS material, mounted read-only into every node at {@link #MOUNT_DIR}: {@code ca.crt} (the trust
 * bundle) and {@code <pod>.crt} / {@code <pod>.key} for every ordinal the StatefulSet may run. A pod template
 * can only mount the same files into every pod, so each node finds its own by its pod name. The annotation
 * {@link #GENERATION_ANNOTATION} names the content running nodes must restart for; the pod template carries it.
 */
public final class NodeTlsSecret {

    public static final String MOUNT_DIR = "/etc/distdb/tls";
    public static final String TRUST_BUNDLE = "ca.crt";
    public static final String GENERATION_ANNOTATION = "distdb.io/tls-certificates";

    private NodeTlsSecret() {
    }

    /** @param files {@code ca.crt} and the per-pod {@code .crt}/{@code .key} files, as PEM text */
    public static Secret build(DistDBCluster cluster, Map<String, String> files, String generation) {
        Secret secret = new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).nodeTlsSecret()))
                .withType("Opaque")
                .withData(SecretData.encode(files))
                .build();
        secret.getMetadata().setAnnotations(Map.of(GENERATION_ANNOTATION, generation));
        return secret;
    }

    public static String certificateFile(String pod) {
        return pod + ".crt";
    }

    public static String keyFile(String pod) {
        return pod + ".key";
    }

    /** The generation a Secret was written with; null for none. */
    public static String generation(Secret secret) {
        return secret == null || secret.getMetadata().getAnnotations() == null ? null
                : secret.getMetadata().getAnnotations().get(GENERATION_ANNOTATION);
    }
}
