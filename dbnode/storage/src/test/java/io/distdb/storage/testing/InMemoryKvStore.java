package io.distdb.storage.testing;

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
import java.util.function.Consumer;

/**
 * A test double of {@link KvStore} backed by a {@link ConcurrentSkipListMap}, for testing code that sits
 * on top of a store without a real engine. Nothing is durable, snapshots are not supported, scans see
 * concurrent writes (no point-in-time view), and a batch is applied one operation at a time (not atomic
 * to concurrent readers).
 *
 * <p>{@link #withoutOrderedScans()} gives a store that behaves like an engine without key order:
 * {@link #scan} throws and {@link #forEachKey} visits keys in descending order, so callers that rely on
 * order get caught.
 */
public final class InMemoryKvStore implements KvStore {

    private final NavigableMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Bytes.ORDER);
    private final boolean orderedScans;

    private InMemoryKvStore(boolean orderedScans) {
        this.orderedScans = orderedScans;
    }

    public static InMemoryKvStore ordered() {
        return new InMemoryKvStore(true);
    }

    public static InMemoryKvStore withoutOrderedScans() {
        return new InMemoryKvStore(false);
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] value = entries.get(key);
        return value == null ? null : value.clone();
    }

    @Override
    public void put(byte[] key, byte[] value) {
        entries.put(key.clone(), value.clone());
    }

    @Override
    public void delete(byte[] key) {
        entries.remove(key);
    }

    @Override
    public void write(WriteBatch batch) {
        for (WriteBatch.Op op : batch.ops()) {
            if (op.isDelete()) {
                delete(op.key());
            } else {
                put(op.key(), op.value());
            }
        }
    }

    @Override
    public KvIterator scan(ScanRange range) {
        if (!orderedScans) {
            throw new UnsupportedOperationException("this store keeps no key order");
        }
        NavigableMap<byte[], byte[]> view = entries;
        if (range.from() != null) {
            view = view.tailMap(range.from(), true);
        }
        if (range.to() != null) {
            view = view.headMap(range.to(), false);
        }
        if (range.isDescending()) {
            view = view.descendingMap();
        }
        Iterator<Map.Entry<byte[], byte[]>> it = view.entrySet().iterator();
        return new KvIterator() {
            private int returned;

            @Override
            public boolean hasNext() {
                return returned < range.limit() && it.hasNext();
            }

            @Override
            public KeyValue next() {
                Map.Entry<byte[], byte[]> entry = it.next();
                returned++;
                return new KeyValue(entry.getKey().clone(), entry.getValue().clone());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void forEachKey(Consumer<byte[]> action) {
        Iterable<byte[]> keys = orderedScans ? entries.keySet() : entries.descendingKeySet();
        for (byte[] key : keys) {
            action.accept(key.clone());
        }
    }

    @Override
    public Snapshot snapshot() {
        throw new UnsupportedOperationException("the in-memory test store keeps no old versions");
    }

    @Override
    public boolean supportsOrderedScans() {
        return orderedScans;
    }

    @Override
    public void flush() {
    }

    @Override
    public StoreStats stats() {
        return new StoreStats("in-memory", Map.of("keys", (long) entries.size()));
    }

    @Override
    public void close() {
    }
}
