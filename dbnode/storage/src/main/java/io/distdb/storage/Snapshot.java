package io.distdb.storage;

/** A read-only view of a store frozen at the moment it was taken. */
public interface Snapshot extends ReadView, AutoCloseable {

    @Override
    void close();
}
