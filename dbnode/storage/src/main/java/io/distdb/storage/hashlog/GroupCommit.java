package io.distdb.storage.hashlog;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent writers share fsyncs. A ticket is the log's total appended byte count after a write. The first
 * writer that finds its ticket not yet durable becomes the leader and fsyncs; writers that append meanwhile wait,
 * and the next leader's single fsync covers all of them.
 */
final class GroupCommit {

    /** Forces everything appended so far and returns the ticket that is now durable. */
    interface Forcer {
        long force() throws IOException;
    }

    private final Forcer forcer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long durable;
    private boolean syncing;
    private IOException failure;
    private long syncs;

    GroupCommit(Forcer forcer, long durable) {
        this.forcer = forcer;
        this.durable = durable;
    }

    /** Returns once {@code ticket} is durable; rethrows the fsync failure that makes that impossible. */
    void awaitDurable(long ticket) throws IOException {
        lock.lock();
        try {
            while (durable < ticket) {
                if (failure != null) {
                    throw new IOException("an earlier fsync failed, durability unknown", failure);
                }
                if (syncing) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long covered = -1;
                IOException error = null;
                lock.unlock();
                try {
                    covered = forcer.force();
                } catch (IOException e) {
                    error = e;
                } finally {
                    lock.lock();
                    syncing = false;
                    changed.signalAll();
                }
                if (error != null) {
                    // After a failed fsync the kernel may have dropped the dirty pages: never retry as if fine.
                    failure = error;
                    throw error;
                }
                syncs++;
                durable = Math.max(durable, covered);
            }
        } finally {
            lock.unlock();
        }
    }

    long durable() {
        lock.lock();
        try {
            return durable;
        } finally {
            lock.unlock();
        }
    }

    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
