package io.distdb.server.store;

import io.distdb.storage.Bytes;
import io.distdb.storage.CompactionFilter;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.trie.RadixTrie;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One namespace answered from a radix trie in memory and written through to a durable engine: every
 * write lands in the durable engine first and in the trie after it succeeds, so the trie never shows a
 * write that could be lost, and it is rebuilt from the durable engine at start. Reads (point and range)
 * never touch the disk.
 *
 * <p>Every path that changes the namespace on this node (client writes, replica writes, read repair,
 * hinted handoff, streaming, cleanup) goes through this class, as it is the namespace's engine in the
 * node's {@link RoutedStore}; writes of one key are serialized here so the two structures cannot end up
 * with different outcomes of a race.
 *
 * <p>Scans are read in pages from the trie, each page consistent; a scan may see writes made after it
 * started (unlike an LSM scan, which reads one point in time). Replicated values are merged by
 * last-write-wins above this class, which is what makes that acceptable.
 */
public final class TrieNamespace implements KvStore {

    /**
     * Pages start small and double: callers often scan without a limit and stop after a few live entries
     * (a search for ten words), and each page copies its entries out of the trie.
     */
    private static final int FIRST_PAGE = 16;
    private static final int MAX_PAGE = 256;

    private final Namespace namespace;
    private final KvStore durable;
    private final CompactionFilter expired;
    private final RadixTrie trie = new RadixTrie();
    private final KeyLocks locks = new KeyLocks(256);

    private TrieNamespace(Namespace namespace, KvStore durable, CompactionFilter expired) {
        this.namespace = namespace;
        this.durable = durable;
        this.expired = expired;
    }

    /**
     * Loads every entry of {@code namespace} from {@code durable} into a new trie, except those
     * {@code expired} says the engines may drop (expired tombstones: the durable engine drops them at its
     * next compaction of their files; the trie forgets them at once, which reads the same).
     */
    public static TrieNamespace load(Namespace namespace, KvStore durable, CompactionFilter expired) {
        TrieNamespace loaded = new TrieNamespace(namespace, durable, expired);
        try (KvIterator it = durable.scan(ScanRange.prefix(namespace.prefix()))) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                if (!expired.dropAtBottom(entry.key(), entry.value())) {
                    loaded.trie.put(entry.key(), entry.value());
                }
            }
        }
        return loaded;
    }

    /**
     * Forgets the entries the compaction filter now drops, as the durable engine's compactions do; run with
     * the node's compactions so the trie does not keep expired tombstones in memory until a restart.
     * Returns how many it dropped.
     */
    public int dropExpired() {
        List<byte[]> candidates = new ArrayList<>();
        try (KvIterator it = scan(ScanRange.all())) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                if (expired.dropAtBottom(entry.key(), entry.value())) {
                    candidates.add(entry.key());
                }
            }
        }
        int dropped = 0;
        for (byte[] key : candidates) {
            ReentrantLock lock = locks.of(key);
            lock.lock();
            try {
                byte[] current = trie.get(key);
                if (current != null && expired.dropAtBottom(key, current)) {
                    trie.delete(key);
                    dropped++;
                }
            } finally {
                lock.unlock();
            }
        }
        return dropped;
    }

    public int size() {
        return trie.size();
    }

    @Override
    public byte[] get(byte[] key) {
        check(key);
        return trie.get(key);
    }

    /** The trie holds every value of the namespace in memory. */
    @Override
    public byte[] getIfInMemory(byte[] key) {
        return get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        check(key);
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            durable.put(key, value);
            trie.put(key, value);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(byte[] key) {
        check(key);
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            durable.delete(key);
            trie.delete(key);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(WriteBatch batch) {
        List<byte[]> keys = new ArrayList<>(batch.size());
        for (WriteBatch.Op op : batch.ops()) {
            check(op.key());
            keys.add(op.key());
        }
        try (KeyLocks.Held held = locks.lockAll(keys)) {
            durable.write(batch);
            for (WriteBatch.Op op : batch.ops()) {
                if (op.isDelete()) {
                    trie.delete(op.key());
                } else {
                    trie.put(op.key(), op.value());
                }
            }
        }
    }

    @Override
    public KvIterator scan(ScanRange range) {
        return new PagedScan(range);
    }

    @Override
    public Snapshot snapshot() {
        throw new UnsupportedOperationException("the in-memory index of " + namespace + " takes no snapshots");
    }

    @Override
    public boolean supportsOrderedScans() {
        return true;
    }

    @Override
    public void forEachKey(Consumer<byte[]> action) {
        try (KvIterator it = scan(ScanRange.all())) {
            while (it.hasNext()) {
                action.accept(it.next().key());
            }
        }
    }

    /** The durable engine is flushed by its owner. */
    @Override
    public void flush() {
    }

    @Override
    public StoreStats stats() {
        return new StoreStats("trie", Map.of("entries", (long) trie.size()));
    }

    /** The durable engine is closed by its owner. */
    @Override
    public void close() {
    }

    private void check(byte[] key) {
        if (key.length == 0 || key[0] != namespace.tag()) {
            throw new IllegalArgumentException("key " + Bytes.toDisplayString(key) + " is not in namespace " + namespace);
        }
    }

    /** Reads the range from the trie a page at a time, each page resuming after the last key. */
    private final class PagedScan implements KvIterator {

        private final boolean descending;
        private byte[] from;
        private byte[] to;
        private int remaining;
        private Iterator<KeyValue> page = List.<KeyValue>of().iterator();
        private boolean exhausted;
        private int pageSize = FIRST_PAGE;

        PagedScan(ScanRange range) {
            byte[] start = namespace.prefix();
            byte[] end = Bytes.prefixEnd(start);
            this.from = range.from() == null || Bytes.compare(range.from(), start) < 0 ? start : range.from();
            this.to = range.to() == null || Bytes.compare(range.to(), end) > 0 ? end : range.to();
            this.descending = range.isDescending();
            this.remaining = range.limit();
        }

        @Override
        public boolean hasNext() {
            if (remaining <= 0) {
                return false;
            }
            if (!page.hasNext() && !exhausted) {
                int wanted = Math.min(pageSize, remaining);
                pageSize = Math.min(MAX_PAGE, pageSize * 2);
                List<KeyValue> entries = Bytes.compare(from, to) >= 0 ? List.of() : trie.range(from, to, wanted, descending);
                exhausted = entries.size() < wanted;
                if (!entries.isEmpty()) {
                    byte[] last = entries.get(entries.size() - 1).key();
                    if (descending) {
                        to = last;
                    } else {
                        from = Bytes.successor(last);
                    }
                }
                page = entries.iterator();
            }
            return page.hasNext();
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            remaining--;
            return page.next();
        }

        @Override
        public void close() {
            remaining = 0;
        }
    }
}
