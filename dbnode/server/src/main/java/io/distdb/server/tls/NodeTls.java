package io.distdb.server.tls;

import io.distdb.server.config.NodeConfig;
import io.distdb.server.config.TlsSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.inject.Singleton;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.util.Optional;

/**
 * The node's TLS material in the forms its listeners and clients take it: Vert.x options for the node-to-node
 * HTTP client and the PostgreSQL listener, key and trust managers for the metadata group's gRPC. (Quarkus's
 * HTTP servers get theirs from {@link io.distdb.server.config.TlsConfigSourceFactory}.) Vert.x reads the PEM
 * files, so PKCS#8, PKCS#1 and EC keys all work.
 */
@Singleton
public class NodeTls {

    private final Optional<TlsSettings> settings;
    private final Vertx vertx;

    public NodeTls(NodeConfig config, Vertx vertx) {
        this.settings = TlsSettings.of(config.tls());
        this.vertx = vertx;
    }

    /** Whether TLS is on: every port speaks it, and nodes know each other by their certificates. */
    public boolean enabled() {
        return settings.isPresent();
    }

    public Optional<TlsSettings> settings() {
        return settings;
    }

    /** The node's certificate and key, as a server's identity or a client's certificate. */
    public PemKeyCertOptions keyCert() {
        TlsSettings tls = required();
        return new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString());
    }

    /** The cluster's CA bundle: the only issuers a peer's certificate may come from. */
    public PemTrustOptions trust() {
        return new PemTrustOptions().addCertPath(required().caFile().toString());
    }

    /** {@link #keyCert()} as a JSSE key manager. */
    public KeyManager keyManager() {
        try {
            return keyCert().getKeyManagerFactory(vertx).getKeyManagers()[0];
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the node's certificate or key: " + e.getMessage(), e);
        }
    }

    /** {@link #trust()} as a JSSE trust manager that also requires a client to be a DistDB node. */
    public TrustManager nodesOnlyTrustManager() {
        try {
            for (TrustManager manager : trust().getTrustManagerFactory(vertx).getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new NodesOnlyTrustManager(x509);
                }
            }
            throw new IllegalStateException("no X.509 trust manager for " + required().caFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the CA bundle: " + e.getMessage(), e);
        }
    }

    private TlsSettings required() {
        return settings.orElseThrow(() -> new IllegalStateException("TLS is off on this node"));
    }
}
