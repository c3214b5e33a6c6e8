package io.distdb.server.sql;

import io.distdb.server.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /sql} with {@code {"sql": "..."}}: one statement, answered with {@link SqlResult} or a 4xx error. */
@Path("/sql")
public class SqlResource {

    private final SqlEngine engine;

    public SqlResource(SqlEngine engine) {
        this.engine = engine;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SqlResult execute(SqlRequest request) {
        if (request == null || request.sql() == null || request.sql().isBlank()) {
            throw ApiException.badRequest("the body must be {\"sql\": \"<one statement>\"} with a non-empty statement");
        }
        return engine.execute(request.sql());
    }
}
