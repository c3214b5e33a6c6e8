package io.distdb.server.sql;

import io.distdb.server.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /sql} with {@code {"sql": "...", "params": [...]}}: one statement, its {@code ?} placeholders bound
 * to the optional params, answered with {@link SqlResult} or a 4xx error.
 */
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
            throw ApiException.badRequest("the body must be {\"sql\": \"<one statement>\", \"params\": [...]} with a non-empty statement"
                    + " (params optional)");
        }
        return engine.execute(request.sql(), request.params());
    }
}
