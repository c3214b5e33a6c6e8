package io.distdb.storage.hashlog;

import static io.distdb.storage.hashlog.HashLogFixtures.testOptions;
import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.CompactionFilter;
import io.distdb.storage.CorruptionException;
import io.distdb.storage.Durability;
import io.distdb.storage.StorageException;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.testing.FullDisk;
import io.distdb.storage.testing.FullDisk.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Durability order of SYNC writes, merges that fail or crash, damaged files, and the compaction filter. */
class HashLogAuditTest {

    private static final String PAD = "-padding-padding-padding";

    @TempDir
    Path dir;

    private static HashLogOptions sync(FullDisk disk) {
        return testOptions().durability(Durability.SYNC).channels(disk).build();
    }

    /** With SYNC durability a write is visible to readers only once the fsync that covers it has returned. */
    @Test
    void syncWriteIsInvisibleUntilItsFsyncReturns() throws Exception {
        FullDisk disk = new FullDisk();
        try (HashLogStore store = HashLogStore.open(dir, sync(disk))) {
            store.put(b("k"), b("old"));
            FullDisk.Pause fsync = disk.pauseAfter(0, Op.SYNC, "*.data");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> store.put(b("k"), b("new")));
            fsync.awaitReached();
            assertEquals("old", s(store.get(b("k"))), "not durable yet: readers still see the previous value");
            CompletableFuture<Void> deleter = CompletableFuture.runAsync(() -> store.delete(b("gone")));
            fsync.release();
            writer.get(1, TimeUnit.MINUTES);
            deleter.get(1, TimeUnit.MINUTES);
            assertEquals("new", s(store.get(b("k"))));
        }
    }

    /** A failed fsync leaves the write invisible and the store refusing writes, as a failed WAL sync does in the LSM. */
    @Test
    void failedFsyncLeavesTheWriteInvisibleAndTheStoreReadOnly() {
        FullDisk disk = new FullDisk();
        try (HashLogStore store = HashLogStore.open(dir, sync(disk))) {
            store.put(b("acked"), b("1"));
            store.put(b("k"), b("old"));
            disk.fail(Op.SYNC, "*.data");
            assertThrows(StorageException.class, () -> store.put(b("k"), b("new")));
            assertThrows(StorageException.class, () -> store.write(new WriteBatch().put(b("b1"), b("x")).delete(b("acked"))));
            assertEquals("old", s(store.get(b("k"))), "the failed write never became visible");
            assertNull(store.get(b("b1")));
            assertEquals("1", s(store.get(b("acked"))));
            assertEquals(1, store.stats().get("failed"));
            disk.clearFaults();
            StorageException refused = assertThrows(StorageException.class, () -> store.put(b("later"), b("v")));
            assertTrue(refused.getMessage().contains("reopen"), refused.getMessage());
            assertThrows(StorageException.class, store::merge);
            assertEquals("old", s(store.get(b("k"))));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            // The unacknowledged records reached the file (only their fsync failed): either outcome is allowed.
            assertEquals("1", s(store.get(b("acked"))));
            String k = s(store.get(b("k")));
            assertTrue(k.equals("old") || k.equals("new"), k);
            store.put(b("later"), b("v"));
            assertEquals("v", s(store.get(b("later"))));
        }
    }

    private static Map<String, String> churn(HashLogStore store, int rounds) {
        Map<String, String> acked = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 40; k++) {
                if (k % 7 == round % 7) {
                    store.delete(b("key" + k));
                    acked.put("key" + k, null);
                } else {
                    store.put(b("key" + k), b("value" + k + "-" + round + PAD));
                    acked.put("key" + k, "value" + k + "-" + round + PAD);
                }
            }
        }
        return acked;
    }

    private static void assertHolds(HashLogStore store, Map<String, String> acked) {
        acked.forEach((key, value) -> assertEquals(value, s(store.get(b(key))), key));
    }

    /**
     * The n-th write of a merge's output or hint fails (a full disk or an I/O error), the process then dies without
     * a clean close; after reopening, every acknowledged value is there and deleted keys stay deleted.
     */
    @ParameterizedTest
    @CsvSource({"0,*.data.tmp", "1,*.data.tmp", "3,*.data.tmp", "0,*.hint.tmp", "2,*.hint.tmp"})
    void mergeWhoseNthWriteFailsLosesNothingAcknowledged(int pass, String glob) throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().maxSegmentBytes(600).durability(Durability.SYNC).channels(disk).build();
        HashLogStore store = HashLogStore.open(dir, options);
        Map<String, String> acked = churn(store, 5);
        disk.failAfter(pass, Op.WRITE, glob);
        assertThrows(StorageException.class, store::merge);
        assertTrue(disk.events().stream().anyMatch(e -> e.startsWith("CREATE") && e.endsWith(".tmp")), disk.events().toString());
        assertHolds(store, acked);
        store.put(b("after"), b("failed-merge"));
        acked.put("after", "failed-merge");
        // "Crash": the directory lock is dropped with the store, but nothing is cleaned up or forced beyond
        // what SYNC writes already forced.
        disk.clearFaults();
        store.close();
        try (HashLogStore reopened = HashLogStore.open(dir, testOptions().maxSegmentBytes(600).build())) {
            assertHolds(reopened, acked);
            assertEquals(List.of(), HashLogFixtures.files(dir, ".tmp"), "half-written outputs are removed");
            reopened.merge();
            assertHolds(reopened, acked);
        }
        try (HashLogStore reopened = HashLogStore.open(dir, testOptions().maxSegmentBytes(600).build())) {
            assertHolds(reopened, acked);
        }
    }

    /** A damaged segment stops the merge with a report: its bytes are neither copied nor served. */
    @Test
    void mergeReportsADamagedSegmentAndCopiesNothingOfIt() throws Exception {
        HashLogOptions options = testOptions().maxSegmentBytes(600).build();
        Map<String, String> acked;
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            acked = churn(store, 3);
            store.flush();
            Path first = HashLogFixtures.files(dir, ".data").get(0);
            HashLogFixtures.flipByte(first, Files.size(first) / 2);
            CorruptionException e = assertThrows(CorruptionException.class, store::merge);
            assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
            assertEquals(0, store.stats().get("merges"));
            assertTrue(Files.exists(first), "the damaged input is kept for repair");
            assertEquals(List.of(), HashLogFixtures.files(dir, ".hint"));
            // Whatever the keydir points at in the damaged file fails its checksum instead of being returned.
            for (Map.Entry<String, String> kv : acked.entrySet()) {
                try {
                    assertEquals(kv.getValue(), s(store.get(b(kv.getKey()))));
                } catch (CorruptionException damaged) {
                    assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
                }
            }
        }
    }

    static CompactionFilter dropT(AtomicBoolean on) {
        return (key, value) -> on.get() && value.length > 0 && value[0] == 'T';
    }

    @Test
    void compactionFilterDropsKeysInAMerge() throws Exception {
        AtomicBoolean on = new AtomicBoolean(true);
        HashLogOptions options = testOptions().maxSegmentBytes(600).compactionFilter(dropT(on)).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            for (int k = 0; k < 60; k++) {
                store.put(b("key" + k), b("value" + k));
            }
            for (int k = 0; k < 60; k += 4) {
                store.put(b("key" + k), b("T" + k)); // newer segments than the values they replace
            }
            store.put(b("solo"), b("T"));
            assertEquals("T0", s(store.get(b("key0"))));
            store.merge();
            assertNull(store.get(b("key0")));
            assertNull(store.get(b("solo")));
            assertEquals("value1", s(store.get(b("key1"))));
            assertEquals(16, store.stats().get("mergeFilterDrops"));
            assertEquals(45, store.stats().get("liveKeys"));
            for (Path hint : HashLogFixtures.files(dir, ".hint")) {
                assertEquals(-1, HashLogFixtures.indexOf(hint, b("solo")), "no hint entry for a dropped key");
            }
            for (Path data : HashLogFixtures.files(dir, ".data")) {
                assertEquals(-1, HashLogFixtures.indexOf(data, b("solo")), "no copy of a dropped key");
            }
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().maxSegmentBytes(600).build())) {
            for (int k = 0; k < 60; k++) {
                assertEquals(k % 4 == 0 ? null : "value" + k, s(store.get(b("key" + k))), "key" + k);
            }
            assertNull(store.get(b("solo")));
        }
    }

    /** A value the filter kept (grace period not over) is dropped by a later merge, also of merge outputs only. */
    @Test
    void valueKeptByOneMergeIsDroppedByALaterOne() {
        AtomicBoolean on = new AtomicBoolean(false);
        HashLogOptions options = testOptions().maxSegmentBytes(600).compactionFilter(dropT(on)).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("a"), b("old"));
            store.put(b("a"), b("T"));
            store.put(b("b"), b("live"));
            store.merge();
            assertEquals("T", s(store.get(b("a"))));
            on.set(true);
            store.merge();
            assertNull(store.get(b("a")));
            assertEquals("live", s(store.get(b("b"))));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertNull(store.get(b("a")));
            assertEquals("live", s(store.get(b("b"))));
        }
    }

    /** A write made while the merge runs is never undone by the filter's drop of the older value. */
    @Test
    void writeDuringAMergeSurvivesTheFilter() throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().maxSegmentBytes(600).channels(disk)
                .compactionFilter(dropT(new AtomicBoolean(true))).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("k"), b("T-old"));
            store.put(b("pad"), b("x".repeat(100)));
            FullDisk.Pause outputSync = disk.pauseAfter(0, Op.SYNC, "*.data.tmp");
            CompletableFuture<Void> merge = CompletableFuture.runAsync(store::merge);
            outputSync.awaitReached();
            store.put(b("k"), b("rewritten"));
            outputSync.release();
            merge.get(1, TimeUnit.MINUTES);
            assertEquals("rewritten", s(store.get(b("k"))));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("rewritten", s(store.get(b("k"))));
        }
    }

    /**
     * Outside SYNC durability the keydir points at a record as soon as it is appended, so a merge skips an older
     * record that a write made meanwhile replaced. Before the merge deletes the input holding the older record, the
     * newer one must be durable: a power loss would otherwise lose both and the key with them.
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"NONE", "INTERVAL"})
    void mergeMakesTheWritesItReliedOnDurableBeforeDeletingItsInputs(Durability durability) throws Exception {
        FullDisk disk = new FullDisk();
        // The periodic fsync never comes within the test: only the merge can make the new value durable.
        HashLogOptions options = testOptions().durability(durability).syncIntervalMillis(3_600_000).channels(disk).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("a"), b("first"));
            store.put(b("k"), b("v1"));
            store.flush();
            Path input = HashLogFixtures.lastSegment(dir);
            // The merge creates its output when it reaches "a", before it looks at "k".
            FullDisk.Pause outputCreated = disk.pauseAfter(0, Op.CREATE, "*.data.tmp");
            CompletableFuture<Void> merge = CompletableFuture.runAsync(store::merge);
            outputCreated.awaitReached();
            store.put(b("k"), b("v2")); // appended to the segment after the merge's input, not fsync-ed
            Path active = HashLogFixtures.lastSegment(dir);
            int before = disk.events().size();
            outputCreated.release();
            merge.get(1, TimeUnit.MINUTES);
            List<String> events = disk.events().subList(before, disk.events().size());
            int inputDeleted = events.indexOf("DELETE " + input.getFileName());
            int newValueSynced = events.indexOf("SYNC " + active.getFileName());
            assertTrue(inputDeleted >= 0, events.toString());
            assertTrue(newValueSynced >= 0 && newValueSynced < inputDeleted,
                    "the segment holding v2 is fsync-ed before the input holding v1 is deleted: " + events);
            assertEquals("v2", s(store.get(b("k"))));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("v2", s(store.get(b("k"))));
            assertEquals("first", s(store.get(b("a"))));
        }
    }
}
