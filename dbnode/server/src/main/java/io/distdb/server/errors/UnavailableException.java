package io.distdb.server.errors;

/**
 * Too few replicas answered in time for the request's consistency level, or the node cannot serve yet (no topology):
 * nothing is promised, the client may try again.
 */
public class UnavailableException extends DistDbException {

    public static final String UNAVAILABLE = "unavailable";

    public UnavailableException(String message) {
        super(UNAVAILABLE, message);
    }
}
