package io.distdb.server.store;

import io.distdb.server.errors.CapacityExceededException;
import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.hashlog.HashLogOptions;
import io.distdb.storage.hashlog.HashLogStore;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's keyspace over three engines (LSM, hash log for key-value entries, trie for words) reads as one
 * ordered store: checked against a sorted map after random writes, deletes and batches across engines.
 */
class RoutedStoreTest {

    private static final Namespace[] SPREAD = {Namespace.META, Namespace.ITEMS, Namespace.KV, Namespace.WORDS, Namespace.DOCUMENTS};

    @TempDir
    Path dir;

    private final List<KvStore> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(KvStore::close);
    }

    private LsmStore lsm() {
        LsmStore lsm = LsmStore.open(dir.resolve("lsm"), LsmOptions.builder().memtableBytes(64 * 1024).build());
        open.add(0, lsm);
        return lsm;
    }

    private HashLogStore hashLog() {
        HashLogStore hashLog = HashLogStore.open(dir.resolve("kv-hashlog"), HashLogOptions.defaults());
        return hashLog;
    }

    private RoutedStore routed(LsmStore lsm, KvStore kv) {
        RoutedStore store = new RoutedStore(lsm, List.of(
                new RoutedStore.Route(Namespace.KV, "kvHashlog", kv),
                new RoutedStore.Route(Namespace.WORDS, "wordsTrie", TrieNamespace.load(Namespace.WORDS, lsm, (key, value) -> false))));
        return store;
    }

    @Test
    void scansAcrossEnginesReadInKeyOrderInBothDirections() {
        LsmStore lsm = lsm();
        HashLogStore kv = hashLog();
        open.add(0, kv);
        RoutedStore store = routed(lsm, kv);
        NavigableMap<byte[], byte[]> model = new TreeMap<>(Bytes::compare);
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] key = key(random);
            switch (random.nextInt(6)) {
                case 0 -> {
                    store.delete(key);
                    model.remove(key);
                }
                case 1 -> {
                    WriteBatch batch = new WriteBatch();
                    for (int j = 0; j < 5; j++) {
                        byte[] k = key(random);
                        byte[] v = ("b" + i + "-" + j).getBytes(StandardCharsets.UTF_8);
                        batch.put(k, v);
                        model.put(k, v);
                    }
                    store.write(batch);
                }
                default -> {
                    byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
                    store.put(key, value);
                    model.put(key, value);
                }
            }
        }
        assertNull(lsm.get(firstKeyOf(model, Namespace.KV)), "key-value entries are not in the LSM");
        assertTrue(kv.liveKeys() > 0);
        for (int i = 0; i < 300; i++) {
            byte[] from = random.nextInt(4) == 0 ? null : key(random);
            byte[] to = random.nextInt(4) == 0 ? null : key(random);
            if (from != null && to != null && Bytes.compare(from, to) > 0) {
                byte[] swap = from;
                from = to;
                to = swap;
            }
            int limit = random.nextBoolean() ? ScanRange.NO_LIMIT : random.nextInt(400);
            boolean descending = random.nextBoolean();
            ScanRange range = ScanRange.between(from, to).limit(limit);
            assertEquals(expected(model, from, to, limit, descending), read(store, descending ? range.descending() : range),
                    "scan " + range + (descending ? " descending" : ""));
        }
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), store.get(e.getKey()));
        }
    }

    @Test
    void wordsAreReloadedIntoTheTrieFromTheLsmAfterARestart() {
        LsmStore lsm = lsm();
        RoutedStore store = routed(lsm, hashLogOpened());
        byte[] tea = Namespace.WORDS.key().raw("tea".getBytes(StandardCharsets.UTF_8)).build();
        byte[] team = Namespace.WORDS.key().raw("team".getBytes(StandardCharsets.UTF_8)).build();
        store.put(tea, new byte[] {1});
        store.put(team, new byte[] {2});
        store.delete(tea);
        close();
        open.clear();
        LsmStore reopened = lsm();
        RoutedStore again = routed(reopened, hashLogOpened());
        assertNull(again.get(tea));
        assertArrayEquals(new byte[] {2}, again.get(team));
        assertEquals(List.of("team"), words(again));
    }

    @Test
    void snapshotsRefuseNamespacesKeptOutsideTheLsm() {
        LsmStore lsm = lsm();
        RoutedStore store = routed(lsm, hashLogOpened());
        byte[] item = Namespace.ITEMS.key().raw(new byte[] {1}).build();
        store.put(item, new byte[] {9});
        try (var snapshot = store.snapshot()) {
            assertArrayEquals(new byte[] {9}, snapshot.get(item));
            assertThrows(UnsupportedOperationException.class, () -> snapshot.get(Namespace.KV.key().raw(new byte[] {1}).build()));
            assertThrows(UnsupportedOperationException.class, () -> snapshot.scan(ScanRange.all()));
            try (KvIterator it = snapshot.scan(ScanRange.prefix(Namespace.ITEMS.prefix()))) {
                assertTrue(it.hasNext());
            }
        }
    }

    @Test
    void keyValueEntriesMoveBetweenEnginesWhenTheSettingChanges() throws Exception {
        LsmStore lsm = lsm();
        byte[] a = Namespace.KV.key().raw(new byte[] {1}).build();
        byte[] b = Namespace.KV.key().raw(new byte[] {2}).build();
        byte[] item = Namespace.ITEMS.key().raw(new byte[] {1}).build();
        lsm.put(a, new byte[] {10});
        lsm.put(b, new byte[] {20});
        lsm.put(item, new byte[] {30});

        HashLogStore kv = hashLog();
        NamespaceMove.fromOrderedEngine(Namespace.KV, lsm, kv);
        assertArrayEquals(new byte[] {10}, kv.get(a));
        assertArrayEquals(new byte[] {20}, kv.get(b));
        assertNull(lsm.get(a), "moved out of the LSM");
        assertArrayEquals(new byte[] {30}, lsm.get(item), "other namespaces stay");
        kv.put(a, new byte[] {11});

        NamespaceMove.fromHashLog(Namespace.KV, kv, lsm, dir.resolve("kv-hashlog"));
        assertFalse(Files.exists(dir.resolve("kv-hashlog")), "the hash log's directory is removed once its entries are moved");
        assertArrayEquals(new byte[] {11}, lsm.get(a));
        assertArrayEquals(new byte[] {20}, lsm.get(b));
    }

    @Test
    void aHashLogWhoseRemovalStopsPartWayIsNeverMovedAgain() throws Exception {
        LsmStore lsm = lsm();
        byte[] a = Namespace.KV.key().raw(new byte[] {1}).build();
        byte[] b = Namespace.KV.key().raw(new byte[] {2}).build();
        HashLogStore kv = hashLog();
        kv.put(a, new byte[] {1});
        kv.put(b, new byte[] {2});
        kv.put(a, new byte[] {3});
        kv.delete(b);
        Path kvDir = dir.resolve("kv-hashlog");
        java.util.concurrent.atomic.AtomicInteger deletes = new java.util.concurrent.atomic.AtomicInteger();
        NamespaceMove.Deleter failsAtTheSecond = path -> {
            if (deletes.incrementAndGet() == 2) {
                throw new java.io.IOException("Input/output error");
            }
            Files.delete(path);
        };
        assertThrows(java.io.UncheckedIOException.class,
                () -> NamespaceMove.fromHashLog(Namespace.KV, kv, lsm, kvDir, failsAtTheSecond));
        assertFalse(Files.exists(kvDir), "set aside before any of its files was deleted");

        // The next start finishes the removal and finds nothing to move: what is left of the log is never replayed.
        assertFalse(NamespaceMove.hashLogLeftToMove(kvDir));
        assertFalse(Files.exists(dir.resolve("kv-hashlog.removing")));
        assertArrayEquals(new byte[] {3}, lsm.get(a));
        assertNull(lsm.get(b), "a deleted key stays deleted");
    }

    @Test
    void theKeyDirectoryBudgetRefusesNewKeysButNotOverwritesOrDeletes() {
        HashLogStore engine = hashLog();
        KeyDirectoryBudget kv = new KeyDirectoryBudget(engine, 2);
        open.add(kv);
        byte[] a = Namespace.KV.key().raw(new byte[] {1}).build();
        byte[] b = Namespace.KV.key().raw(new byte[] {2}).build();
        byte[] c = Namespace.KV.key().raw(new byte[] {3}).build();
        kv.put(a, new byte[] {1});
        kv.put(b, new byte[] {1});
        CapacityExceededException refused = assertThrows(CapacityExceededException.class, () -> kv.put(c, new byte[] {1}));
        assertTrue(refused.getMessage().contains("distdb.storage.hashlog-max-keys"), refused.getMessage());
        assertThrows(CapacityExceededException.class, () -> kv.write(new WriteBatch().put(a, new byte[] {2}).put(c, new byte[] {1})));
        assertArrayEquals(new byte[] {1}, kv.get(a), "a refused batch applies nothing");
        kv.put(a, new byte[] {3});
        kv.delete(b);
        kv.put(c, new byte[] {1});
        assertEquals(2, engine.liveKeys());
    }

    private HashLogStore hashLogOpened() {
        HashLogStore kv = hashLog();
        open.add(0, kv);
        return kv;
    }

    private static List<String> words(KvStore store) {
        List<String> words = new ArrayList<>();
        try (KvIterator it = store.scan(ScanRange.prefix(Namespace.WORDS.prefix()))) {
            while (it.hasNext()) {
                byte[] key = it.next().key();
                words.add(new String(key, 1, key.length - 1, StandardCharsets.UTF_8));
            }
        }
        return words;
    }

    private static byte[] firstKeyOf(NavigableMap<byte[], byte[]> model, Namespace namespace) {
        byte[] key = model.ceilingKey(namespace.prefix());
        return key != null && key[0] == namespace.tag() ? key : namespace.key().raw(new byte[] {0}).build();
    }

    /** A key in one of a few namespaces, short enough that keys repeat. */
    private static byte[] key(Random random) {
        Namespace namespace = SPREAD[random.nextInt(SPREAD.length)];
        byte[] key = new byte[1 + 1 + random.nextInt(3)];
        key[0] = namespace.tag();
        for (int i = 1; i < key.length; i++) {
            key[i] = (byte) ('a' + random.nextInt(4));
        }
        return key;
    }

    private static List<String> expected(NavigableMap<byte[], byte[]> model, byte[] from, byte[] to, int limit, boolean descending) {
        NavigableMap<byte[], byte[]> view = model;
        if (from != null) {
            view = view.tailMap(from, true);
        }
        if (to != null) {
            view = view.headMap(to, false);
        }
        if (descending) {
            view = view.descendingMap();
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new KeyValue(e.getKey(), e.getValue()).toString());
        }
        return out;
    }

    private static List<String> read(KvStore store, ScanRange range) {
        List<String> out = new ArrayList<>();
        try (KvIterator it = store.scan(range)) {
            while (it.hasNext()) {
                out.add(it.next().toString());
            }
        }
        return out;
    }
}
