package io.distdb.operator.model;

import io.distdb.operator.crd.AuthSpec;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an application mounts to connect, {@code <name>-client}: {@code token} (the bearer token of the HTTP
 * client API and the password of the PostgreSQL port, any user name) when the operator generates it, and, with
 * TLS, {@code ca.crt} to verify the nodes. When the user names their own client token Secret, this one holds only
 * {@code ca.crt}. The token is generated once and kept; {@code ca.crt} follows the CA.
 */
public final class ClientSecret {

    public static final String TOKEN = "token";
    public static final String CA = "ca.crt";

    private ClientSecret() {
    }

    /**
     * The client token the nodes check: the user's Secret key, else the generated one unless client
     * authentication is off.
     */
    public static Optional<SecretKeyRef> tokenReference(DistDBCluster cluster) {
        AuthSpec auth = cluster.getSpec().getAuth();
        SecretKeyRef ref = auth == null ? null : auth.getClientTokenSecretRef();
        if (ref != null && ref.getName() != null && !ref.getName().isBlank()) {
            return Optional.of(new SecretKeyRef(ref.getName(), ref.getKey() == null ? ClusterNames.CLIENT_TOKEN_FILE : ref.getKey()));
        }
        if (auth != null && Boolean.FALSE.equals(auth.getClientAuthentication())) {
            return Optional.empty();
        }
        return Optional.of(new SecretKeyRef(ClusterNames.of(cluster).clientSecret(), TOKEN));
    }

    /** Whether the operator generates the client token (into this Secret). */
    public static boolean generatesToken(DistDBCluster cluster) {
        return tokenReference(cluster).map(r -> r.getName().equals(ClusterNames.of(cluster).clientSecret())).orElse(false);
    }

    /** Whether the Secret exists at all: it carries a generated token or the CA. */
    public static boolean wanted(DistDBCluster cluster) {
        return generatesToken(cluster) || cluster.getSpec().tlsEnabled();
    }

    /**
     * @param token the generated token, null when the user's is used
     * @param caPem the trust bundle, null without TLS
     */
    public static Secret build(DistDBCluster cluster, String token, String caPem) {
        Map<String, String> text = new LinkedHashMap<>();
        if (token != null) {
            text.put(TOKEN, token);
        }
        if (caPem != null) {
            text.put(CA, caPem);
        }
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).clientSecret()))
                .withType("Opaque")
                .withData(SecretData.encode(text))
                .build();
    }
}
