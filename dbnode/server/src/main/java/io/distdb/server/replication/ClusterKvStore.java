package io.distdb.server.replication;

import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;
import io.quarkus.arc.Arc;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.List;

/**
 * The replicated keyspace as a {@link KvStore}: what the APIs and the SQL engine write to and read from.
 * Every call goes through the {@link Coordinator} at the consistency level of the current client request
 * (QUORUM outside requests). On a cluster of one it reads this node's engine directly, and snapshots are
 * the engine's own; on a real cluster a snapshot reads the latest replicated values, without isolation.
 */
@Singleton
public class ClusterKvStore implements KvStore {

    private final Coordinator coordinator;
    private final RequestConsistency requestConsistency;

    public ClusterKvStore(Coordinator coordinator, RequestConsistency requestConsistency) {
        this.coordinator = coordinator;
        this.requestConsistency = requestConsistency;
    }

    private Consistency consistency() {
        return Arc.container().requestContext().isActive() ? requestConsistency.level() : Consistency.DEFAULT;
    }

    @Override
    public byte[] get(byte[] key) {
        Versioned version = coordinator.read(key, consistency());
        return version == null || version.tombstone() ? null : version.payload();
    }

    /**
     * {@link #get} without a thread waiting for the replicas or the disk ({@link Coordinator#readAsync}): the
     * value, or {@code null}; {@code diskReads} reads this node's engine when memory cannot answer.
     */
    public CompletableFuture<byte[]> getAsync(byte[] key, Executor diskReads) {
        return coordinator.readAsync(key, consistency(), diskReads)
                .thenApply(version -> version == null || version.tombstone() ? null : version.payload());
    }

    @Override
    public KvIterator scan(ScanRange range) {
        return coordinator.scan(range, consistency());
    }

    @Override
    public void put(byte[] key, byte[] value) {
        coordinator.write(List.of(new Mutation(key, Versioned.value(coordinator.now(), value))), consistency());
    }

    @Override
    public void delete(byte[] key) {
        coordinator.write(List.of(new Mutation(key, Versioned.tombstone(coordinator.now()))), consistency());
    }

    /**
     * Every operation gets its own, increasing timestamp, so later operations of a batch win over earlier
     * ones of the same key. Atomic on each replica for the keys it holds; across replica sets a failed
     * batch can be partly applied (the 503 says so).
     */
    @Override
    public void write(WriteBatch batch) {
        List<Mutation> mutations = new ArrayList<>(batch.size());
        for (WriteBatch.Op op : batch.ops()) {
            long timestamp = coordinator.now();
            mutations.add(new Mutation(op.key(), op.isDelete() ? Versioned.tombstone(timestamp) : Versioned.value(timestamp, op.value())));
        }
        coordinator.write(mutations, consistency());
    }

    @Override
    public Snapshot snapshot() {
        if (coordinator.cluster().isLocalOnly()) {
            return new LocalSnapshot(coordinator.local().store().snapshot());
        }
        return new ReplicatedSnapshot();
    }

    /** Reads of the latest replicated values, without isolation; scans may be shaped on the replicas. */
    private final class ReplicatedSnapshot implements Snapshot, ShapedScans, FoldedScans {
        @Override
        public byte[] get(byte[] key) {
            return ClusterKvStore.this.get(key);
        }

        @Override
        public KvIterator scan(ScanRange range) {
            return ClusterKvStore.this.scan(range);
        }

        @Override
        public KvIterator scan(ScanRange range, EntryShaper shaper) {
            return coordinator.scan(range, consistency(), shaper);
        }

        @Override
        public java.util.Optional<List<byte[]>> fold(ScanRange range, EntryFold fold) {
            return coordinator.fold(range, consistency(), fold);
        }

        @Override
        public void close() {
        }
    }

    @Override
    public boolean supportsOrderedScans() {
        return true;
    }

    @Override
    public void flush() {
        coordinator.local().store().flush();
    }

    @Override
    public StoreStats stats() {
        return coordinator.local().store().stats();
    }

    @Override
    public void close() {
        // The engine belongs to NodeStorage, which closes it at shutdown.
    }

    /** The engine's snapshot with versions decoded and tombstones hidden. */
    private static final class LocalSnapshot implements Snapshot {
        private final Snapshot snapshot;

        LocalSnapshot(Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public byte[] get(byte[] key) {
            byte[] stored = snapshot.get(key);
            if (stored == null) {
                return null;
            }
            Versioned version = Versioned.decode(stored);
            return version.tombstone() ? null : version.payload();
        }

        @Override
        public KvIterator scan(ScanRange range) {
            return LiveEntries.ofStored(snapshot.scan(range.limit(ScanRange.NO_LIMIT)), range.limit());
        }

        @Override
        public void close() {
            snapshot.close();
        }
    }
}
