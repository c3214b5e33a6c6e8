package io.distdb.storage;

import java.util.function.Consumer;

/**
 * A durable key-value store. Keys and values are byte arrays; keys are ordered
 * unsigned-lexicographically ({@link Bytes#compare}). Every engine of a data node implements this.
 *
 * <p>All methods are safe to call from several threads at once. Writes are atomic per call: a
 * {@link WriteBatch} is applied entirely or not at all, also across a crash.
 */
public interface KvStore extends ReadView, AutoCloseable {

    /** What {@link #getIfInMemory} answers when only a read from disk could tell; compare by identity. */
    byte[] NOT_IN_MEMORY = new byte[0];

    /**
     * What {@link #get} would answer, if the store can tell from memory alone (memtables, cached blocks,
     * in-memory indexes), or {@link #NOT_IN_MEMORY}. It never reads a file or waits for one, so a caller
     * on an event loop can try it first and take the key to a thread that may block only when it must.
     */
    default byte[] getIfInMemory(byte[] key) {
        return NOT_IN_MEMORY;
    }

    void put(byte[] key, byte[] value);

    /** Removes {@code key}. Removing an absent key is not an error. */
    void delete(byte[] key);

    /** Applies every operation of {@code batch} atomically, in order. */
    void write(WriteBatch batch);

    /**
     * A consistent point-in-time view for several reads. Release it with {@link Snapshot#close()}: an
     * open snapshot keeps old versions of overwritten keys alive.
     *
     * @throws UnsupportedOperationException if the engine cannot keep old versions
     */
    Snapshot snapshot();

    /** Whether {@link #scan} and {@link #snapshot} work on this engine. */
    boolean supportsOrderedScans();

    /**
     * Calls {@code action} once for every live key, in no particular order. Works on every engine, also
     * those without ordered scans; used to rebuild in-memory indexes at start-up.
     */
    default void forEachKey(Consumer<byte[]> action) {
        try (KvIterator it = scan(ScanRange.all())) {
            while (it.hasNext()) {
                action.accept(it.next().key());
            }
        }
    }

    /** Makes every acknowledged write durable, whatever the durability policy, and persists buffered data. */
    void flush();

    /** Counters that describe the store, for status reporting and tests. */
    StoreStats stats();

    @Override
    void close();
}
