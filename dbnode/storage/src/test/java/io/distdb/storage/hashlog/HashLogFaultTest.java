package io.distdb.storage.hashlog;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static io.distdb.storage.hashlog.HashLogFixtures.testOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.StorageException;
import io.distdb.storage.testing.FullDisk;
import io.distdb.storage.StoreLimits;
import io.distdb.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
