package io.distdb.server.errors;

/** What the request names does not exist. */
public class NotFoundException extends DistDbException {

    public static final String NOT_FOUND = "not_found";

    public NotFoundException(String message) {
        super(NOT_FOUND, message);
    }
}
