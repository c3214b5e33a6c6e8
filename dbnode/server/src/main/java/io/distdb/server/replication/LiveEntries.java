package io.distdb.server.replication;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;

import java.util.NoSuchElementException;

/** A local scan of versioned values as clients see it: payloads only, tombstones skipped, at most {@code limit}. */
final class LiveEntries implements KvIterator {

    private final KvIterator raw;
    private final int limit;
    private KeyValue next;
    private int returned;

    LiveEntries(KvIterator raw, int limit) {
        this.raw = raw;
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        while (next == null && returned < limit && raw.hasNext()) {
            KeyValue entry = raw.next();
            Versioned version = Versioned.decode(entry.value());
            if (!version.tombstone()) {
                next = new KeyValue(entry.key(), version.payload());
            }
        }
        return next != null;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue result = next;
        next = null;
        returned++;
        return result;
    }

    @Override
    public void close() {
        raw.close();
    }
}
