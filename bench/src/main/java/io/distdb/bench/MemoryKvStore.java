package io.distdb.bench;

import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * HARNESS SELF-CHECK ONLY: a throwaway {@link KvStore} on a {@link ConcurrentSkipListMap}, so the
 * benchmark's KvStore code path can be run before the LSM engine exists. It is not a storage engine and
 * not a peer in the comparison: nothing is durable, scans are only weakly consistent, batches and
 * snapshots are not supported.
 */
final class MemoryKvStore implements KvStore {

    private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Bytes.ORDER);

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(key.clone(), value.clone());
    }

    @Override
    public void delete(byte[] key) {
        map.remove(key);
    }

    @Override
    public void write(WriteBatch batch) {
        throw new UnsupportedOperationException("the self-check store does not apply batches");
    }

    @Override
    public Snapshot snapshot() {
        throw new UnsupportedOperationException("the self-check store keeps no snapshots");
    }

    @Override
    public boolean supportsOrderedScans() {
        return true;
    }

    @Override
    public KvIterator scan(ScanRange range) {
        NavigableMap<byte[], byte[]> view = map;
        if (range.from() != null) {
            view = view.tailMap(range.from(), true);
        }
        if (range.to() != null) {
            view = view.headMap(range.to(), false);
        }
        Iterator<Map.Entry<byte[], byte[]>> entries = (range.isDescending() ? view.descendingMap() : view)
                .entrySet().iterator();
        return new KvIterator() {
            private int returned;

            @Override
            public boolean hasNext() {
                return returned < range.limit() && entries.hasNext();
            }

            @Override
            public KeyValue next() {
                Map.Entry<byte[], byte[]> e = entries.next();
                returned++;
                return new KeyValue(e.getKey(), e.getValue());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void flush() {
    }

    @Override
    public StoreStats stats() {
        return new StoreStats("memory-self-check", Map.of("keys", (long) map.size()));
    }

    @Override
    public void close() {
        map.clear();
    }
}
