package io.distdb.server.api;

import io.distdb.server.api.ApiError.Position;

/** A request the node refuses, with the HTTP status and the error body the client gets. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Position position;

    public ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    public ApiException(int status, String error, String message, Position position) {
        super(message);
        this.status = status;
        this.error = error;
        this.position = position;
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
        return new ApiError(error, getMessage(), position);
    }
}
