package io.distdb.storage.hashlog;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static io.distdb.storage.hashlog.HashLogFixtures.testOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.CorruptionException;
import io.distdb.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashLogRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void tornTailIsCutAndEveryEarlierRecordKept() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            for (int i = 0; i < 20; i++) {
                store.put(b("key" + i), b("value" + i));
            }
        }
        Path segment = HashLogFixtures.lastSegment(dir);
        HashLogFixtures.truncateBy(segment, 4); // the last record loses the end of its value
        long tornSize = Files.size(segment);
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            for (int i = 0; i < 19; i++) {
                assertEquals("value" + i, s(store.get(b("key" + i))));
            }
            assertNull(store.get(b("key19")));
            long cut = store.stats().get("recoveredTailBytes");
            assertEquals(tornSize - Files.size(segment), cut);
            assertTrue(cut > 0);
            store.put(b("after"), b("crash"));
        }
        // The write made after recovery must not hide behind left-over garbage.
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("crash", s(store.get(b("after"))));
            assertEquals("value18", s(store.get(b("key18"))));
            assertEquals(0, store.stats().get("recoveredTailBytes"));
        }
    }

    @Test
    void tailCutAtEveryByteOfTheLastRecordRecovers() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            store.put(b("first"), b("1"));
            store.put(b("second"), b("22"));
        }
        Path segment = HashLogFixtures.lastSegment(dir);
        byte[] full = Files.readAllBytes(segment);
        int lastRecord = RecordCodec.recordSize("second".length(), 2);
        for (int cut = 1; cut <= lastRecord; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(full, full.length - cut));
            try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
                assertEquals("1", s(store.get(b("first"))), "cut " + cut);
                assertNull(store.get(b("second")), "cut " + cut);
            }
        }
    }

    @Test
    void batchWithoutItsCommitIsAbsentAfterReopen() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            store.put(b("a"), b("old"));
            store.put(b("doomed"), b("still here"));
            store.write(new WriteBatch().put(b("a"), b("new")).put(b("b"), b("2")).delete(b("doomed")));
        }
        // Drop exactly the commit record: every operation of the batch is complete on disk, yet uncommitted.
        HashLogFixtures.truncateBy(HashLogFixtures.lastSegment(dir), RecordCodec.recordSize(0, 4));
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("old", s(store.get(b("a"))));
            assertNull(store.get(b("b")));
            assertEquals("still here", s(store.get(b("doomed"))));
            store.put(b("c"), b("3"));
        }
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("old", s(store.get(b("a"))));
            assertNull(store.get(b("b")));
            assertEquals("3", s(store.get(b("c"))));
        }
    }

    @Test
    void batchTornInsideAnOperationIsAbsentAfterReopen() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            store.put(b("a"), b("old"));
            store.write(new WriteBatch().put(b("a"), b("new")).put(b("b"), b("2")));
        }
        // Cut into the second operation: the first one is intact but must not be applied alone.
        HashLogFixtures.truncateBy(HashLogFixtures.lastSegment(dir), RecordCodec.recordSize(0, 4) + 3);
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            assertEquals("old", s(store.get(b("a"))));
            assertNull(store.get(b("b")));
        }
    }

    @Test
    void flippedValueByteIsReportedNotReturned() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, testOptions().build())) {
            store.put(b("good"), b("fine"));
            store.put(b("bad"), b("precious-value"));
            store.flush();
            Path segment = HashLogFixtures.lastSegment(dir);
            HashLogFixtures.flipByte(segment, HashLogFixtures.indexOf(segment, b("precious-value")) + 3);
            CorruptionException e = assertThrows(CorruptionException.class, () -> store.get(b("bad")));
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
            assertEquals("fine", s(store.get(b("good"))));
        }
    }

    @Test
    void damageInsideAnOlderSegmentFailsTheOpen() throws Exception {
        HashLogOptions options = testOptions().maxSegmentBytes(256).build();
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            for (int i = 0; i < 40; i++) {
                store.put(b("key" + i), b("value-" + i));
            }
        }
        List<Path> segments = HashLogFixtures.files(dir, ".data");
        assertTrue(segments.size() > 2);
        Path first = segments.get(0);
        long damaged = HashLogFixtures.indexOf(first, b("value-1")) + 2;
        HashLogFixtures.flipByte(first, damaged);
        CorruptionException e = assertThrows(CorruptionException.class, () -> HashLogStore.open(dir, options));
        assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
        // The failed open released the directory: repairing the byte makes the store usable again.
        HashLogFixtures.flipByte(first, damaged);
        try (HashLogStore store = HashLogStore.open(dir, options)) {
            assertEquals("value-39", s(store.get(b("key39"))));
        }
    }
}
