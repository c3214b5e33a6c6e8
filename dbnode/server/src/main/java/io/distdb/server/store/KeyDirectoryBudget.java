package io.distdb.server.store;

import io.distdb.server.errors.CapacityExceededException;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.hashlog.HashLogStore;
import io.distdb.storage.KvStore;

import java.util.HashSet;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The hash log with a ceiling on its key directory, which lives wholly in memory: past {@code maxKeys}
 * a write that would add a key is refused ({@link CapacityExceededException}) before it reaches the
 * engine, so the node fails one write with a clear error instead of running out of heap. Overwrites and
 * deletes of existing keys always pass, so a full node can still be cleaned up.
 */
final class KeyDirectoryBudget implements KvStore {

    /**
     * Heap per key beyond the key's own bytes: the map node, the key and entry objects and the array
     * header (measured, see docs/storage.md).
     */
    static final long BYTES_PER_KEY = 144;

    private final HashLogStore engine;
    private final long maxKeys;

    KeyDirectoryBudget(HashLogStore engine, long maxKeys) {
        this.engine = engine;
        this.maxKeys = maxKeys;
    }

    /** As many keys of {@code typicalKeyBytes} as fit in a quarter of the heap. */
    static long defaultMaxKeys(long maxHeapBytes, int typicalKeyBytes) {
        return Math.max(1, maxHeapBytes / 4 / (BYTES_PER_KEY + typicalKeyBytes));
    }

    long maxKeys() {
        return maxKeys;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        if (engine.liveKeys() >= maxKeys && engine.get(key) == null) {
            throw full();
        }
        engine.put(key, value);
    }

    @Override
    public void write(WriteBatch batch) {
        long live = engine.liveKeys();
        if (live >= maxKeys - batch.size()) {
            Set<ByteBuffer> added = new HashSet<>();
            for (WriteBatch.Op op : batch.ops()) {
                if (!op.isDelete() && engine.get(op.key()) == null) {
                    added.add(ByteBuffer.wrap(op.key()));
                }
            }
            if (live + added.size() > maxKeys) {
                throw full();
            }
        }
        engine.write(batch);
    }

    private CapacityExceededException full() {
        return new CapacityExceededException("the node's key-value engine holds " + engine.liveKeys()
                + " keys, its limit (distdb.storage.hashlog-max-keys = " + maxKeys
                + "): the key directory must fit in memory. Add nodes, or raise the limit with the heap; deleted keys free"
                + " their place once their tombstones pass distdb.storage.tombstone-grace");
    }

    @Override
    public void delete(byte[] key) {
        engine.delete(key);
    }

    @Override
    public byte[] get(byte[] key) {
        return engine.get(key);
    }

    @Override
    public KvIterator scan(ScanRange range) {
        return engine.scan(range);
    }

    @Override
    public Snapshot snapshot() {
        return engine.snapshot();
    }

    @Override
    public boolean supportsOrderedScans() {
        return engine.supportsOrderedScans();
    }

    @Override
    public void forEachKey(Consumer<byte[]> action) {
        engine.forEachKey(action);
    }

    @Override
    public void flush() {
        engine.flush();
    }

    @Override
    public StoreStats stats() {
        return engine.stats();
    }

    @Override
    public void close() {
        engine.close();
    }
}
