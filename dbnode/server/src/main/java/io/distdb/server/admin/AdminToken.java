package io.distdb.server.admin;

import io.distdb.server.config.NodeConfig;
import io.distdb.server.config.SecretToken;
import jakarta.inject.Singleton;

/**
 * The bearer token the admin API requires: the operator's credential, never a node's. Taken from
 * {@code DISTDB_ADMIN_TOKEN}, else from the file {@code DISTDB_ADMIN_TOKEN_FILE} (a mounted Secret); a node
 * given neither generates one into {@code <data dir>/admin-token} (owner-only).
 */
@Singleton
public class AdminToken {

    private final SecretToken token;

    public AdminToken(NodeConfig config) {
        this.token = SecretToken.resolve("admin token", config.admin().token(), config.admin().tokenFile(),
                config.dataDir().resolve("admin-token"));
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return token.matches(presented);
    }
}
