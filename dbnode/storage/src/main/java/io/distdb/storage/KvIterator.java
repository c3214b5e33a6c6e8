package io.distdb.storage;

import java.util.Iterator;

/** An ordered scan over a store. It holds resources (files, a version) until closed. */
public interface KvIterator extends Iterator<KeyValue>, AutoCloseable {

    @Override
    void close();
}
