package io.distdb.server.config;

import jakarta.inject.Singleton;

/**
 * The node-to-node credential when TLS is off: every node of a cluster presents it as a bearer token on its
 * calls to the others, and accepts it on the endpoints nodes call. Taken from {@code DISTDB_PEER_TOKEN}, else
 * from the file {@code DISTDB_PEER_TOKEN_FILE}; a node given neither generates one into
 * {@code <data dir>/peer-token}, which is enough for a cluster of one. With TLS on, nodes are known by their
 * certificates instead and this token is neither sent nor accepted; it is resolved on first use, so such a node
 * never generates one.
 */
@Singleton
public class PeerToken {

    private final NodeConfig config;
    private SecretToken token;

    public PeerToken(NodeConfig config) {
        this.config = config;
    }

    public String value() {
        return token().value();
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return token().matches(presented);
    }

    private synchronized SecretToken token() {
        if (token == null) {
            token = SecretToken.resolve("peer token", config.peer().token(), config.peer().tokenFile(),
                    config.dataDir().resolve("peer-token"));
        }
        return token;
    }
}
