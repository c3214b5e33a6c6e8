package io.distdb.storage.lsm.memtable;

import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory, sorted write buffer: a concurrent skip list of internal keys, so readers never block
 * the writer. Every version is kept (keys carry their sequence); visibility is decided by the reader's
 * snapshot sequence. Once full it becomes immutable and is flushed to a table.
 */
public final class Memtable {

    /** Outcome of a point lookup. */
    public enum Lookup {
        FOUND, DELETED, ABSENT,
        /** A memory-only lookup stopped at a block or table that is not in memory. */
        NOT_IN_MEMORY
    }

    /** Per-entry bookkeeping the skip list costs beyond key and value (node, index levels, arrays). */
    private static final int ENTRY_OVERHEAD = 64;
    private static final byte[] EMPTY = new byte[0];

    private final ConcurrentSkipListMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(InternalKey.ORDER);
    private final AtomicLong approximateBytes = new AtomicLong();
    private final long logNumber;

    /** @param logNumber the write-ahead log that holds this memtable's writes */
    public Memtable(long logNumber) {
        this.logNumber = logNumber;
    }

    public long logNumber() {
        return logNumber;
    }

    public void add(long sequence, byte type, byte[] userKey, byte[] value) {
        byte[] v = type == InternalKey.TYPE_DELETE ? EMPTY : value;
        entries.put(InternalKey.encode(userKey, sequence, type), v);
        approximateBytes.addAndGet(userKey.length + InternalKey.TRAILER_BYTES + v.length + ENTRY_OVERHEAD);
    }

    public long approximateBytes() {
        return approximateBytes.get();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Finds the newest version of {@code userKey} with a sequence {@code <= sequence}; on
     * {@link Lookup#FOUND} its value is put in {@code valueOut[0]}.
     */
    public Lookup get(byte[] userKey, long sequence, byte[][] valueOut) {
        Map.Entry<byte[], byte[]> e = entries.ceilingEntry(InternalKey.lookupKey(userKey, sequence));
        if (e == null || !InternalKey.hasUserKey(e.getKey(), userKey)) {
            return Lookup.ABSENT;
        }
        if (InternalKey.type(e.getKey()) == InternalKey.TYPE_DELETE) {
            return Lookup.DELETED;
        }
        valueOut[0] = e.getValue();
        return Lookup.FOUND;
    }

    public InternalIterator iterator() {
        return new SkipListIterator(entries);
    }

    /** Walks the skip list; the views it takes are weakly consistent, which snapshot sequences make safe. */
    private static final class SkipListIterator implements InternalIterator {
        private final ConcurrentSkipListMap<byte[], byte[]> map;
        private Iterator<Map.Entry<byte[], byte[]>> it;
        private Map.Entry<byte[], byte[]> current;

        SkipListIterator(ConcurrentSkipListMap<byte[], byte[]> map) {
            this.map = map;
        }

        private void start(NavigableMap<byte[], byte[]> view) {
            it = view.entrySet().iterator();
            step();
        }

        private void step() {
            current = it.hasNext() ? it.next() : null;
        }

        @Override
        public boolean valid() {
            return current != null;
        }

        @Override
        public void seekToFirst() {
            start(map);
        }

        @Override
        public void seekToLast() {
            start(map.descendingMap());
        }

        @Override
        public void seek(byte[] target) {
            start(map.tailMap(target, true));
        }

        @Override
        public void seekForPrev(byte[] target) {
            start(map.headMap(target, true).descendingMap());
        }

        @Override
        public void next() {
            step();
        }

        @Override
        public void prev() {
            step();
        }

        @Override
        public byte[] key() {
            return current.getKey();
        }

        @Override
        public byte[] value() {
            return current.getValue();
        }
    }
}
