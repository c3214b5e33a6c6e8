package io.distdb.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.distdb.server.errors.DistDbException;
import io.distdb.sql.errors.SqlException;
import io.distdb.storage.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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

    /**
     * Valid JSON of the wrong shape for a typed body ({@code [1]} or {@code {"params": 5}} for a SQL request). Declared
     * for {@link MismatchedInputException} itself so that it wins over the JSON extension's mapper, which answers
     * with an empty 400.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return json(400, new ApiError(InvalidRequestBodies.BAD_REQUEST, InvalidRequestBodies.describe(e)));
    }

    @ServerExceptionMapper
    public Response unmappable(JsonMappingException e) {
        if (e instanceof MismatchedInputException) {
            return wrongShape((MismatchedInputException) e);
        }
        return json(400, new ApiError(InvalidRequestBodies.BAD_REQUEST, InvalidRequestBodies.describe(e)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ResourceInfo resource, UriInfo uri, HttpHeaders headers, Request request) {
        if (e.getCause() instanceof JsonProcessingException) {
            return e.getCause() instanceof JsonMappingException ? unmappable((JsonMappingException) e.getCause())
                    : malformedJson((JsonProcessingException) e.getCause());
        }
        if (ParameterFailures.isConversionFailure(e)) {
            return json(400, new ApiError(StatusErrors.BAD_REQUEST, ParameterFailures.describe(e, resource, uri, headers)));
        }
        int status = e.getResponse().getStatus();
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(StatusErrors.code(status), message(e, status, uri, headers, request)));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow); // a 405 that knows which methods the path takes says so
        }
        return answer.build();
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

    /** What the REST layer's own refusals say, in the client's terms rather than the framework's. */
    private static String message(WebApplicationException e, int status, UriInfo uri, HttpHeaders headers, Request request) {
        switch (status) {
            case 404:
                return "no endpoint at " + uri.getRequestUri().getRawPath();
            case 405:
                String allowed = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
                return request.getMethod() + " is not allowed on " + uri.getRequestUri().getRawPath()
                        + (allowed == null ? "" : "; it takes " + allowed);
            case 415:
                MediaType type = headers.getMediaType();
                return "the body must be JSON, sent with 'Content-Type: application/json'"
                        + (type == null ? "" : ", not '" + type + "'");
            default:
                return e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        }
    }

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
