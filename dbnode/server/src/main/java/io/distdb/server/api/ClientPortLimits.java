package io.distdb.server.api;

import io.distdb.server.config.NodeConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the client port's size limits ({@link OversizedRequests}) in front of every route and its JSON answers
 * ({@link RouteFailures}) behind them. The body limit is {@code quarkus.http.limits.max-body-size}, checked here
 * first so that the answer is DistDB's error rather than Quarkus' empty 413.
 */
@Singleton
public class ClientPortLimits {

    private final NodeConfig config;
    private final MemorySize maxBody;

    public ClientPortLimits(NodeConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.config = config;
        this.maxBody = maxBody;
    }

    void register(@Observes Router router) {
        NodeConfig.Limits limits = config.limits();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(new OversizedRequests(limits.maxUrlBytes(), limits.maxHeaderBytes(), maxBody.asLongValue()));
        RouteFailures.install(router);
    }
}
