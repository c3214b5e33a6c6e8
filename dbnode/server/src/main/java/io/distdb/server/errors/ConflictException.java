package io.distdb.server.errors;

/**
 * The request is well formed but conflicts with the state the node has: an older topology epoch, a rebalance of an
 * epoch that is not the current one, other writers of the same key that kept winning. The error code says which.
 */
public class ConflictException extends DistDbException {

    public ConflictException(String error, String message) {
        super(error, message);
    }
}
