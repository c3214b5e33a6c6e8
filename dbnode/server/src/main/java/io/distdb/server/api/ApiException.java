package io.distdb.server.api;

import io.distdb.server.api.ApiError.Position;

/** A request the node refuses, with the HTTP status and the error body the client gets. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Position position;
    private final String sqlState;

    public ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    public ApiException(int status, String error, String message, Position position) {
        this(status, error, message, position, null);
    }

    /** The error another node answered, passed on as it was. */
    public ApiException(int status, ApiError body) {
        this(status, body.error(), body.message(), body.position(), body.sqlState());
    }

    private ApiException(int status, String error, String message, Position position, String sqlState) {
        super(message);
        this.status = status;
        this.error = error;
        this.position = position;
        this.sqlState = sqlState;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "too_large", message);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, getMessage(), position, sqlState);
    }
}
