package io.distdb.storage.hashlog;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static io.distdb.storage.hashlog.HashLogFixtures.testOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.StoreStats;
import io.distdb.storage.testing.AwaitStat;
import io.distdb.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashLogMergeTest {

    @TempDir
    Path dir;

    private final HashLogOptions options = testOptions().maxSegmentBytes(1024).build();

    /** Writes {@code rounds} versions of {@code keys} keys and deletes every tenth key. */
    private static void churn(HashLogStore store, int keys, int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < keys; k++) {
                store.put(b("key" + k), b("value" + k + "-v" + round));
            }
        }
        for (int k = 0; k < keys; k += 10) {
            store.delete(b("key" + k));
        }
    }

    private static void assertChurned(HashLogStore store, int keys, int rounds) {
        for (int k = 0; k < keys; k++) {
            String v = s(store.get(b("key" + k)));
            if (k % 10 == 0) {
                assertNull(v, "key" + k);
            } else {
                assertEquals("value" + k + "-v" + (rounds - 1), v, "key" + k);
            }
        }
    }

    @Test
    void rollsOverIntoManySegmentsAndReadsThemAllBack() {
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            churn(store, 100, 3);
            assertTrue(store.stats().get("segments") > 10, store.stats().toString());
            assertEquals(store.stats().get("segments"), HashLogFixtures.dataFileCount(dir));
            assertChurned(store, 100, 3);
        }
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertChurned(store, 100, 3);
            assertEquals(90, store.stats().get("liveKeys"));
        }
    }

    @Test
    void mergeReclaimsDeadBytesAndKeepsEveryLiveValue() {
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            churn(store, 100, 5);
            StoreStats before = store.stats();
            assertTrue(before.get("deadBytes") > before.get("diskBytes") / 2, before.toString());
            store.merge();
            StoreStats after = store.stats();
            assertTrue(after.get("diskBytes") < before.get("diskBytes") / 3, before + " -> " + after);
            assertEquals(0, after.get("deadBytes"), after.toString());
            assertEquals(1, after.get("merges"));
            assertChurned(store, 100, 5);
            assertEquals(after.get("segments"), HashLogFixtures.dataFileCount(dir), "retired segments are deleted");
            store.merge(); // nothing left to reclaim
            assertEquals(1, store.stats().get("merges"));
        }
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertChurned(store, 100, 5);
            assertTrue(store.stats().get("openHintFiles") > 0, "start-up reads the hint files");
            assertEquals(1, store.stats().get("openScannedSegments"), "only the active segment is scanned");
        }
    }

    @Test
    void deletedKeysStayDeletedAcrossMergesAndReopens() {
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("k"), b("1"));
            store.merge();
            store.delete(b("k"));
            store.put(b("other"), b("2"));
            store.merge(); // drops both the merged put and the tombstone
            assertNull(store.get(b("k")));
        }
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertNull(store.get(b("k")));
            assertEquals("2", s(store.get(b("other"))));
            store.merge();
        }
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertNull(store.get(b("k")));
            assertEquals("2", s(store.get(b("other"))));
        }
    }

    @Test
    void crashAnywhereInTheMergeFileSwapLeavesTheSameKeys() throws Exception {
        HashLogOptions small = testOptions().maxSegmentBytes(512).build();
        try (HashLogStore store = HashLogStore.open(dir, small)) {
            for (int k = 0; k < 50; k++) {
                store.put(b("key" + k), b("v1-" + k));
            }
            for (int k = 0; k < 10; k++) {
                store.delete(b("key" + k)); // tombstones in later segments than the values they delete
            }
            for (int k = 10; k < 20; k++) {
                store.put(b("key" + k), b("v2-" + k));
            }
        }
        Map<Path, byte[]> inputs = new TreeMap<>();
        for (Path p : HashLogFixtures.files(dir, ".data")) {
            inputs.put(p, Files.readAllBytes(p));
        }
        assertTrue(inputs.size() > 3);
        try (HashLogStore store = HashLogStore.open(dir, small)) {
            store.merge();
        }
        List<Path> ordered = new ArrayList<>(inputs.keySet());
        // The merge deletes its inputs oldest first: a crash leaves the newest `kept` of them beside the outputs.
        for (int kept = 0; kept <= ordered.size(); kept++) {
            List<Path> restored = ordered.subList(ordered.size() - kept, ordered.size());
            for (Path p : restored) {
                Files.write(p, inputs.get(p));
            }
            Files.write(dir.resolve("000000000099-0000001.data.tmp"), b("half-written merge output"));
            try (HashLogStore store = HashLogStore.open(dir, small)) {
                for (int k = 0; k < 50; k++) {
                    String expected = k < 10 ? null : (k < 20 ? "v2-" : "v1-") + k;
                    assertEquals(expected, s(store.get(b("key" + k))), "key" + k + " with " + kept + " inputs left");
                }
            }
            for (Path p : restored) {
                Files.delete(p);
            }
        }
    }

    @Test
    void damagedHintFileFallsBackToScanningItsSegment() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            churn(store, 100, 3);
            store.merge();
        }
        List<Path> hints = HashLogFixtures.files(dir, ".hint");
        assertTrue(hints.size() > 1);
        HashLogFixtures.flipByte(hints.get(0), Files.size(hints.get(0)) / 2);
        HashLogFixtures.truncateBy(hints.get(1), 10);
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertChurned(store, 100, 3);
            assertEquals(hints.size() - 2, store.stats().get("openHintFiles"));
            assertEquals(3, store.stats().get("openScannedSegments"));
        }
    }

    @Test
    void hintFileOfAnotherSegmentIsNotTrusted() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            churn(store, 100, 3);
            store.merge();
        }
        List<Path> hints = HashLogFixtures.files(dir, ".hint");
        assertTrue(hints.size() > 1);
        // A well-formed hint file, but for the neighbouring segment: trusting it would send reads to wrong offsets.
        Files.copy(hints.get(0), hints.get(1), StandardCopyOption.REPLACE_EXISTING);
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertChurned(store, 100, 3);
            assertEquals(hints.size() - 1, store.stats().get("openHintFiles"));
        }
    }

    @Test
    void backgroundMergeStartsWhenDeadBytesPassTheTrigger() throws Exception {
        HashLogOptions background = options.toBuilder().backgroundMerge(true).mergeTriggerDeadFraction(0.3).build();
        try (HashLogStore store = HashLogStore.open(dir, background)) {
            churn(store, 50, 8);
            // Writes are what check the trigger.
            AwaitStat.atLeast(store, "merges", 1, () -> store.put(b("tick"), b("x")));
            assertTrue(store.stats().get("merges") > 0, store.stats().toString());
            assertChurned(store, 50, 8);
        }
        try (HashLogStore store = HashLogStore.open(dir, background)) {
            assertChurned(store, 50, 8);
        }
    }

    @Test
    void mergeWhileReadersAndWritersRunLosesNothing() throws Exception {
        int stableKeys = 300;
        HashLogOptions small = options.toBuilder().maxSegmentBytes(4096).build();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (HashLogStore store = HashLogStore.open(dir, small)) {
            for (int k = 0; k < stableKeys; k++) {
                store.put(b("stable" + k), b("stable-value-" + k));
            }
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    int version = 0;
                    while (!stop.get()) {
                        String key = "w" + writer + "-" + ThreadLocalRandom.current().nextInt(200);
                        String value = key + "@" + version++;
                        if (version % 7 == 0) {
                            store.delete(b(key));
                            acknowledged.put(key, "");
                        } else if (version % 5 == 0) {
                            String other = "w" + writer + "-batch" + ThreadLocalRandom.current().nextInt(20);
                            store.write(new WriteBatch().put(b(key), b(value)).put(b(other), b(value)));
                            acknowledged.put(key, value);
                            acknowledged.put(other, value);
                        } else {
                            store.put(b(key), b(value));
                            acknowledged.put(key, value);
                        }
                        // Overwrite stable keys with the same value to create dead bytes among them too.
                        int k = ThreadLocalRandom.current().nextInt(stableKeys);
                        store.put(b("stable" + k), b("stable-value-" + k));
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        int k = ThreadLocalRandom.current().nextInt(stableKeys);
                        byte[] v = store.get(b("stable" + k));
                        assertNotNull(v, "stable" + k + " vanished during a merge");
                        assertEquals("stable-value-" + k, s(v));
                    }
                }));
            }
            for (Thread t : threads) {
                t.setUncaughtExceptionHandler((th, e) -> error.compareAndSet(null, e));
                t.start();
            }
            for (int m = 0; m < 6; m++) {
                // Each merge has new writes to merge, however slowly the writers run.
                AwaitStat.atLeast(store, "puts", store.stats().get("puts") + 50);
                store.merge();
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            if (error.get() != null) {
                throw new AssertionError("a worker failed", error.get());
            }
            assertEquals(6, store.stats().get("merges"), store.stats().toString());
            assertAcknowledged(store, acknowledged, stableKeys);
            store.merge();
            assertAcknowledged(store, acknowledged, stableKeys);
        }
        try (HashLogStore store = HashLogStore.open(dir, small)) {
            assertAcknowledged(store, acknowledged, stableKeys);
        }
    }

    private static void assertAcknowledged(HashLogStore store, Map<String, String> acknowledged, int stableKeys) {
        assertTrue(acknowledged.size() > 50, "the writers made progress");
        acknowledged.forEach((key, value) -> assertEquals(value.isEmpty() ? null : value, s(store.get(b(key))), key));
        for (int k = 0; k < stableKeys; k++) {
            assertEquals("stable-value-" + k, s(store.get(b("stable" + k))));
        }
    }
}
