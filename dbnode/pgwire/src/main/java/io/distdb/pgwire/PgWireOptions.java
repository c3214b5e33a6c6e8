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
 * @param maxMessageBytes the largest message a client may send; larger ones close the connection
 * @param maxConnections  connections served at once; more are refused with 53300
 * @param serverVersion   the PostgreSQL version reported to clients, which they use to pick features
 */
public record PgWireOptions(String host, int port, String password, KeyCertOptions tls, int maxMessageBytes,
                            int maxConnections, String serverVersion) {

    public static final String SERVER_VERSION = "16.0";

    public static PgWireOptions defaults(String host, int port) {
        return new PgWireOptions(host, port, null, null, 64 * 1024 * 1024, 500, SERVER_VERSION);
    }

    public PgWireOptions withPassword(String value) {
        return new PgWireOptions(host, port, value, tls, maxMessageBytes, maxConnections, serverVersion);
    }

    public PgWireOptions withTls(KeyCertOptions value) {
        return new PgWireOptions(host, port, password, value, maxMessageBytes, maxConnections, serverVersion);
    }

    public PgWireOptions withMaxMessageBytes(int value) {
        return new PgWireOptions(host, port, password, tls, value, maxConnections, serverVersion);
    }

    public PgWireOptions withMaxConnections(int value) {
        return new PgWireOptions(host, port, password, tls, maxMessageBytes, value, serverVersion);
    }
}
