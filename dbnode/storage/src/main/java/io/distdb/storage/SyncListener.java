package io.distdb.storage;

/**
 * Told how long each fsync of a write-ahead log took. The engines stay free of any metrics library; a node
 * hands them one of these to feed its own latency histogram. Called on the writing thread, so it must be cheap.
 */
@FunctionalInterface
public interface SyncListener {

    /** Does nothing: the default until someone listens. */
    SyncListener NONE = nanos -> {
    };

    void synced(long nanos);
}
