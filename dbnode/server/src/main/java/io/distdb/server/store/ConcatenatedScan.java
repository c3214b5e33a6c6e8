package io.distdb.server.store;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Scans one after another, up to {@code limit} entries in all. Each scan is opened only when the one
 * before it is used up, so a limit reached early opens none of the later engines.
 */
final class ConcatenatedScan implements KvIterator {

    private final Iterator<Supplier<KvIterator>> pending;
    private final int limit;
    private KvIterator current;
    private int returned;

    ConcatenatedScan(List<Supplier<KvIterator>> scans, int limit) {
        this.pending = scans.iterator();
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        if (returned >= limit) {
            return false;
        }
        while (current == null || !current.hasNext()) {
            if (current != null) {
                current.close();
                current = null;
            }
            if (!pending.hasNext()) {
                return false;
            }
            current = pending.next().get();
        }
        return true;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        returned++;
        return current.next();
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
