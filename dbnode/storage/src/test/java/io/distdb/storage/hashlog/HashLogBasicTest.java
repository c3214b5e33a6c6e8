package io.distdb.storage.hashlog;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static io.distdb.storage.hashlog.HashLogFixtures.testOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Durability;
import io.distdb.storage.ScanRange;
import io.distdb.storage.StoreLockedException;
import io.distdb.storage.WriteBatch;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashLogBasicTest {

    @TempDir
    Path dir;

    @Test
    void putGetDeleteAndOverwrite() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertNull(store.get(b("a")));
            store.put(b("a"), b("1"));
            store.put(b("b"), b("2"));
            assertEquals("1", s(store.get(b("a"))));
            store.put(b("a"), b("one"));
            assertEquals("one", s(store.get(b("a"))));
            store.delete(b("b"));
            assertNull(store.get(b("b")));
            store.delete(b("never-there"));
            store.put(b("empty"), new byte[0]);
            assertArrayEquals(new byte[0], store.get(b("empty")));
            assertEquals(2, store.stats().get("liveKeys"));
        }
    }

    @Test
    void storedArraysAreCopies() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            byte[] key = b("k");
            byte[] value = b("v");
            store.put(key, value);
            key[0] = 'x';
            value[0] = 'x';
            assertEquals("v", s(store.get(b("k"))));
            store.get(b("k"))[0] = 'z';
            assertEquals("v", s(store.get(b("k"))));
        }
    }

    @Test
    void valuesSurviveCloseAndReopen() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            for (int i = 0; i < 100; i++) {
                store.put(b("key" + i), b("value" + i));
            }
            store.put(b("key7"), b("seven"));
            store.delete(b("key8"));
        }
        for (int round = 0; round < 3; round++) {
            try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
                assertEquals("seven", s(store.get(b("key7"))));
                assertNull(store.get(b("key8")));
                assertEquals("value99", s(store.get(b("key99"))));
                assertEquals(99 + round, store.stats().get("liveKeys"));
                store.put(b("round" + round), b("r"));
            }
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("r", s(store.get(b("round2"))));
            assertEquals(1, HashLogFixtures.dataFileCount(dir), "reopening keeps appending to the same segment");
        }
    }

    @Test
    void batchAppliesEveryOperationInOrder() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            store.put(b("gone"), b("x"));
            store.write(new WriteBatch().put(b("a"), b("1")).put(b("a"), b("2")).delete(b("gone")).put(b("c"), b("3")));
            assertEquals("2", s(store.get(b("a"))));
            assertNull(store.get(b("gone")));
            assertEquals("3", s(store.get(b("c"))));
            store.write(new WriteBatch());
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("2", s(store.get(b("a"))));
            assertNull(store.get(b("gone")));
            assertEquals("3", s(store.get(b("c"))));
        }
    }

    @Test
    void interruptedCallerDoesNotBreakTheStore() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().durability(Durability.SYNC).build())) {
            store.put(b("a"), b("1"));
            Thread.currentThread().interrupt();
            try {
                assertEquals("1", s(store.get(b("a"))));
                store.put(b("b"), b("2"));
                store.flush();
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            assertEquals("1", s(store.get(b("a"))));
            store.put(b("c"), b("3"));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("2", s(store.get(b("b"))));
            assertEquals("3", s(store.get(b("c"))));
        }
    }

    @Test
    void forEachKeyVisitsEveryLiveKeyOnce() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            for (int i = 0; i < 50; i++) {
                store.put(b("k" + i), b("v"));
            }
            store.delete(b("k3"));
            Set<String> seen = new HashSet<>();
            store.forEachKey(k -> assertTrue(seen.add(s(k))));
            assertEquals(49, seen.size());
            assertFalse(seen.contains("k3"));
        }
    }

    @Test
    void scansAndSnapshotsAreRefusedWithAClearMessage() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertFalse(store.supportsOrderedScans());
            UnsupportedOperationException scan = assertThrows(UnsupportedOperationException.class,
                    () -> store.scan(ScanRange.all()));
            assertTrue(scan.getMessage().contains("no key order") && scan.getMessage().contains("LSM"), scan.getMessage());
            UnsupportedOperationException snap = assertThrows(UnsupportedOperationException.class, store::snapshot);
            assertTrue(snap.getMessage().contains("LSM"), snap.getMessage());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            store.put(b("a"), b("1"));
            assertThrows(StoreLockedException.class, () -> HashLogStore.open(dir, testOptions().build()));
            assertEquals("1", s(store.get(b("a"))), "the failed open must not disturb the open store");
        }
        try (HashLogStore again = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("1", s(again.get(b("a"))));
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        HashLogStore store = HashLogStore.open(dir, testOptions().build());
        store.put(b("a"), b("1"));
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get(b("a")));
        assertThrows(IllegalStateException.class, () -> store.put(b("a"), b("2")));
        assertThrows(IllegalStateException.class, () -> store.delete(b("a")));
        assertThrows(IllegalStateException.class, () -> store.write(new WriteBatch().put(b("a"), b("2"))));
        assertThrows(IllegalStateException.class, store::flush);
        assertThrows(IllegalStateException.class, store::merge);
        assertThrows(IllegalStateException.class, store::stats);
        assertThrows(IllegalStateException.class, () -> store.forEachKey(k -> { }));
    }
}
