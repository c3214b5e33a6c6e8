package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's client identity towards one cluster's admin ports ({@code tls.crt}, {@code tls.key}) and the
 * CAs it trusts there ({@code ca.crt}). Kept in a Secret so that a restarted or newly elected operator presents
 * the same certificate instead of issuing one per start. Never mounted into a pod.
 */
public final class OperatorTlsSecret {

    public static final String CERTIFICATE = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String TRUST_BUNDLE = "ca.crt";

    private OperatorTlsSecret() {
    }

    public static Secret build(DistDBCluster cluster, String certificatePem, String keyPem, String trustBundlePem) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(CERTIFICATE, certificatePem);
        text.put(KEY, keyPem);
        text.put(TRUST_BUNDLE, trustBundlePem);
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).operatorTlsSecret()))
                .withType("kubernetes.io/tls")
                .withData(SecretData.encode(text))
                .build();
    }
}
