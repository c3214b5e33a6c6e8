package io.distdb.pgwire;

import io.vertx.core.net.KeyCertOptions;

/**
 * How the PostgreSQL listener runs.
 *
 * @param host            address to bind
 * @param port            port to bind, 0 for any free port
 * @param password        the password clients authenticate with (SCRAM-SHA-256), or null when the cluster has
 *                        no client credential: then no password is asked
 * @param tls             the server's certificate and key; when set, an SSLRequest is answered 'S' and the
 *                        connection upgraded, else 'N'
 * @param requireTls      whether a client must switch to TLS before it starts a session: one that sends its
 *                        startup message in plain text gets FATAL 28000 and is disconnected (needs {@code tls})
 * @param maxMessageBytes the largest message a client may send; larger ones close the connection
 * @param maxConnections  connections served at once; more are refused with 53300
 * @param serverVersion   the PostgreSQL version reported to clients, which they use to pick features
 */
public record PgWireOptions(String host, int port, String password, KeyCertOptions tls, boolean requireTls,
                            int maxMessageBytes, int maxConnections, String serverVersion) {

    public static final String SERVER_VERSION = "16.0";

    public PgWireOptions {
        if (requireTls && tls == null) {
            throw new IllegalArgumentException("requiring TLS needs a certificate to offer");
        }
    }

    public static PgWireOptions defaults(String host, int port) {
        return new PgWireOptions(host, port, null, null, false, 64 * 1024 * 1024, 500, SERVER_VERSION);
    }

    public PgWireOptions withPassword(String value) {
        return new PgWireOptions(host, port, value, tls, requireTls, maxMessageBytes, maxConnections, serverVersion);
    }

    public PgWireOptions withTls(KeyCertOptions value) {
        return new PgWireOptions(host, port, password, value, requireTls, maxMessageBytes, maxConnections, serverVersion);
    }

    /** TLS offered and required: plain-text sessions are refused. */
    public PgWireOptions withRequiredTls(KeyCertOptions value) {
        return new PgWireOptions(host, port, password, value, true, maxMessageBytes, maxConnections, serverVersion);
    }

    public PgWireOptions withMaxMessageBytes(int value) {
        return new PgWireOptions(host, port, password, tls, requireTls, value, maxConnections, serverVersion);
    }

    public PgWireOptions withMaxConnections(int value) {
        return new PgWireOptions(host, port, password, tls, requireTls, maxMessageBytes, value, serverVersion);
    }
}
