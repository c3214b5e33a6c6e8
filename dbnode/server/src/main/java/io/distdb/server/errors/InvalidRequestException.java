package io.distdb.server.errors;

/** The request itself is wrong (a malformed key, a missing field, an empty range): the client must change it. */
public class InvalidRequestException extends DistDbException {

    public static final String BAD_REQUEST = "bad_request";

    public InvalidRequestException(String message) {
        this(BAD_REQUEST, message);
    }

    /** A refusal with an error code more precise than {@value #BAD_REQUEST}. */
    public InvalidRequestException(String error, String message) {
        super(error, message);
    }
}
