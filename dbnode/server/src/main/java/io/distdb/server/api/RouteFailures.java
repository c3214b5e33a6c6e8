package io.distdb.server.api;

import io.distdb.server.errors.DistDbException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import org.jboss.logging.Logger;

/**
 * The last word on a port's router, so that nothing it answers is Vert.x's or Quarkus' own empty or HTML page: a
 * failed route (a body over the limit, an exception no handler caught) and a request no route takes (404, 405) get
 * DistDB's JSON error. A route's own failure handler still comes first.
 */
public final class RouteFailures implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(RouteFailures.class);

    /** Installs the JSON answers for failures and unrouted requests on {@code router}. */
    public static void install(Router router) {
        RouteFailures failures = new RouteFailures();
        // After the routes registered with the default order, whose own failure handlers answer first.
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).failureHandler(failures);
        router.errorHandler(404, rc -> RoutingErrors.send(rc, 404, StatusErrors.code(404),
                "no endpoint " + rc.request().method().name() + " " + rc.request().path()));
        router.errorHandler(405, rc -> RoutingErrors.send(rc, 405, StatusErrors.code(405),
                rc.request().method().name() + " is not allowed on " + rc.request().path()));
    }

    @Override
    public void handle(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof DistDbException) {
            DistDbException refusal = (DistDbException) failure;
            RoutingErrors.send(rc, ErrorStatus.of(refusal), refusal.error(), refusal.getMessage());
            return;
        }
        int status = status(rc);
        String message;
        if (status >= 500) {
            LOG.errorf(failure, "%s %s failed", rc.request().method(), rc.request().path());
            message = "the node could not answer this request; its log has the cause";
        } else if (status == 413) {
            message = "the request body is over the limit of this port";
        } else {
            message = HttpResponseStatus.valueOf(status).reasonPhrase();
        }
        RoutingErrors.send(rc, status, StatusErrors.code(status), message);
    }

    private static int status(RoutingContext rc) {
        if (rc.failure() instanceof HttpException) {
            return ((HttpException) rc.failure()).getStatusCode();
        }
        return rc.statusCode() > 0 ? rc.statusCode() : 500;
    }
}
