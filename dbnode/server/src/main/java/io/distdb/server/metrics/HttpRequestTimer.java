package io.distdb.server.metrics;

import io.distdb.server.replication.Consistency;
import io.distdb.server.replication.RequestConsistency;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Times every client API request on the client port, from the first handler to the last byte of the response,
 * authentication failures included. A Vert.x route rather than a JAX-RS filter, so the resources and their error
 * mapping know nothing of it.
 */
@Singleton
public class HttpRequestTimer {

    private final RequestMetrics metrics;

    public HttpRequestTimer(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    void register(@Observes Router router) {
        // Ahead of every other route and of the resources' filters (the client-credential check among them), so
        // refused requests are counted too.
        router.route().order(-1000).handler(this::time);
    }

    private void time(RoutingContext rc) {
        Api api = Api.ofPath(rc.request().path());
        if (api != null) {
            long start = System.nanoTime();
            Consistency consistency = consistencyOf(rc);
            rc.addEndHandler(ended -> metrics.record(api, consistency, System.nanoTime() - start,
                    errorOf(rc.response().getStatusCode())));
        }
        rc.next();
    }

    /** The level the request names, null for none; an invalid one counts as none (the request fails with 400). */
    private static Consistency consistencyOf(RoutingContext rc) {
        String value = rc.request().getHeader(RequestConsistency.HEADER);
        if (value == null) {
            value = rc.request().getParam(RequestConsistency.QUERY_PARAMETER);
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Consistency.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    /** 404 is an answer (no such key), not a failure. */
    private static RequestMetrics.ErrorKind errorOf(int status) {
        if (status >= 500) {
            return RequestMetrics.ErrorKind.SERVER;
        }
        return status >= 400 && status != 404 ? RequestMetrics.ErrorKind.CLIENT : null;
    }
}
