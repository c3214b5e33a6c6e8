package io.distdb.operator.nodes;

import javax.net.ssl.SSLContext;
import java.util.Objects;
import java.util.Optional;

/**
 * How the operator authenticates to a cluster's admin ports: always the admin bearer token, and with TLS its
 * client certificate, with the cluster's CAs as the only ones trusted.
 *
 * @param tlsFingerprint identifies the certificate and trust in {@code sslContext}: the same value means the same
 *                       context, so a connection pool can be kept across reconcile passes
 */
public record NodeCredentials(String adminToken, SSLContext sslContext, String tlsFingerprint) {

    public NodeCredentials {
        Objects.requireNonNull(adminToken, "adminToken");
    }

    /** Plain HTTP: a cluster with TLS off. */
    public static NodeCredentials plain(String adminToken) {
        return new NodeCredentials(adminToken, null, null);
    }

    public static NodeCredentials mutualTls(String adminToken, SSLContext sslContext, String tlsFingerprint) {
        return new NodeCredentials(adminToken, Objects.requireNonNull(sslContext), Objects.requireNonNull(tlsFingerprint));
    }

    public Optional<SSLContext> tls() {
        return Optional.ofNullable(sslContext);
    }
}
