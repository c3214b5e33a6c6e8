package io.distdb.server.store;

/**
 * A write refused because it would take an engine past a limit it cannot exceed safely (the hash log's
 * key directory, which must fit in memory). Nothing of the write was applied.
 */
public class CapacityExceededException extends RuntimeException {

    public CapacityExceededException(String message) {
        super(message);
    }
}
