package io.distdb.server.health;

import io.distdb.server.config.NodeConfig;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.StoreStats;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the store has been opened and recovered, and while it still answers. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final NodeStorage storage;
    private final NodeConfig config;

    public StoreReadiness(NodeStorage storage, NodeConfig config) {
        this.storage = storage;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            StoreStats stats = storage.store().stats();
            return HealthCheckResponse.named("store").up()
                    .withData("node", config.nodeId())
                    .withData("engine", stats.engine())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("store").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
