package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.replication.Versioned;
import io.distdb.server.sql.pushdown.SqlEntryShapers;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;

import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node store whose snapshots take shaped scans the way a replica does: the shaper's spec goes through the
 * replica side ({@link SqlEntryShapers}) and every live entry is shaped before the engine sees it, with
 * entries shaped into tombstones left out. Lets the SQL corpus run with its conditions and columns pushed
 * down on one real store.
 */
final class ReplicaShapingStore implements KvStore {

    private final KvStore store;
    private final SqlEntryShapers replica;
    final AtomicLong shapedScans = new AtomicLong();
    final AtomicLong filteredOut = new AtomicLong();

    ReplicaShapingStore(KvStore store, ObjectMapper json) {
        this.store = store;
        this.replica = new SqlEntryShapers(json);
    }

    @Override
    public Snapshot snapshot() {
        Snapshot snapshot = store.snapshot();
        return new ShapingSnapshot(snapshot);
    }

    private final class ShapingSnapshot implements Snapshot, ShapedScans {
        private final Snapshot snapshot;

        ShapingSnapshot(Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public byte[] get(byte[] key) {
            return snapshot.get(key);
        }

        @Override
        public KvIterator scan(ScanRange range) {
            return snapshot.scan(range);
        }

        @Override
        public KvIterator scan(ScanRange range, EntryShaper coordinatorSide) {
            shapedScans.incrementAndGet();
            EntryShaper shaper = replica.fromSpec(coordinatorSide.spec());
            KvIterator entries = snapshot.scan(range);
            return new KvIterator() {
                private KeyValue next;

                @Override
                public boolean hasNext() {
                    while (next == null && entries.hasNext()) {
                        KeyValue entry = entries.next();
                        Versioned shaped = shaper.shape(entry.key(), Versioned.value(1, entry.value()));
                        if (shaped.tombstone()) {
                            filteredOut.incrementAndGet();
                        } else {
                            next = new KeyValue(entry.key(), shaped.payload());
                        }
                    }
                    return next != null;
                }

                @Override
                public KeyValue next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    KeyValue result = next;
                    next = null;
                    return result;
                }

                @Override
                public void close() {
                    entries.close();
                }
            };
        }

        @Override
        public void close() {
            snapshot.close();
        }
    }

    @Override
    public byte[] get(byte[] key) {
        return store.get(key);
    }

    @Override
    public KvIterator scan(ScanRange range) {
        return store.scan(range);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        store.delete(key);
    }

    @Override
    public void write(WriteBatch batch) {
        store.write(batch);
    }

    @Override
    public boolean supportsOrderedScans() {
        return store.supportsOrderedScans();
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public void close() {
        store.close();
    }
}
