package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Durability;
import io.distdb.storage.StorageException;
import io.distdb.storage.lsm.version.FileNames;
import io.distdb.storage.testing.AwaitStat;
import io.distdb.storage.testing.FullDisk;
import io.distdb.storage.testing.FullDisk.Op;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsmFaultTest {

    @TempDir
    Path dir;

    private static LsmOptions options() {
        return LsmOptions.builder().durability(Durability.SYNC).build();
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void tornLogTailIsDroppedAndEarlierWritesKept() throws Exception {
        try (LsmStore store = LsmStore.open(dir, options())) {
            for (int i = 0; i < 50; i++) {
                store.put(b("key" + i), b("value" + i));
            }
        }
        Path log = files(".log").get(0);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(f.length() - 3); // the last record is cut, as by a crash mid-write
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertEquals("value48", s(store.get(b("key48"))));
            assertNull(store.get(b("key49")), "a torn record is never replayed");
            assertTrue(store.stats().get("recoveredTailBytesDropped") > 0);
            store.put(b("key49"), b("again"));
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertEquals("again", s(store.get(b("key49"))));
            assertEquals("value0", s(store.get(b("key0"))));
        }
    }

    @Test
    void fullDiskFailsTheWriteAndTheStoreGoesOnOnceSpaceIsBack() {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            store.put(b("before"), b("kept"));
            disk.setFreeBytes(10);
            StorageException e = assertThrows(StorageException.class, () -> store.put(b("during"), b("x".repeat(100))));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertNull(store.get(b("during")));
            assertEquals("kept", s(store.get(b("before"))));
            disk.unlimited();
            store.put(b("after"), b("written"));
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertEquals("kept", s(store.get(b("before"))));
            assertNull(store.get(b("during")), "the failed write must not reappear after a restart");
            assertEquals("written", s(store.get(b("after"))));
        }
    }

    @Test
    void failedRollbackMakesTheStoreRefuseWritesWithoutLosingAcknowledgedOnes() {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            store.put(b("before"), b("kept"));
            disk.setFreeBytes(5);
            disk.failTruncate(true);
            assertThrows(StorageException.class, () -> store.put(b("during"), b("x".repeat(100))));
            disk.unlimited();
            // A half record may sit at the end of the log now: appending behind it would hide later writes.
            StorageException e = assertThrows(StorageException.class, () -> store.put(b("after"), b("y")));
            assertTrue(e.getMessage().contains("unusable"), e.getMessage());
            assertEquals("kept", s(store.get(b("before"))));
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertEquals("kept", s(store.get(b("before"))));
            assertNull(store.get(b("during")));
        }
    }

    @Test
    void diskFullDuringBackgroundFlushStopsWritesAndLosesNothingAcknowledged() {
        FullDisk disk = new FullDisk();
        LsmOptions options = LsmOptions.builder().durability(Durability.NONE).memtableBytes(32 * 1024)
                .maxImmutableMemtables(1).channels(disk).build();
        List<String> acknowledged = new ArrayList<>();
        StorageException failure = null;
        try (LsmStore store = LsmStore.open(dir, options)) {
            for (int i = 0; i < 200; i++) {
                store.put(b("early" + i), b("v".repeat(100)));
                acknowledged.add("early" + i);
            }
            // The early writes filled one memtable: its flush must be done before the disk fills, or where
            // it fails would depend on how far it got meanwhile.
            store.awaitBackgroundIdle();
            assertEquals(1, store.stats().get("flushes"));
            // Room for a few dozen log records: the log fills up long before the memtable does, so no flush
            // runs while the disk fills.
            disk.setFreeBytes(8 * 1024);
            for (int i = 0; i < 10_000 && failure == null; i++) {
                try {
                    store.put(b("late" + i), b("v".repeat(100)));
                    acknowledged.add("late" + i);
                } catch (StorageException e) {
                    failure = e;
                }
            }
            assertNotNull(failure, "writes must fail once the disk is full");
            assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
            // flush() hands the memtable to the flush thread and returns once its failure is recorded.
            StorageException flushFailure = assertThrows(StorageException.class, store::flush,
                    "a memtable cannot be flushed to a full disk");
            assertTrue(flushFailure.getMessage().contains("No space left on device"), flushFailure.getMessage());
            disk.unlimited();
            assertThrows(StorageException.class, () -> store.put(b("refused"), b("v")),
                    "after a failed flush the store refuses writes until reopened");
            for (String key : acknowledged) {
                assertEquals("v".repeat(100), s(store.get(b(key))), "readable while failed: " + key);
            }
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            for (String key : acknowledged) {
                assertEquals("v".repeat(100), s(store.get(b(key))), "acknowledged before the failure: " + key);
            }
            assertNull(store.get(b("refused")));
        }
    }

    private static void putKeys(LsmStore store, String prefix, String value) {
        for (int i = 0; i < 50; i++) {
            store.put(b(prefix + i), b(value + i));
        }
    }

    private static void assertKeys(LsmStore store, String prefix, String value) {
        for (int i = 0; i < 50; i++) {
            assertEquals(value + i, s(store.get(b(prefix + i))), prefix + i);
        }
    }

    /**
     * The flush writes its table and then fails to replace the manifest. The flushed memtable must stay in
     * the read path even when a compaction that was already running installs a new version afterwards, and
     * its log must stay for the next open.
     */
    @Test
    void failedManifestWriteAfterAFlushKeepsTheMemtableReadable() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().levelZeroCompactionTrigger(2).channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            // The two flushes below write two tables; the third table is the compaction's output: held.
            FullDisk.Pause compaction = disk.pauseAfter(2, Op.CREATE, "*.sst");
            putKeys(store, "key", "first");
            store.flush();
            putKeys(store, "key", "second");
            store.flush();
            compaction.awaitReached();

            putKeys(store, "early", "value");
            disk.fail(Op.RENAME, FileNames.MANIFEST);
            StorageException failure = assertThrows(StorageException.class, store::flush);
            assertTrue(failure.getMessage().contains("manifest"), failure.getMessage());
            assertEquals(1, store.stats().get("immutableMemtables"), "the memtable stays until a manifest lists its table");

            disk.clearFaults(); // the compaction goes on and installs a version of its own
            AwaitStat.atLeast(store, "compactions", 1);
            assertKeys(store, "early", "value");
            assertKeys(store, "key", "second");
            StorageException refused = assertThrows(StorageException.class, () -> store.put(b("refused"), b("x")));
            assertTrue(refused.getMessage().contains("refuses writes after a background failure"), refused.getMessage());
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertKeys(store, "early", "value");
            assertKeys(store, "key", "second");
            assertNull(store.get(b("refused")));
            assertEquals(store.stats().get("tables"), files(".sst").size(), "open removed the unlisted table");
        }
    }

    /** The table of a failed flush is unlisted; if open cannot delete it, it must not hand out its number again. */
    @Test
    void unlistedTableThatOpenCannotDeleteIsNeverOverwritten() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            putKeys(store, "key", "value");
            disk.fail(Op.RENAME, FileNames.MANIFEST);
            assertThrows(StorageException.class, store::flush);
        }
        List<Path> orphans = files(".sst");
        assertEquals(1, orphans.size(), "the failed flush left its table behind");
        disk.clearFaults();
        disk.fail(Op.DELETE, "*.sst");
        try (LsmStore store = LsmStore.open(dir, options)) {
            assertTrue(Files.exists(orphans.get(0)));
            assertKeys(store, "key", "value");
            putKeys(store, "more", "value");
            store.flush();
        }
        disk.clearFaults();
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertKeys(store, "key", "value");
            assertKeys(store, "more", "value");
            assertFalse(Files.exists(orphans.get(0)), "deleted once it can be");
            assertEquals(store.stats().get("tables"), files(".sst").size());
        }
    }

    /** A manifest must not name a table whose directory entry a crash could still lose. */
    @Test
    void manifestReplacesTheOldOneOnlyAfterTheNewTableIsDurableInTheDirectory() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            putKeys(store, "key", "value");
            byte[] manifest = Files.readAllBytes(dir.resolve(FileNames.MANIFEST));
            // Once the flushed table is fsync-ed, every directory sync fails.
            FullDisk.Pause tableSynced = disk.pauseAfter(0, Op.SYNC, "*.sst");
            CompletableFuture<Void> flush = CompletableFuture.runAsync(store::flush);
            tableSynced.awaitReached();
            disk.fail(Op.SYNC, dir.getFileName().toString());
            tableSynced.release();
            ExecutionException e = assertThrows(ExecutionException.class, flush::get);
            assertInstanceOf(StorageException.class, e.getCause());
            assertArrayEquals(manifest, Files.readAllBytes(dir.resolve(FileNames.MANIFEST)), "the old manifest stands");
            assertKeys(store, "key", "value");
            disk.clearFaults();
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertKeys(store, "key", "value");
        }
    }

    /** Writes fsync-ed into a new log would be lost with it if its directory entry were not durable. */
    @Test
    void newLogTakesWritesOnlyOnceItsDirectoryEntryIsDurable() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().memtableBytes(4096).channels(disk).build();
        List<String> written = new ArrayList<>();
        try (LsmStore store = LsmStore.open(dir, options)) {
            for (int i = 0; store.stats().get("memtableBytes") < 4096; i++) {
                store.put(b("key" + i), b("v".repeat(500)));
                written.add("key" + i);
            }
            // The memtable is full: the next write switches to a new log.
            disk.fail(Op.SYNC, dir.getFileName().toString());
            StorageException e = assertThrows(StorageException.class, () -> store.put(b("next"), b("v".repeat(500))));
            assertTrue(e.getMessage().contains("new log"), e.getMessage());
            assertEquals(1, files(".log").size(), "the new log is removed, the old one still takes writes");
            assertEquals(0, store.stats().get("immutableMemtables"));
            disk.clearFaults();
            store.put(b("next"), b("v".repeat(500)));
            written.add("next");
            for (String key : written) {
                assertEquals("v".repeat(500), s(store.get(b(key))), key);
            }
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            for (String key : written) {
                assertEquals("v".repeat(500), s(store.get(b(key))), key);
            }
        }
    }

    /** Input tables go only once a durable manifest drops them. */
    @Test
    void compactionWhoseManifestWriteFailsKeepsItsInputTables() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().backgroundCompaction(false).channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            putKeys(store, "key", "first");
            store.flush();
            putKeys(store, "key", "second");
            store.flush();
            List<Path> inputs = files(".sst");
            assertEquals(2, inputs.size());
            disk.fail(Op.RENAME, FileNames.MANIFEST);
            assertThrows(StorageException.class, store::compactAll);
            for (Path input : inputs) {
                assertTrue(Files.exists(input), input + " is still listed by the durable manifest");
            }
            assertEquals(2, store.stats().get("level0.tables"));
            assertKeys(store, "key", "second");
            disk.clearFaults();
            store.compactAll();
            assertEquals(1, store.stats().get("tables"));
            assertKeys(store, "key", "second");
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertKeys(store, "key", "second");
            assertEquals(store.stats().get("tables"), files(".sst").size(), "open removed the failed compaction's output");
        }
    }

    private static final String MANIFEST_RENAME = "RENAME " + FileNames.MANIFEST_TEMP + " -> " + FileNames.MANIFEST;

    /**
     * A log goes only once a durable manifest says its memtable is in a table. If deleting it fails, nothing is
     * lost: the next flush or the next open deletes it.
     */
    @Test
    void logThatCannotBeDeletedAfterAFlushIsDeletedLater() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().channels(disk).build();
        String dirSync = "SYNC " + dir.getFileName();
        try (LsmStore store = LsmStore.open(dir, options)) {
            putKeys(store, "key", "first");
            Path firstLog = files(".log").get(0);
            disk.fail(Op.DELETE, "*.log");
            store.flush();
            assertTrue(Files.exists(firstLog), "its deletion failed");
            assertKeys(store, "key", "first");
            disk.clearFaults();

            putKeys(store, "more", "value");
            store.flush(); // deletes every log below the one its manifest records, the left-over one too
            assertFalse(Files.exists(firstLog), "deleted by the next flush");
            List<String> events = disk.events();
            int deleted = events.indexOf("DELETE " + firstLog.getFileName());
            int renamed = events.subList(0, deleted).lastIndexOf(MANIFEST_RENAME);
            assertTrue(renamed >= 0 && events.subList(renamed, deleted).contains(dirSync),
                    "the manifest that makes the log obsolete is durable before the log goes: " + events);

            putKeys(store, "last", "value");
            disk.fail(Op.DELETE, "*.log");
            store.flush();
        }
        List<Path> leftOver = files(".log");
        assertEquals(2, leftOver.size(), "the log the last flush could not delete, and the current one");
        disk.clearFaults();
        try (LsmStore store = LsmStore.open(dir, options)) {
            assertFalse(Files.exists(leftOver.get(0)), "deleted at open");
            assertKeys(store, "key", "first");
            assertKeys(store, "more", "value");
            assertKeys(store, "last", "value");
        }
    }

    /** A flush whose manifest rename is done but not made durable, by a directory sync that fails. */
    private void flushWhoseManifestRenameIsNotDurable(FullDisk disk, LsmStore store) {
        // The directory syncs of a flush: the new log's entry, the table's entry before the rename, the rename.
        disk.failAfter(2, Op.SYNC, dir.getFileName().toString());
        StorageException failure = assertThrows(StorageException.class, store::flush);
        assertTrue(failure.getMessage().contains("manifest"), failure.getMessage());
        assertTrue(disk.events().contains(MANIFEST_RENAME), "the rename itself was done: " + disk.events());
        disk.clearFaults();
    }

    /**
     * Whether a crash would keep the new manifest or the old one is unknown once the directory sync after the
     * rename fails: the store keeps the memtable readable and every file either manifest needs, refuses writes,
     * and after reopening every acknowledged write is there.
     */
    @Test
    void manifestRenameThatIsNotMadeDurableStopsWritesAndLosesNothing() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().channels(disk).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            putKeys(store, "key", "value");
            List<Path> logs = files(".log");
            flushWhoseManifestRenameIsNotDurable(disk, store);
            assertEquals(1, store.stats().get("immutableMemtables"), "the memtable stays readable");
            assertKeys(store, "key", "value");
            for (Path log : logs) {
                assertTrue(Files.exists(log), log + " is needed if a crash keeps the old manifest");
            }
            StorageException refused = assertThrows(StorageException.class, () -> store.put(b("refused"), b("x")));
            assertTrue(refused.getMessage().contains("refuses writes after a background failure"), refused.getMessage());
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertKeys(store, "key", "value");
            assertNull(store.get(b("refused")));
            store.put(b("after"), b("reopen"));
        }
        try (LsmStore store = LsmStore.open(dir, options())) {
            assertKeys(store, "key", "value");
            assertEquals("reopen", s(store.get(b("after"))));
        }
    }

    /**
     * The manifest open reads may be a rename a crash left not durable. Open deletes the logs and tables it makes
     * obsolete only after syncing the directory: otherwise a power loss could keep the deletions and lose the
     * rename, and the old manifest would name files that are gone.
     */
    @Test
    void openMakesTheManifestDurableBeforeDeletingWhatItMadeObsolete() throws Exception {
        FullDisk disk = new FullDisk();
        try (LsmStore store = LsmStore.open(dir, options().toBuilder().channels(disk).build())) {
            putKeys(store, "key", "value");
            flushWhoseManifestRenameIsNotDurable(disk, store);
        }
        List<Path> logs = files(".log");
        FullDisk reopening = new FullDisk();
        try (LsmStore store = LsmStore.open(dir, options().toBuilder().channels(reopening).build())) {
            assertKeys(store, "key", "value");
        }
        List<String> events = reopening.events();
        int firstDelete = -1;
        for (int i = 0; i < events.size() && firstDelete < 0; i++) {
            if (events.get(i).startsWith("DELETE ")) {
                firstDelete = i;
            }
        }
        assertEquals("DELETE " + logs.get(0).getFileName(), events.get(firstDelete), "the log the new manifest covers");
        assertTrue(events.subList(0, firstDelete).contains("SYNC " + dir.getFileName()),
                "the directory is synced before anything is deleted: " + events);
    }

    /**
     * Compaction inputs are deleted once a durable manifest drops them and their last reader is done. A deletion
     * that fails loses nothing and is done again at the next open.
     */
    @Test
    void obsoleteTableThatCannotBeDeletedIsDeletedAtTheNextOpen() throws Exception {
        FullDisk disk = new FullDisk();
        LsmOptions options = options().toBuilder().backgroundCompaction(false).channels(disk).build();
        List<Path> inputs;
        try (LsmStore store = LsmStore.open(dir, options)) {
            putKeys(store, "key", "first");
            store.flush();
            putKeys(store, "key", "second");
            store.delete(b("key0"));
            store.flush();
            inputs = files(".sst");
            assertEquals(2, inputs.size());
            disk.fail(Op.DELETE, "*.sst");
            store.compactAll();
            assertEquals(1, store.stats().get("tables"));
            for (Path input : inputs) {
                assertTrue(Files.exists(input), input + ": its deletion failed");
            }
            assertNull(store.get(b("key0")));
            assertEquals("second1", s(store.get(b("key1"))));
            disk.clearFaults();
        }
        try (LsmStore store = LsmStore.open(dir, options)) {
            for (Path input : inputs) {
                assertFalse(Files.exists(input), input + " is deleted at open");
                assertTrue(disk.events().contains("DELETE " + input.getFileName()), disk.events().toString());
            }
            assertEquals(store.stats().get("tables"), files(".sst").size());
            assertNull(store.get(b("key0")), "a deleted key stays deleted");
            assertEquals("second1", s(store.get(b("key1"))));
        }
    }
}
