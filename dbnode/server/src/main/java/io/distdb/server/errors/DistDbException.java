package io.distdb.server.errors;

/**
 * A request the node refuses, as the domain says it: a stable machine-readable {@link #error() error code} (the
 * {@code error} of the JSON answer, see docs/api.md) and a message for people, but no status code. Each kind is a
 * subclass; the layer that speaks a protocol chooses the status for it ({@code api.ErrorStatus}).
 */
public abstract class DistDbException extends RuntimeException {

    private final String error;

    protected DistDbException(String error, String message) {
        this(error, message, null);
    }

    protected DistDbException(String error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The machine-readable error code, such as {@code bad_request} or {@code unavailable}. */
    public String error() {
        return error;
    }
}
