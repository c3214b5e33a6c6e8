package io.distdb.server.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * DistDB's JSON error, {@code {"error", "message"}}, written straight on a Vert.x exchange: for refusals made
 * below the REST layer (oversized requests, unknown routes, failures of plain Vert.x routes), on either port.
 */
public final class RoutingErrors {

    private RoutingErrors() {
    }

    public static void send(RoutingContext rc, int status, String error, String message) {
        if (rc.response().headWritten()) {
            // Part of an answer is on its way: the only honest thing left is to cut the connection.
            rc.request().connection().close();
            return;
        }
        if (bodyUnread(rc)) {
            // The client is still sending a body nobody will read: answer, then close rather than drain it.
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            rc.response().endHandler(done -> rc.request().connection().close());
        }
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", error).put("message", message).toBuffer());
    }

    /** Whether the request has a body that has not all arrived; a request without one keeps its connection. */
    private static boolean bodyUnread(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.isEnded()) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !length.trim().equals("0") : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }
}
