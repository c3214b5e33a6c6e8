package io.distdb.server.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks shared by hashing keys onto them: a read-compare-write of one key holds its lock,
 * so it cannot interleave with another write of that key, while writes of other keys rarely wait.
 */
public final class KeyLocks {

    private final ReentrantLock[] stripes;

    public KeyLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of {@code key}; callers lock it and unlock it in a {@code finally}. */
    public ReentrantLock of(byte[] key) {
        return stripes[Math.floorMod(Arrays.hashCode(key), stripes.length)];
    }

    /**
     * Locks the stripes of every key, in stripe order so that two callers never deadlock; the returned
     * handle unlocks them.
     */
    public Held lockAll(Collection<byte[]> keys) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (byte[] key : keys) {
            indexes.add(Math.floorMod(Arrays.hashCode(key), stripes.length));
        }
        ReentrantLock[] held = new ReentrantLock[indexes.size()];
        int i = 0;
        for (int index : indexes) {
            held[i] = stripes[index];
            held[i++].lock();
        }
        return () -> {
            for (int k = held.length - 1; k >= 0; k--) {
                held[k].unlock();
            }
        };
    }

    /** Locks taken by {@link #lockAll}. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
