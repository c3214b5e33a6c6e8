package io.distdb.server.store;

import io.distdb.storage.Bytes;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreStats;
import io.distdb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's keyspace over several engines: every {@link Namespace} is a contiguous key range (its tag byte
 * is the first byte of each of its keys), so a namespace can live in an engine of its own while everything
 * above this class (replication, streaming, hints, the data report) sees one ordered store.
 *
 * <p>Point reads and writes go to the namespace's engine. A scan is cut at namespace boundaries and the
 * pieces are read from their engines one after another, which keeps key order because the pieces do not
 * overlap. An engine without key order (the hash log) is scanned by {@link SortedScan}.
 *
 * <p>A {@link WriteBatch} is atomic within each engine. A batch whose keys fall in namespaces of different
 * engines is applied engine by engine; only replica writes (streaming, read repair, hints) do that, and
 * they are idempotent under last-write-wins, so a crash between the parts is repaired by the retry.
 */
public final class RoutedStore implements KvStore {

    private final KvStore main;
    private final KvStore[] byTag = new KvStore[256];
    /** The routed namespaces in key order, with the engine of each. */
    private final TreeMap<Integer, Route> routes = new TreeMap<>();

    /** A namespace served by an engine other than the main one; {@code name} prefixes its counters. */
    public record Route(Namespace namespace, String name, KvStore engine) {
    }

    public RoutedStore(KvStore main, List<Route> routed) {
        this.main = main;
        for (Route route : routed) {
            int tag = route.namespace().tag() & 0xFF;
            byTag[tag] = route.engine();
            routes.put(tag, route);
        }
    }

    /** The engine that holds {@code key}. */
    public KvStore engineFor(byte[] key) {
        if (key.length == 0) {
            return main;
        }
        KvStore engine = byTag[key[0] & 0xFF];
        return engine == null ? main : engine;
    }

    @Override
    public byte[] get(byte[] key) {
        return engineFor(key).get(key);
    }

    @Override
    public byte[] getIfInMemory(byte[] key) {
        return engineFor(key).getIfInMemory(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        engineFor(key).put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        engineFor(key).delete(key);
    }

    @Override
    public void write(WriteBatch batch) {
        List<WriteBatch.Op> ops = batch.ops();
        if (ops.isEmpty()) {
            return;
        }
        KvStore first = engineFor(ops.get(0).key());
        if (ops.stream().allMatch(op -> engineFor(op.key()) == first)) {
            first.write(batch);
            return;
        }
        Map<KvStore, WriteBatch> parts = new LinkedHashMap<>();
        for (WriteBatch.Op op : ops) {
            WriteBatch part = parts.computeIfAbsent(engineFor(op.key()), engine -> new WriteBatch());
            if (op.isDelete()) {
                part.delete(op.key());
            } else {
                part.put(op.key(), op.value());
            }
        }
        parts.forEach(KvStore::write);
    }

    @Override
    public KvIterator scan(ScanRange range) {
        List<Supplier<KvIterator>> pieces = new ArrayList<>();
        byte[] cursor = range.from();
        for (Route route : routes.values()) {
            byte[] start = route.namespace().prefix();
            byte[] end = Bytes.prefixEnd(start);
            addPiece(pieces, main, cursor, min(range.to(), start), range);
            addPiece(pieces, route.engine(), max(cursor, start), min(range.to(), end), range);
            cursor = max(cursor, end);
        }
        addPiece(pieces, main, cursor, range.to(), range);
        if (range.isDescending()) {
            Collections.reverse(pieces);
        }
        return new ConcatenatedScan(pieces, range.limit());
    }

    private static void addPiece(List<Supplier<KvIterator>> pieces, KvStore engine, byte[] from, byte[] to, ScanRange whole) {
        if (from != null && to != null && Bytes.compare(from, to) >= 0) {
            return;
        }
        ScanRange piece = ScanRange.between(from, to).limit(whole.limit());
        ScanRange directed = whole.isDescending() ? piece.descending() : piece;
        pieces.add(() -> engine.supportsOrderedScans() ? engine.scan(directed) : new SortedScan(engine, directed));
    }

    /** The smaller of two upper bounds; {@code null} is unbounded. */
    private static byte[] min(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Bytes.compare(a, b) <= 0 ? a : b;
    }

    /** The larger of two lower bounds; {@code null} is unbounded. */
    private static byte[] max(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Bytes.compare(a, b) >= 0 ? a : b;
    }

    /**
     * A snapshot of the main engine. The SQL engine, the one user of snapshots, keeps its tables there; a
     * read of a routed namespace through it is refused rather than answered from the wrong engine.
     */
    @Override
    public Snapshot snapshot() {
        Snapshot snapshot = main.snapshot();
        return new Snapshot() {
            @Override
            public byte[] get(byte[] key) {
                checkMain(key);
                return snapshot.get(key);
            }

            @Override
            public KvIterator scan(ScanRange range) {
                for (Route route : routes.values()) {
                    byte[] start = route.namespace().prefix();
                    boolean before = range.to() != null && Bytes.compare(range.to(), start) <= 0;
                    boolean after = range.from() != null && Bytes.compare(range.from(), Bytes.prefixEnd(start)) >= 0;
                    if (!before && !after) {
                        throw new UnsupportedOperationException("namespace " + route.namespace()
                                + " is kept by the " + route.name() + ", which takes no snapshots");
                    }
                }
                return snapshot.scan(range);
            }

            @Override
            public void close() {
                snapshot.close();
            }
        };
    }

    private void checkMain(byte[] key) {
        if (engineFor(key) != main) {
            throw new UnsupportedOperationException("namespace of key " + Bytes.toDisplayString(key)
                    + " is not kept by the engine that takes snapshots");
        }
    }

    @Override
    public boolean supportsOrderedScans() {
        return true;
    }

    @Override
    public void forEachKey(Consumer<byte[]> action) {
        main.forEachKey(key -> {
            if (engineFor(key) == main) {
                action.accept(key);
            }
        });
        for (Route route : routes.values()) {
            route.engine().forEachKey(action);
        }
    }

    @Override
    public void flush() {
        main.flush();
        for (Route route : routes.values()) {
            route.engine().flush();
        }
    }

    /** The main engine's counters as they are, and each routed engine's under {@code <route name>.}. */
    @Override
    public StoreStats stats() {
        StoreStats mainStats = main.stats();
        Map<String, Long> counters = new LinkedHashMap<>(mainStats.counters());
        StringBuilder engines = new StringBuilder(mainStats.engine());
        for (Route route : routes.values()) {
            StoreStats stats = route.engine().stats();
            stats.counters().forEach((name, value) -> counters.put(route.name() + "." + name, value));
            engines.append('+').append(stats.engine());
        }
        return new StoreStats(engines.toString(), Map.copyOf(counters));
    }

    /** Closes the routed engines, then the main one (a trie namespace writes through to it). */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Route route : routes.values()) {
            try {
                route.engine().close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        main.close();
        if (failure != null) {
            throw failure;
        }
    }
}
