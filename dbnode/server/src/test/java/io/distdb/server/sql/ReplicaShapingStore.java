package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.EntryFold;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.FoldedScans;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.replication.Versioned;
import io.distdb.server.sql.pushdown.ReplicaPushdown;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node store whose snapshots take shaped scans and folds the way replicas do: the spec goes through the
 * replica side ({@link ReplicaPushdown}); every live entry of a shaped scan is shaped before the engine sees
 * it, with entries shaped into tombstones left out; a fold is split over three partial results. Lets the SQL
 * corpus run with its conditions, columns and aggregates pushed down on one real store.
 */
final class ReplicaShapingStore implements KvStore {

    private final KvStore store;
    private final ReplicaPushdown replica;
    final AtomicLong shapedScans = new AtomicLong();
    final AtomicLong filteredOut = new AtomicLong();
    final AtomicLong folds = new AtomicLong();

    ReplicaShapingStore(KvStore store, ObjectMapper json) {
        this.store = store;
        this.replica = new ReplicaPushdown(json);
    }

    @Override
    public Snapshot snapshot() {
        Snapshot snapshot = store.snapshot();
        return new ShapingSnapshot(snapshot);
    }

    private final class ShapingSnapshot implements Snapshot, ShapedScans, FoldedScans {
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

        /** Three "replicas", each folding the keys whose hash picks it, as ring ranges split a table. */
        @Override
        public Optional<List<byte[]>> fold(ScanRange range, EntryFold coordinatorSide) {
            folds.incrementAndGet();
            EntryFold fold = replica.foldFromSpec(coordinatorSide.spec());
            List<EntryFold.Accumulation> parts = List.of(fold.start(), fold.start(), fold.start());
            try (KvIterator entries = snapshot.scan(range)) {
                while (entries.hasNext()) {
                    KeyValue entry = entries.next();
                    parts.get(Math.floorMod(Arrays.hashCode(entry.key()), parts.size())).add(entry.key(), entry.value());
                }
            }
            return Optional.of(parts.stream().map(EntryFold.Accumulation::finish).toList());
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
