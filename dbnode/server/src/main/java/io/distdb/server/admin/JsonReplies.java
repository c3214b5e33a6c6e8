package io.distdb.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;

/** JSON answers of the routes on the admin port (admin API, replica endpoints, forwarded SQL). */
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
}
