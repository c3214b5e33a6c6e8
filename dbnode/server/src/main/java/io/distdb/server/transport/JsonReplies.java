package io.distdb.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.AdminError;
import io.distdb.server.api.ErrorStatus;
import io.distdb.server.api.StatusErrors;
import io.distdb.server.errors.DistDbException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;

/** JSON answers of the routes on the admin port (admin API, node-to-node endpoints). */
public final class JsonReplies {

    private JsonReplies() {
    }

    public static void send(RoutingContext rc, ObjectMapper json, int status, Object body) {
        try {
            rc.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            rc.fail(e);
        }
    }

    /**
     * True if the request says its body is JSON; otherwise answers 415 {@code unsupported_media_type} and returns
     * false. An endpoint that takes JSON does not guess at a body of another or no type.
     */
    public static boolean bodyIsJson(RoutingContext rc, ObjectMapper json) {
        String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json")) {
            return true;
        }
        send(rc, json, 415, new AdminError(StatusErrors.UNSUPPORTED_MEDIA_TYPE,
                "the body must be JSON, sent with 'Content-Type: application/json'" + (type == null ? "" : ", not '" + type + "'")));
        return false;
    }

    /** A refusal of the domain: the status {@link ErrorStatus} gives its kind, and its error code. */
    public static void refuse(RoutingContext rc, ObjectMapper json, DistDbException e) {
        send(rc, json, ErrorStatus.of(e), new AdminError(e.error(), e.getMessage()));
    }
}
