package io.distdb.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distdb.server.errors.DistDbException;
import io.distdb.sql.errors.SqlException;
import io.distdb.storage.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a JSON {@link ApiError}: 4xx for what the client can fix, 5xx otherwise. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** Every refusal of the domain: its error code, with the status {@link ErrorStatus} gives its kind. */
    @ServerExceptionMapper
    public Response refused(DistDbException e) {
        return json(ErrorStatus.of(e), ErrorStatus.body(e));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String detail = e.getOriginalMessage();
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return json(400, new ApiError("malformed_json", "request body is not valid JSON" + where + ": " + detail));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        String error = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> status < 500 ? "bad_request" : "internal_error";
        };
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        return json(status, new ApiError(error, message));
    }

    @ServerExceptionMapper
    public Response sql(SqlException e) {
        return json(SqlHttpErrors.status(e), SqlHttpErrors.body(e));
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        LOG.error("storage failure", e);
        return json(503, new ApiError("storage_unavailable", "the node's store failed: " + e.getMessage()));
    }

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
