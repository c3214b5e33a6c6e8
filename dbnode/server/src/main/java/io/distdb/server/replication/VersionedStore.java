package io.distdb.server.replication;

import io.distdb.server.store.KeyLocks;
import io.distdb.storage.KvStore;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies versioned writes to a store under last-write-wins: a write lands only if it supersedes what the
 * replica has, so replicas that receive the same writes in any order, any number of times (retries, read
 * repair, hinted handoff, streaming), end with the same value.
 */
public final class VersionedStore {

    private final KvStore store;
    /** Compare-and-write of one key must not interleave with another write of that key. */
    private final KeyLocks locks = new KeyLocks(256);

    public VersionedStore(KvStore store) {
        this.store = store;
    }

    /** The version stored under {@code key}, tombstones included, or {@code null}. */
    public Versioned read(byte[] key) {
        byte[] stored = store.get(key);
        return stored == null ? null : Versioned.decode(stored);
    }

    /** Stores {@code version} if it supersedes the stored one; returns whether it did. */
    public boolean apply(byte[] key, Versioned version) {
        ReentrantLock lock = locks.of(key);
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
