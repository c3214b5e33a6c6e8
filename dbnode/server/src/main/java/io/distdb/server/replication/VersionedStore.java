package io.distdb.server.replication;

import io.distdb.storage.KvStore;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies versioned writes to a store under last-write-wins: a write lands only if it supersedes what the
 * replica has, so replicas that receive the same writes in any order, any number of times (retries, read
 * repair, hinted handoff, streaming), end with the same value.
 */
public final class VersionedStore {

    private static final int STRIPES = 256;

    private final KvStore store;
    /** Compare-and-write of one key must not interleave with another write of that key. */
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public VersionedStore(KvStore store) {
        this.store = store;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The version stored under {@code key}, tombstones included, or {@code null}. */
    public Versioned read(byte[] key) {
        byte[] stored = store.get(key);
        return stored == null ? null : Versioned.decode(stored);
    }

    /** Stores {@code version} if it supersedes the stored one; returns whether it did. */
    public boolean apply(byte[] key, Versioned version) {
        ReentrantLock lock = stripes[Math.floorMod(java.util.Arrays.hashCode(key), STRIPES)];
        lock.lock();
        try {
            if (!version.supersedes(read(key))) {
                return false;
            }
            store.put(key, version.encode());
            return true;
        } finally {
            lock.unlock();
        }
    }
}
