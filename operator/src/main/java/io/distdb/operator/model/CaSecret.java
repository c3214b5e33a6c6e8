package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.tls.CertificateAuthority;
import io.distdb.operator.tls.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CA the operator generates for a cluster that names no issuer: {@code ca.crt} and {@code ca.key}. Created
 * once and never rewritten or mounted into a pod; deleting it makes the operator generate a new CA, which the
 * nodes then move to as they do for a changed issuer.
 */
public final class CaSecret {

    public static final String CERTIFICATE = "ca.crt";
    public static final String KEY = "ca.key";

    private CaSecret() {
    }

    public static Secret build(DistDBCluster cluster, CertificateAuthority ca) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(CERTIFICATE, Pem.write(ca.certificate()));
        text.put(KEY, Pem.write(ca.key()));
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).caSecret()))
                .withType("Opaque")
                .withImmutable(true)
                .withData(SecretData.encode(text))
                .build();
    }
}
