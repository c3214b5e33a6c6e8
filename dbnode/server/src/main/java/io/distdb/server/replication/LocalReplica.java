package io.distdb.server.replication;

import io.distdb.server.ring.Ring;
import io.distdb.server.store.KeyLocks;
import io.distdb.server.store.Namespace;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's copy of the replicated keyspace, under last-write-wins: a version lands only if it
 * supersedes what the replica has, so replicas that receive the same writes in any order, any number of
 * times (retries, read repair, hinted handoff, streaming), end with the same value. Deletes are tombstones.
 */
public final class LocalReplica {

    /** The replicated keyspace starts after the node's own namespaces (META, PAXOS), which are never streamed. */
    private static final byte[] DATA_START = {(byte) (Namespace.PAXOS.tag() + 1)};

    private final KvStore store;
    private final HybridClock clock;
    /** Compare-and-write of one key must not interleave with another write of that key. */
    private final KeyLocks locks = new KeyLocks(1024);

    public LocalReplica(KvStore store, HybridClock clock) {
        this.store = store;
        this.clock = clock;
    }

    public HybridClock clock() {
        return clock;
    }

    /** The version stored under {@code key}, tombstones included, or {@code null}. */
    public Versioned read(byte[] key) {
        byte[] stored = store.get(key);
        return stored == null ? null : Versioned.decode(stored);
    }

    /**
     * {@link #read}, answered at once when the engine can tell from memory, else on {@code diskReads}: the
     * caller's thread never reads a file.
     */
    public CompletableFuture<Versioned> readAsync(byte[] key, Executor diskReads) {
        byte[] stored;
        try {
            stored = store.getIfInMemory(key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (stored == KvStore.NOT_IN_MEMORY) {
            return CompletableFuture.supplyAsync(() -> read(key), diskReads);
        }
        return CompletableFuture.completedFuture(stored == null ? null : Versioned.decode(stored));
    }

    /** Stores {@code version} if it supersedes the stored one; returns whether it did. */
    public boolean apply(byte[] key, Versioned version) {
        return apply(List.of(new Mutation(key, version))) == 1;
    }

    /**
     * Applies the mutations that supersede what this replica holds, in one atomic batch; returns how many
     * landed.
     */
    public int apply(List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return 0;
        }
        if (mutations.size() == 1) {
            Mutation m = mutations.get(0);
            clock.observe(m.version().timestamp());
            ReentrantLock lock = locks.of(m.key());
            lock.lock();
            try {
                if (!m.version().supersedes(read(m.key()))) {
                    return 0;
                }
                store.put(m.key(), m.version().encode());
                return 1;
            } finally {
                lock.unlock();
            }
        }
        List<byte[]> keys = new ArrayList<>(mutations.size());
        for (Mutation m : mutations) {
            clock.observe(m.version().timestamp());
            keys.add(m.key());
        }
        try (KeyLocks.Held held = locks.lockAll(keys)) {
            WriteBatch batch = new WriteBatch();
            Map<ByteBuffer, Versioned> staged = new HashMap<>();
            for (Mutation m : mutations) {
                ByteBuffer id = ByteBuffer.wrap(m.key());
                Versioned current = staged.containsKey(id) ? staged.get(id) : read(m.key());
                if (m.version().supersedes(current)) {
                    staged.put(id, m.version());
                    batch.put(m.key(), m.version().encode());
                }
            }
            if (!batch.isEmpty()) {
                store.write(batch);
            }
            return batch.size();
        }
    }

    /**
     * Up to {@code range.limit()} versioned entries of {@code range}, tombstones included, so that a
     * coordinator merging several replicas lets a newer delete hide an older value.
     */
    public List<Mutation> scan(ScanRange range) {
        return scan(range, null);
    }

    /** {@link #scan(ScanRange)} with every live entry shaped by {@code shaper} (when not {@code null}). */
    public List<Mutation> scan(ScanRange range, EntryShaper shaper) {
        List<Mutation> entries = new ArrayList<>();
        try (KvIterator it = store.scan(range)) {
            while (it.hasNext() && entries.size() < range.limit()) {
                KeyValue entry = it.next();
                Versioned version = Versioned.decode(entry.value());
                if (shaper != null && !version.tombstone()) {
                    version = shaper.shape(entry.key(), version);
                }
                entries.add(new Mutation(entry.key(), version));
            }
        }
        return entries;
    }

    /**
     * One pass over {@code range} for a {@link EntryFold}: per ring range (ending at {@code ringEnds[i]}), a
     * digest of the versions this replica holds there, tombstones included; and the fold of the live
     * entries of the ranges it is {@code assigned}.
     */
    public FoldAnswer fold(ScanRange range, long[] ringEnds, boolean[] assigned, Partitioner partitioner, EntryFold fold) {
        long[] digests = new long[ringEnds.length];
        EntryFold.Accumulation accumulation = fold.start();
        try (KvIterator it = store.scan(range.limit(ScanRange.NO_LIMIT))) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                Versioned version = Versioned.decode(entry.value());
                int r = Ring.firstAtOrAfter(ringEnds, partitioner.token(entry.key()));
                digests[r] += RangeDigest.of(entry.key(), version);
                if (assigned[r] && !version.tombstone()) {
                    accumulation.add(entry.key(), version.payload());
                }
            }
        }
        return new FoldAnswer(digests, accumulation.finish());
    }

    /** A replica's answer to a fold: its digest of each ring range, and its partial result. */
    public record FoldAnswer(long[] digests, byte[] partial) {
    }

    /** Removes keys outright (no tombstone): for data this node no longer owns. */
    public void purge(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        WriteBatch batch = new WriteBatch();
        keys.forEach(batch::delete);
        store.write(batch);
    }

    /**
     * This node's stored versions of the whole replicated keyspace (every namespace after META and PAXOS, the
     * node's own), in key order, from {@code from} on; from its start when {@code from} is null. Streaming, cleanup
     * and the data report walk it.
     */
    public KvIterator scanAll(byte[] from) {
        return store.scan(ScanRange.between(from == null ? DATA_START : from, null));
    }

    /** The underlying local store. */
    public KvStore store() {
        return store;
    }
}
