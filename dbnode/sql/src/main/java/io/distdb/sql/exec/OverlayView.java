package io.distdb.sql.exec;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A transaction's view: its own pending writes over the store. Reads see the transaction's writes first
 * (a pending delete hides the stored key); {@link #drain()} hands the writes over as one batch at COMMIT.
 */
public final class OverlayView implements ReadView {

    private static final byte[] DELETED = new byte[0];

    private final NavigableMap<byte[], byte[]> pending = new TreeMap<>(Arrays::compareUnsigned);
    private ReadView base;
    private long bytes;

    public OverlayView(ReadView base) {
        this.base = base;
    }

    /** Reads from {@code view} from now on (each statement of a transaction reads the latest committed state). */
    public void rebase(ReadView view) {
        this.base = view;
    }

    /**
     * The transaction's writes so far over {@code base}, as a view of its own: what a cursor opened now reads
     * while the transaction goes on writing (a cursor does not see later changes, as in PostgreSQL).
     */
    public OverlayView frozenOver(ReadView base) {
        OverlayView copy = new OverlayView(base);
        copy.pending.putAll(pending);
        copy.bytes = bytes;
        return copy;
    }

    public void apply(WriteBatch batch) {
        for (WriteBatch.Op op : batch.ops()) {
            byte[] before = pending.put(op.key(), op.isDelete() ? DELETED : op.value());
            bytes += op.key().length + (op.isDelete() ? 0 : op.value().length) - (before == null ? 0 : before.length);
        }
    }

    /** Bytes the pending writes hold, for the transaction's memory budget. */
    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The pending writes as one batch, in key order; the overlay is empty afterwards. */
    public WriteBatch drain() {
        WriteBatch batch = new WriteBatch();
        for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
            if (e.getValue() == DELETED) {
                batch.delete(e.getKey());
            } else {
                batch.put(e.getKey(), e.getValue());
            }
        }
        pending.clear();
        bytes = 0;
        return batch;
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] mine = pending.get(key);
        if (mine != null) {
            return mine == DELETED ? null : mine;
        }
        return base.get(key);
    }

    @Override
    public KvIterator scan(ScanRange range) {
        KvIterator stored = base.scan(range);
        NavigableMap<byte[], byte[]> mine = range.from() == null && range.to() == null ? pending
                : range.to() == null ? pending.tailMap(range.from(), true)
                : range.from() == null ? pending.headMap(range.to(), false)
                : pending.subMap(range.from(), true, range.to(), false);
        Iterator<Map.Entry<byte[], byte[]>> own = mine.entrySet().iterator();
        return new KvIterator() {
            KeyValue a = stored.hasNext() ? stored.next() : null;
            Map.Entry<byte[], byte[]> b = own.hasNext() ? own.next() : null;
            KeyValue next = advance();

            private KeyValue advance() {
                while (a != null || b != null) {
                    int c = a == null ? 1 : b == null ? -1 : Arrays.compareUnsigned(a.key(), b.getKey());
                    if (c < 0) {
                        KeyValue out = a;
                        a = stored.hasNext() ? stored.next() : null;
                        return out;
                    }
                    Map.Entry<byte[], byte[]> e = b;
                    b = own.hasNext() ? own.next() : null;
                    if (c == 0) {
                        a = stored.hasNext() ? stored.next() : null;
                    }
                    if (e.getValue() != DELETED) {
                        return new KeyValue(e.getKey(), e.getValue());
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue next() {
                KeyValue out = next;
                next = advance();
                return out;
            }

            @Override
            public void close() {
                stored.close();
            }
        };
    }
}
