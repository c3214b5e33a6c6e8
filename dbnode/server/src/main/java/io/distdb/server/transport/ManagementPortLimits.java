package io.distdb.server.transport;

import io.distdb.server.api.OversizedRequests;
import io.distdb.server.api.RouteFailures;
import io.distdb.server.config.NodeConfig;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The admin port's URL and header limits ({@link OversizedRequests}) and its JSON answers to failed and unrouted
 * requests ({@link RouteFailures}). Bodies are limited by Quarkus' body handler of this port
 * ({@code quarkus.management.limits.max-body-size}), which refuses a declared length over it without reading
 * the body; its refusal reaches {@link RouteFailures}.
 */
@Singleton
public class ManagementPortLimits {

    /** After Quarkus' body handler of this port, before {@link ManagementAuthorizer} (-100). */
    private static final int ORDER = -1000;

    private final NodeConfig config;

    public ManagementPortLimits(NodeConfig config) {
        this.config = config;
    }

    void register(@Observes @Priority(5) ManagementInterface management) {
        Router router = management.router();
        NodeConfig.Limits limits = config.limits();
        router.route().order(ORDER).handler(new OversizedRequests(limits.maxUrlBytes(), limits.maxHeaderBytes(), 0));
        RouteFailures.install(router);
    }
}
