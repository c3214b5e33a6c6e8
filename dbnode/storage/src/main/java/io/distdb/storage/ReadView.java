package io.distdb.storage;

/** Read operations shared by a live store and a point-in-time {@link Snapshot}. */
public interface ReadView {

    /** The value stored under {@code key}, or {@code null} if there is none. */
    byte[] get(byte[] key);

    /**
     * An ordered iterator over the keys in {@code range}. The iterator sees the store as it was when
     * the iterator was created: writes made afterwards are not visible through it. Callers must close it.
     *
     * @throws UnsupportedOperationException if the engine keeps no key order (see {@link KvStore#supportsOrderedScans()})
     */
    KvIterator scan(ScanRange range);
}
