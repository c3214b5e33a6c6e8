package io.distdb.server.errors;

/** A key or value over the node's size limits. */
public class TooLargeException extends DistDbException {

    public static final String TOO_LARGE = "too_large";

    public TooLargeException(String message) {
        super(TOO_LARGE, message);
    }
}
