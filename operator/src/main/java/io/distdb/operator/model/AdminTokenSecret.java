package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The admin API bearer token. Generated once, when the user names no Secret of their own, and never rewritten:
 * running nodes hold it.
 */
public final class AdminTokenSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminTokenSecret() {
    }

    /** The Secret key the nodes and the operator read the token from: the user's, or the generated one. */
    public static SecretKeyRef reference(DistDBCluster cluster) {
        SecretKeyRef ref = cluster.getSpec().getAuth() == null ? null : cluster.getSpec().getAuth().getAdminTokenSecretRef();
        if (ref != null && ref.getName() != null) {
            return new SecretKeyRef(ref.getName(), ref.getKey() == null ? ClusterNames.ADMIN_TOKEN_KEY : ref.getKey());
        }
        return new SecretKeyRef(ClusterNames.of(cluster).generatedAdminTokenSecret(), ClusterNames.ADMIN_TOKEN_KEY);
    }

    public static boolean isGenerated(DistDBCluster cluster) {
        return reference(cluster).getName().equals(ClusterNames.of(cluster).generatedAdminTokenSecret());
    }

    public static Secret build(DistDBCluster cluster) {
        return build(cluster, newToken());
    }

    public static Secret build(DistDBCluster cluster, String token) {
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).generatedAdminTokenSecret()))
                .withType("Opaque")
                .withImmutable(true)
                .withStringData(Map.of(ClusterNames.ADMIN_TOKEN_KEY, token))
                .build();
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
