package io.distdb.server.api;

import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.sql.SqlService;
import io.distdb.sql.runtime.StatementControl;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /sql} with {@code {"sql": "...", "params": [...]}}: a statement (or several, separated by
 * {@code ;}), its placeholders bound to the optional params, answered with {@link SqlResponse} or a 4xx error
 * with the SQLSTATE. A statement whose client goes away is cancelled.
 */
@Path("/sql")
public class SqlResource {

    private final SqlService sql;

    public SqlResource(SqlService sql) {
        this.sql = sql;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ContentTypeOptional // seed 000's client posts statements with Python's requests.post(url, data=...), which names no type
    public SqlResponse execute(SqlRequest request, @Context HttpServerRequest http) {
        if (request == null || request.sql() == null || request.sql().isBlank()) {
            throw new InvalidRequestException("the body must be {\"sql\": \"<statement>\", \"params\": [...]} with a non-empty statement"
                    + " (params optional)");
        }
        StatementControl control = new StatementControl();
        if (http != null) {
            http.response().closeHandler(closed -> control.cancel("the client closed its connection"));
        }
        return SqlResponse.of(sql.execute(request.sql(), request.params(), request.timeoutMillis(), control));
    }
}
