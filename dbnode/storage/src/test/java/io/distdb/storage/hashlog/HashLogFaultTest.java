package io.distdb.storage.hashlog;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static io.distdb.storage.hashlog.HashLogFixtures.testOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.StorageException;
import io.distdb.storage.testing.FullDisk;
import io.distdb.storage.testing.FullDisk.Op;
import io.distdb.storage.StoreLimits;
import io.distdb.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashLogFaultTest {

    @TempDir
    Path dir;

    @Test
    void writesOverTheLimitsAreRejectedBeforeAnythingIsWritten() throws Exception {
        HashLogOptions options = testOptions().limits(new StoreLimits(8, 16)).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("ok"), b("fine"));
            long bytes = Files.size(HashLogFixtures.lastSegment(dir));
            assertThrows(IllegalArgumentException.class, () -> store.put(new byte[0], b("v")));
            assertThrows(IllegalArgumentException.class, () -> store.put(b("key-too-long"), b("v")));
            assertThrows(IllegalArgumentException.class, () -> store.put(b("k"), new byte[17]));
            assertThrows(IllegalArgumentException.class, () -> store.delete(new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> store.delete(b("key-too-long")));
            IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                    () -> store.write(new WriteBatch().put(b("good"), b("v")).put(b("bad"), new byte[17])));
            assertTrue(batch.getMessage().contains("over the limit"), batch.getMessage());
            assertNull(store.get(b("good")), "a rejected batch applies none of its operations");
            assertEquals(bytes, Files.size(HashLogFixtures.lastSegment(dir)), "nothing reached the log");
            assertEquals(1, store.stats().get("liveKeys"));
            store.put(b("k"), new byte[16]);
        }
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertNull(store.get(b("good")));
            assertEquals("fine", s(store.get(b("ok"))));
            assertEquals(16, store.get(b("k")).length);
        }
    }

    @Test
    void diskFullFailsTheWriteAndKeepsEarlierData() {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().channels(disk).build();
        int written = 0;
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            for (; written < 20; written++) {
                store.put(b("key" + written), b("value" + written));
            }
            disk.setFreeBytes(100);
            StorageException failure = null;
            for (int i = written; i < written + 10 && failure == null; i++) {
                try {
                    store.put(b("key" + i), b("value-that-is-rather-long-" + i));
                    written = i + 1;
                } catch (StorageException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null && failure.getMessage().contains("No space left on device"), String.valueOf(failure));
            int failedKey = written;
            assertNull(store.get(b("key" + failedKey)), "the failed write is not visible");
            assertEquals("value0", s(store.get(b("key0"))));
            assertThrows(StorageException.class,
                    () -> store.write(new WriteBatch().put(b("x"), new byte[200]).put(b("y"), new byte[200])));
            assertNull(store.get(b("x")));
            // Space comes back: the store goes on, the failed bytes were cut off the log.
            disk.unlimited();
            store.put(b("later"), b("fits"));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            for (int i = 0; i < written; i++) {
                assertEquals(i < 20 ? "value" + i : "value-that-is-rather-long-" + i, s(store.get(b("key" + i))));
            }
            assertNull(store.get(b("key" + written)));
            assertNull(store.get(b("x")));
            assertNull(store.get(b("y")));
            assertEquals("fits", s(store.get(b("later"))));
            assertEquals(0, store.stats().get("recoveredTailBytes"), "no half record was left in the log");
        }
    }

    @Test
    void writeThatCannotBeCutBackLeavesTheStoreRefusingWrites() {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().channels(disk).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("before"), b("safe"));
            disk.setFreeBytes(10);
            disk.failTruncate(true);
            assertThrows(StorageException.class, () -> store.put(b("half"), b("written")));
            disk.unlimited();
            StorageException refused = assertThrows(StorageException.class, () -> store.put(b("next"), b("v")));
            assertTrue(refused.getMessage().contains("reopen"), refused.getMessage());
            assertEquals("safe", s(store.get(b("before"))), "reads still work");
            assertEquals(1, store.stats().get("failed"));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("safe", s(store.get(b("before"))));
            assertNull(store.get(b("half")));
            assertTrue(store.stats().get("recoveredTailBytes") > 0, "recovery cut the half record");
            store.put(b("after"), b("reopen"));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("reopen", s(store.get(b("after"))));
        }
    }

    @Test
    void failedRollOverFailsOnlyThatWrite() {
        FullDisk disk = new FullDisk();
        boolean[] refuseNewFiles = {false};
        HashLogOptions options = testOptions().maxSegmentBytes(128).channels((path, opts) -> {
            if (refuseNewFiles[0] && java.util.Arrays.asList(opts).contains(java.nio.file.StandardOpenOption.CREATE_NEW)) {
                throw new java.io.IOException("No space left on device");
            }
            return disk.open(path, opts);
        }).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("a"), new byte[80]);
            refuseNewFiles[0] = true;
            assertThrows(StorageException.class, () -> store.put(b("b"), new byte[80]));
            refuseNewFiles[0] = false;
            store.put(b("c"), new byte[80]);
            assertNull(store.get(b("b")));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals(80, store.get(b("a")).length);
            assertNull(store.get(b("b")));
            assertEquals(80, store.get(b("c")).length);
        }
    }

    @Test
    void rollOverWhoseDirectoryEntryCannotBeMadeDurableFailsOnlyThatWrite() throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().maxSegmentBytes(128).channels(disk).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("a"), new byte[80]);
            disk.fail(Op.SYNC, dir.getFileName().toString());
            assertThrows(StorageException.class, () -> store.put(b("b"), new byte[80]));
            disk.clearFaults();
            assertEquals(1, HashLogFixtures.dataFileCount(dir), "the new segment was removed");
            assertNull(store.get(b("b")));
            store.put(b("c"), new byte[80]);
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals(80, store.get(b("a")).length);
            assertNull(store.get(b("b")));
            assertEquals(80, store.get(b("c")).length);
        }
    }

    /** Writes three versions of 30 keys over many small segments; returns what each key holds. */
    private static Map<String, String> churn(HashLogStore store) {
        Map<String, String> expected = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 30; k++) {
                store.put(b("key" + k), b("value" + k + "-" + round));
                expected.put("key" + k, "value" + k + "-" + round);
            }
        }
        return expected;
    }

    private static void assertHolds(HashLogStore store, Map<String, String> expected) {
        expected.forEach((key, value) -> assertEquals(value, s(store.get(b(key))), key));
    }

    /**
     * A merge that fails at any step before its outputs and their hints are durable under their final names must
     * change nothing: keys stay where they were, inputs stay, outputs are removed. The last case is a directory
     * that cannot even be opened for its sync, which must not count as synced.
     */
    @ParameterizedTest
    @ValueSource(strings = {"output data sync", "hint sync", "hint rename", "directory sync", "directory open"})
    void mergeThatFailsBeforeItsOutputsAreDurableChangesNothing(String step) throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().maxSegmentBytes(1024).channels(disk).build();
        String dirName = dir.getFileName().toString();
        Map<String, String> expected;
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            expected = churn(store);
            List<Path> inputs = HashLogFixtures.files(dir, ".data");
            switch (step) {
                case "output data sync" -> disk.fail(Op.SYNC, "*.data.tmp");
                case "hint sync" -> disk.fail(Op.SYNC, "*.hint.tmp");
                case "hint rename" -> disk.fail(Op.RENAME, "*.hint");
                // The merge first rolls the active segment over, which syncs the directory once.
                case "directory sync" -> disk.failAfter(1, Op.SYNC, dirName);
                case "directory open" -> disk.failAfter(1, Op.OPEN, dirName);
                default -> throw new IllegalArgumentException(step);
            }
            assertThrows(StorageException.class, store::merge);
            disk.clearFaults();
            if (step.startsWith("directory")) {
                assertTrue(disk.events().stream().anyMatch(e -> e.startsWith("RENAME") && e.endsWith(".hint")),
                        "the outputs were complete: " + disk.events());
            }
            assertHolds(store, expected);
            assertEquals(0, store.stats().get("merges"));
            assertTrue(HashLogFixtures.files(dir, ".data").containsAll(inputs), "every input is kept");
            assertEquals(inputs.size() + 1, HashLogFixtures.dataFileCount(dir), "no output is left, only the new active segment");
            assertEquals(List.of(), HashLogFixtures.files(dir, ".hint"));
            assertEquals(List.of(), HashLogFixtures.files(dir, ".tmp"));
            store.merge();
            assertHolds(store, expected);
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertHolds(store, expected);
        }
    }

    /**
     * Inputs go oldest first, each deletion synced before the next, so that a crash never keeps an older input
     * (whose values a newer input's tombstones may hide) while losing a newer one.
     */
    @Test
    void mergeDeletesItsInputsOldestFirstEachDeletionDurableBeforeTheNext() throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().maxSegmentBytes(1024).channels(disk).build();
        String dirSync = "SYNC " + dir.getFileName();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            Map<String, String> expected = churn(store);
            List<String> expectedOrder = new ArrayList<>();
            for (Path input : HashLogFixtures.files(dir, ".data")) {
                expectedOrder.add("DELETE " + input.getFileName());
                expectedOrder.add(dirSync);
            }
            assertTrue(expectedOrder.size() >= 6, "several inputs: " + expectedOrder);
            int before = disk.events().size();
            store.merge();
            List<String> deletionsAndSyncs = new ArrayList<>();
            for (String e : disk.events().subList(before, disk.events().size())) {
                if (e.startsWith("DELETE") && e.endsWith(".data") || e.equals(dirSync)) {
                    deletionsAndSyncs.add(e);
                }
            }
            int first = deletionsAndSyncs.indexOf(expectedOrder.get(0));
            assertTrue(first >= 0, deletionsAndSyncs.toString());
            assertEquals(expectedOrder, deletionsAndSyncs.subList(first, deletionsAndSyncs.size()));
            assertHolds(store, expected);
        }
    }

    /**
     * A merge that could not delete one of its inputs leaves it on disk, where the next open replays it before the
     * outputs. A later merge must delete it before deleting anything newer, or the tombstone that hides its value
     * could go first and the value come back.
     */
    @Test
    void inputThatCouldNotBeDeletedGoesBeforeTheNextMergeDeletesAnything() throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().maxSegmentBytes(1024).channels(disk).build();
        String big = "x".repeat(600);
        List<Path> inputs;
        StorageException failure;
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("k"), b("old" + big));
            store.put(b("k"), b("new" + big)); // rolls over: a second segment
            store.put(b("other"), b("kept"));
            inputs = HashLogFixtures.files(dir, ".data");
            assertEquals(2, inputs.size());
            disk.fail(Op.DELETE, inputs.get(1).getFileName().toString());
            failure = assertThrows(StorageException.class, store::merge);
            disk.clearFaults();
            assertFalse(Files.exists(inputs.get(0)));
            assertTrue(Files.exists(inputs.get(1)), "left behind with \"new\" in it");
            assertEquals("new" + big, s(store.get(b("k"))));

            store.delete(b("k")); // the tombstone goes to a segment after the merge's inputs
            store.merge();        // merges that segment and the outputs away
            assertNull(store.get(b("k")));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertNull(s(store.get(b("k"))), "a deleted value must not come back");
            assertEquals("kept", s(store.get(b("other"))));
        }
        assertFalse(Files.exists(inputs.get(1)), "the second merge deleted it first");
        assertTrue(failure.getMessage().contains("next merge retries"), failure.getMessage());
    }

    /**
     * A merge output renamed into place is abandoned when the directory sync after the rename fails; if it cannot
     * be deleted either, it stays on disk, where the next open replays it like any segment. The next merge must
     * delete it before deleting anything, or the tombstone that hides its copy of a value could go first and the
     * value come back.
     */
    @Test
    void outputThatCouldNotBeRemovedGoesBeforeTheNextMergeDeletesAnything() throws Exception {
        FullDisk disk = new FullDisk();
        HashLogOptions options = testOptions().channels(disk).build();
        Path output;
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            store.put(b("k"), b("value"));
            store.put(b("other"), b("kept"));
            Path input = HashLogFixtures.lastSegment(dir);
            output = SegmentFiles.data(dir, SegmentFiles.id(SegmentFiles.generation(
                    SegmentFiles.parse(input.getFileName().toString(), SegmentFiles.DATA_SUFFIX)), 1));
            // The first directory sync is the roll-over's new segment, the second the one after the output's rename.
            disk.failAfter(1, Op.SYNC, dir.getFileName().toString());
            disk.fail(Op.DELETE, output.getFileName().toString());
            assertThrows(StorageException.class, store::merge);
            disk.clearFaults();
            assertTrue(Files.exists(output), "left behind with \"value\" in it");
            assertEquals("value", s(store.get(b("k"))));

            store.delete(b("k")); // the tombstone goes to a segment newer than the left-over output
            store.merge();        // copies no record of k and deletes the segment holding the tombstone
            assertNull(store.get(b("k")));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertNull(s(store.get(b("k"))), "a deleted value must not come back");
            assertEquals("kept", s(store.get(b("other"))));
        }
        assertFalse(Files.exists(output), "the second merge deleted it first");
    }
}
