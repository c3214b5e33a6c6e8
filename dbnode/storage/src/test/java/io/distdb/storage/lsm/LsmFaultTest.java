package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Durability;
import io.distdb.storage.StorageException;
import io.distdb.storage.testing.FullDisk;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            // Enough room for log records, not for tables: the next flush fails in the background.
            disk.setFreeBytes(40 * 1024);
            for (int i = 0; i < 5000 && failure == null; i++) {
                try {
                    store.put(b("late" + i), b("v".repeat(100)));
                    acknowledged.add("late" + i);
                } catch (StorageException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null, "writes must fail once the disk is full");
            assertThrows(StorageException.class, store::flush, "a memtable cannot be flushed to a full disk");
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
}
