package io.distdb.server.pgwire;

import io.distdb.pgwire.PgWireOptions;
import io.distdb.pgwire.PgWireServer;
import io.distdb.pgwire.StatementListener;
import io.distdb.server.config.ClientCredential;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.sql.SqlService;
import io.distdb.server.tls.NodeTls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's PostgreSQL wire protocol listener ({@code docs/postgres.md}): the same SQL engine as the HTTP
 * API, the cluster's client credential as the password, on the client API's host. With the node's TLS on it
 * accepts TLS sessions only.
 */
@Singleton
public class PostgresListener {

    private final NodeConfig config;
    private final SqlService sql;
    private final Vertx vertx;
    private final NodeTls tls;
    private final String host;
    private final StatementListener statements;
    private volatile PgWireServer server;

    public PostgresListener(NodeConfig config, SqlService sql, Vertx vertx, NodeTls tls,
                            @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host,
                            StatementListener statements) {
        this.statements = statements;
        this.config = config;
        this.sql = sql;
        this.vertx = vertx;
        this.tls = tls;
        this.host = host;
    }

    void start(@Observes @Priority(2000) StartupEvent event) {
        NodeConfig.Pg pg = config.pg();
        if (!pg.enabled()) {
            return;
        }
        PgWireOptions options = PgWireOptions.defaults(host, pg.port())
                .withPassword(ClientCredential.of(config.client()))
                .withMaxConnections(pg.maxConnections())
                .withMaxMessageBytes(pg.maxMessageBytes());
        if (pg.tlsCertFile().isPresent() != pg.tlsKeyFile().isPresent()) {
            throw new IllegalStateException("DISTDB_PG_TLS_CERT_FILE and DISTDB_PG_TLS_KEY_FILE are set together or not at all");
        }
        PemKeyCertOptions pgCertificate = pg.tlsCertFile().isEmpty() ? null : new PemKeyCertOptions()
                .setCertPath(pg.tlsCertFile().get().toString()).setKeyPath(pg.tlsKeyFile().get().toString());
        if (tls.enabled()) {
            // With TLS on every port, this one too: the node's certificate unless the port has its own.
            options = options.withRequiredTls(pgCertificate != null ? pgCertificate : tls.keyCert());
        } else if (pgCertificate != null) {
            options = options.withTls(pgCertificate);
        }
        PgWireServer s = new PgWireServer(vertx, sql::clientEngine, options);
        s.onStatement(statements);
        s.start();
        server = s;
    }

    void stop(@Observes ShutdownEvent event) {
        PgWireServer s = server;
        if (s != null) {
            s.close();
        }
    }

    /** The port bound (a free one when configured as 0), or -1 when the listener is off. */
    public int port() {
        PgWireServer s = server;
        return s == null ? -1 : s.port();
    }

    /** Connections open now. */
    public int connections() {
        PgWireServer s = server;
        return s == null ? 0 : s.connectionCount();
    }
}
