package io.distdb.server.errors;

/**
 * A write refused because it would take an engine past a limit it cannot exceed safely (the hash log's key
 * directory, which must fit in memory). Nothing of the write was applied. Error code {@code insufficient_storage}.
 */
public class CapacityExceededException extends DistDbException {

    public CapacityExceededException(String message) {
        super("insufficient_storage", message);
    }
}
