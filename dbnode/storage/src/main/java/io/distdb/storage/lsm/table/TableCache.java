package io.distdb.storage.lsm.table;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.StorageException;
import io.distdb.storage.lsm.InternalIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open tables of a store, at most {@code maxOpen} at a time (LevelDB's table cache). An open table is
 * its file channel plus its index block and Bloom filter in memory; the least recently used table that
 * nobody is using is closed to make room, and reopened on demand.
 *
 * <p>Reference-counted: {@link #acquire} pins a table, {@link Entry#release} unpins it, and a pinned table
 * is never closed. Pins are short (one lookup in one table, or one block read of an iterator), and no caller
 * holds one pin while asking for another, so when every slot is pinned a caller waits for one to be
 * released instead of opening more files than the bound. A table whose file is deleted is closed as soon as
 * its last pin goes ({@link #evict}).
 */
public final class TableCache implements AutoCloseable {

    /** A table in the cache. */
    public static final class Entry {
        private final long number;
        private final Table table;
        /** Pins held; -1 once closed. */
        private final AtomicInteger pins = new AtomicInteger(1);
        private volatile long lastUse = System.nanoTime();
        private volatile boolean removed;
        private final TableCache cache;

        private Entry(long number, Table table, TableCache cache) {
            this.number = number;
            this.table = table;
            this.cache = cache;
        }

        public Table table() {
            return table;
        }

        private boolean tryPin() {
            while (true) {
                int n = pins.get();
                if (n < 0) {
                    return false;
                }
                if (pins.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Unpins the table; it may be closed from now on. */
        public void release() {
            if (pins.decrementAndGet() == 0) {
                if (removed && pins.compareAndSet(0, -1)) {
                    cache.closeEntry(this);
                }
                cache.signalFreed();
            }
        }
    }

    private final ChannelFactory channels;
    private final BlockCache blockCache;
    private final FilterCounters filterCounters;
    private final int maxOpen;
    private final ConcurrentHashMap<Long, Entry> open = new ConcurrentHashMap<>();
    /** Guards opening and closing; lookups of open tables take no lock. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();
    private final AtomicInteger openFiles = new AtomicInteger();
    private final AtomicInteger peakOpenFiles = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private volatile boolean closed;

    public TableCache(ChannelFactory channels, BlockCache blockCache, FilterCounters filterCounters, int maxOpen) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be at least 1: " + maxOpen);
        }
        this.channels = channels;
        this.blockCache = blockCache;
        this.filterCounters = filterCounters;
        this.maxOpen = maxOpen;
    }

    /**
     * Pins table {@code number}, opening it (and closing the least recently used unpinned one) if needed.
     * The caller must {@link Entry#release} it.
     *
     * @throws io.distdb.storage.CorruptionException if the file is not a valid table
     */
    public Entry acquire(long number, Path path) {
        Entry e = open.get(number);
        if (e != null && e.tryPin()) {
            e.lastUse = System.nanoTime();
            hits.increment();
            return e;
        }
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("table cache is closed");
                }
                e = open.get(number);
                if (e != null && e.tryPin()) {
                    e.lastUse = System.nanoTime();
                    hits.increment();
                    return e;
                }
                if (openFiles.get() < maxOpen || evictOne()) {
                    break;
                }
                // Every open table is pinned: wait until a pin goes (pins are short, and their holders wait for nothing).
                waits.increment();
                waiters.incrementAndGet();
                try {
                    freed.await(10, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for a table slot");
                } finally {
                    waiters.decrementAndGet();
                }
            }
            misses.increment();
            Table table = Table.open(channels, path, number, blockCache, filterCounters);
            int n = openFiles.incrementAndGet();
            peakOpenFiles.accumulateAndGet(n, Math::max);
            e = new Entry(number, table, this);
            open.put(number, e);
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** Pins table {@code number} if it is open, else {@code null}: never opens a file nor waits. */
    public Entry acquireIfOpen(long number) {
        Entry e = open.get(number);
        if (e != null && e.tryPin()) {
            e.lastUse = System.nanoTime();
            hits.increment();
            return e;
        }
        return null;
    }

    /** Walks table {@code number}, pinning it only while the iterator reads its index or a block. */
    public InternalIterator iterator(long number, Path path) {
        return new TableIterator(this, number, path);
    }

    /** Under the lock: closes the least recently used unpinned table; false if all are pinned. */
    private boolean evictOne() {
        while (true) {
            Entry victim = null;
            for (Entry e : open.values()) {
                if (e.pins.get() == 0 && (victim == null || e.lastUse < victim.lastUse)) {
                    victim = e;
                }
            }
            if (victim == null) {
                return false;
            }
            if (victim.pins.compareAndSet(0, -1)) { // else pinned meanwhile: look again
                open.remove(victim.number, victim);
                evictions.increment();
                closeEntry(victim);
                return true;
            }
        }
    }

    /** Closes table {@code number} now if unpinned, else when its last pin goes: its file is being deleted. */
    public void evict(long number) {
        lock.lock();
        try {
            Entry e = open.remove(number);
            if (e != null) {
                e.removed = true;
                if (e.pins.compareAndSet(0, -1)) {
                    closeEntry(e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeEntry(Entry e) {
        e.table.close();
        openFiles.decrementAndGet();
    }

    private void signalFreed() {
        if (waiters.get() > 0) {
            lock.lock();
            try {
                freed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Tables open now (file handles held). */
    public int openTables() {
        return openFiles.get();
    }

    /** The most tables ever open at once. */
    public int peakOpenTables() {
        return peakOpenFiles.get();
    }

    public int maxOpenTables() {
        return maxOpen;
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    /** Times a caller waited because every open table was pinned. */
    public long waits() {
        return waits.sum();
    }

    /** Memory held by the open tables' index blocks and filters. */
    public long pinnedBytes() {
        long bytes = 0;
        for (Entry e : open.values()) {
            bytes += e.table.pinnedBytes();
        }
        return bytes;
    }

    /** Closes every table; the store is closing and no reader is left. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            List<Entry> all = new ArrayList<>(open.values());
            open.clear();
            for (Entry e : all) {
                e.removed = true;
                if (e.pins.compareAndSet(0, -1)) {
                    closeEntry(e);
                }
            }
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
