package io.distdb.server.store;

import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An ordered scan of an engine that keeps no key order (the hash log): the keys in range are collected
 * from the engine's key directory and sorted, then each value is read as the scan reaches it. Costs a
 * walk of every key and memory for the keys in range, once per scan: meant for the whole-keyspace walks
 * of streaming, cleanup and the data report, not for paging. A key deleted after the walk is skipped; one
 * written after it may be missed, as with any scan that began before the write.
 */
final class SortedScan implements KvIterator {

    private final KvStore engine;
    private final List<byte[]> keys = new ArrayList<>();
    private int position;
    private KeyValue next;

    SortedScan(KvStore engine, ScanRange range) {
        this.engine = engine;
        byte[] from = range.from();
        byte[] to = range.to();
        engine.forEachKey(key -> {
            if ((from == null || Bytes.compare(key, from) >= 0) && (to == null || Bytes.compare(key, to) < 0)) {
                keys.add(key);
            }
        });
        Comparator<byte[]> order = Bytes::compare;
        keys.sort(range.isDescending() ? order.reversed() : order);
    }

    @Override
    public boolean hasNext() {
        while (next == null && position < keys.size()) {
            byte[] key = keys.get(position);
            keys.set(position++, null);
            byte[] value = engine.get(key);
            if (value != null) {
                next = new KeyValue(key, value);
            }
        }
        return next != null;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue entry = next;
        next = null;
        return entry;
    }

    @Override
    public void close() {
        keys.clear();
        position = 0;
    }
}
