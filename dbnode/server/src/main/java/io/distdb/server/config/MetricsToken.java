package io.distdb.server.config;

import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The read-only bearer token that opens the node's Prometheus metrics and nothing else, for a scraper that should
 * not hold the admin token. Taken from {@code DISTDB_METRICS_TOKEN}, else from the file
 * {@code DISTDB_METRICS_TOKEN_FILE}; unlike the other tokens none is generated: without one, only the admin
 * token reads the metrics.
 */
@Singleton
public class MetricsToken {

    private final Optional<SecretToken> token;

    public MetricsToken(NodeConfig config) {
        this.token = SecretToken.configured("metrics token", config.metrics().token(), config.metrics().tokenFile());
    }

    /** Whether a metrics token is configured and {@code presented} is it, compared in constant time. */
    public boolean matches(String presented) {
        return token.isPresent() && token.get().matches(presented);
    }
}
