package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Durability;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StoreLimits;
import io.distdb.storage.StoreLockedException;
import io.distdb.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsmStoreTest {

    @TempDir
    Path dir;

    static LsmOptions small() {
        return LsmOptions.builder()
                .durability(Durability.NONE)
                .memtableBytes(16 * 1024)
                .tableTargetBytes(8 * 1024)
                .levelOneBytes(32 * 1024)
                .blockBytes(512)
                .blockCacheBytes(64 * 1024)
                .build();
    }

    static List<String> keys(KvIterator it) {
        List<String> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                out.add(s(it.next().key()));
            }
        }
        return out;
    }

    @Test
    void putGetDeleteAndOverwrite() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("a"), b("1"));
            store.put(b("b"), b("2"));
            store.put(b("a"), b("3"));
            store.delete(b("b"));
            assertEquals("3", s(store.get(b("a"))));
            assertNull(store.get(b("b")));
            assertNull(store.get(b("c")));
        }
    }

    @Test
    void dataSurvivesReopenFromLogAndFromTables() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            for (int i = 0; i < 2000; i++) {
                store.put(b(String.format("key%05d", i)), b("value" + i));
            }
            store.delete(b("key00007"));
            assertTrue(store.stats().get("flushes") > 0, "the small memtable must have been flushed");
        }
        try (LsmStore store = LsmStore.open(dir, small())) {
            assertEquals("value1999", s(store.get(b("key01999"))));
            assertEquals("value0", s(store.get(b("key00000"))));
            assertNull(store.get(b("key00007")));
            assertEquals(1999, keys(store.scan(ScanRange.all())).size());
        }
    }

    @Test
    void scansHonourBoundsDirectionAndLimit() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            for (String k : List.of("apple", "apricot", "banana", "blueberry", "cherry")) {
                store.put(b(k), b(k.toUpperCase()));
            }
            store.flush();
            store.put(b("avocado"), b("AVOCADO"));
            store.delete(b("banana"));

            assertEquals(List.of("apple", "apricot", "avocado", "blueberry", "cherry"), keys(store.scan(ScanRange.all())));
            assertEquals(List.of("cherry", "blueberry", "avocado", "apricot", "apple"),
                    keys(store.scan(ScanRange.all().descending())));
            assertEquals(List.of("apple", "apricot", "avocado"), keys(store.scan(ScanRange.prefix(b("a")))));
            assertEquals(List.of("avocado", "apricot"), keys(store.scan(ScanRange.prefix(b("a")).descending().limit(2))));
            assertEquals(List.of("apricot", "avocado", "blueberry"), keys(store.scan(ScanRange.between(b("apricot"), b("c")))));
            assertEquals(List.of("blueberry", "avocado", "apricot"),
                    keys(store.scan(ScanRange.between(b("apricot"), b("c")).descending())));
            assertEquals(List.of(), keys(store.scan(ScanRange.prefix(b("z")))));
        }
    }

    @Test
    void batchIsAppliedWhole() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("gone"), b("x"));
            store.write(new WriteBatch().put(b("k1"), b("v1")).delete(b("gone")).put(b("k2"), b("v2")));
            assertEquals("v1", s(store.get(b("k1"))));
            assertEquals("v2", s(store.get(b("k2"))));
            assertNull(store.get(b("gone")));
        }
    }

    @Test
    void badBatchIsRejectedBeforeAnythingIsWritten() {
        LsmOptions options = small().toBuilder().limits(new StoreLimits(8, 16)).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            WriteBatch batch = new WriteBatch().put(b("ok"), b("fine")).put(b("waytoolongkey"), b("v"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.write(batch));
            assertTrue(e.getMessage().contains("over the limit of 8"), e.getMessage());
            assertNull(store.get(b("ok")));
            assertThrows(IllegalArgumentException.class, () -> store.put(new byte[0], b("v")));
            assertThrows(IllegalArgumentException.class, () -> store.put(b("k"), new byte[17]));
            assertEquals(0, keys(store.scan(ScanRange.all())).size());
        }
    }

    @Test
    void snapshotSeesTheStoreAsItWasAcrossFlushAndCompaction() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("k"), b("old"));
            store.put(b("d"), b("present"));
            try (Snapshot snap = store.snapshot()) {
                store.put(b("k"), b("new"));
                store.delete(b("d"));
                store.put(b("later"), b("x"));
                store.compactAll();
                assertEquals("old", s(snap.get(b("k"))));
                assertEquals("present", s(snap.get(b("d"))));
                assertNull(snap.get(b("later")));
                assertEquals(List.of("d", "k"), keys(snap.scan(ScanRange.all())));
            }
            assertEquals("new", s(store.get(b("k"))));
            assertNull(store.get(b("d")));
        }
    }

    @Test
    void iteratorIgnoresWritesMadeAfterItOpened() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            for (int i = 0; i < 100; i++) {
                store.put(b(String.format("k%03d", i)), b("v"));
            }
            try (KvIterator it = store.scan(ScanRange.all())) {
                for (int i = 0; i < 100; i++) {
                    store.put(b(String.format("k%03d", i) + "x"), b("new"));
                }
                store.delete(b("k050"));
                store.flush();
                int n = 0;
                while (it.hasNext()) {
                    KeyValue kv = it.next();
                    assertEquals("v", s(kv.value()));
                    n++;
                }
                assertEquals(100, n);
            }
        }
    }

    @Test
    void compactionDropsOverwrittenValuesAndTombstones() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            byte[] value = new byte[100];
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 500; i++) {
                    store.put(b(String.format("key%04d", i)), value);
                }
            }
            for (int i = 0; i < 250; i++) {
                store.delete(b(String.format("key%04d", i)));
            }
            store.compactAll();
            long bytes = store.stats().get("tableBytes");
            // 250 live entries of ~110 bytes; five copies plus tombstones would be over 250 KB.
            assertTrue(bytes < 60_000, "live data only after full compaction, got " + bytes + " bytes");
            assertEquals(250, keys(store.scan(ScanRange.all())).size());
            assertNull(store.get(b("key0100")));
            assertArrayEquals(value, store.get(b("key0400")));
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            assertThrows(StoreLockedException.class, () -> LsmStore.open(dir, small()));
            store.put(b("still"), b("works"));
        }
        try (LsmStore again = LsmStore.open(dir, small())) {
            assertEquals("works", s(again.get(b("still"))));
        }
    }

    @Test
    void closedStoreRefusesUse() {
        LsmStore store = LsmStore.open(dir, small());
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.put(b("a"), b("b")));
        assertThrows(IllegalStateException.class, () -> store.get(b("a")));
    }

    @Test
    void concurrentWritersAreAllDurableAndVisible() throws Exception {
        LsmOptions options = small().toBuilder().durability(Durability.SYNC).build();
        int threads = 4;
        int perThread = 300;
        try (LsmStore store = LsmStore.open(dir, options)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.put(b("t" + id + "-" + i), b("v" + i));
                    }
                });
                workers.add(th);
                th.start();
            }
            for (Thread th : workers) {
                th.join();
            }
            assertTrue(store.stats().get("groupCommits") <= threads * perThread);
        }
        try (LsmStore store = LsmStore.open(dir, options)) {
            assertEquals(threads * perThread, keys(store.scan(ScanRange.all())).size());
            assertEquals("v299", s(store.get(b("t3-299"))));
        }
    }
}
