package io.distdb.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error response: a stable machine-readable {@code error} code and a message for
 * people. SQL errors add their SQLSTATE and, for syntax errors, where in the statement the problem is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, Position position, String sqlState) {

    public ApiError(String error, String message) {
        this(error, message, null, null);
    }

    public ApiError(String error, String message, Position position) {
        this(error, message, position, null);
    }

    /** 1-based line and column in the request text. */
    public record Position(int line, int column) {
    }
}
