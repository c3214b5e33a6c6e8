package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.distdb.storage.CompactionFilter;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsmCompactionFilterTest {

    @TempDir
    Path dir;

    /** Drops values that start with "T" (a stand-in for an expired replicated tombstone) while {@code on}. */
    static CompactionFilter tombstones(AtomicBoolean on) {
        return (key, value) -> on.get() && value.length > 0 && value[0] == 'T';
    }

    private LsmOptions options(CompactionFilter filter) {
        return LsmStoreTest.small().toBuilder().backgroundCompaction(false).compactionFilter(filter).build();
    }

    @Test
    void droppedKeyDisappearsAfterAFullCompactionOtherKeysStay() {
        AtomicBoolean on = new AtomicBoolean(true);
        try (LsmStore store = LsmStore.open(dir, options(tombstones(on)))) {
            for (int i = 0; i < 300; i++) {
                store.put(b(String.format("k%04d", i)), b("v1-" + i));
            }
            store.compactAll(); // the old values are at the bottom now
            for (int i = 0; i < 300; i += 3) {
                store.put(b(String.format("k%04d", i)), b("T-" + i));
            }
            store.put(b("only-tombstone"), b("T"));
            store.flush();
            assertEquals("T-0", s(store.get(b("k0000"))), "the filter only acts in compactions");
            store.compactAll();
            for (int i = 0; i < 300; i++) {
                String k = String.format("k%04d", i);
                assertEquals(i % 3 == 0 ? null : "v1-" + i, s(store.get(b(k))), k);
            }
            assertNull(store.get(b("only-tombstone")));
            assertEquals(200, LsmStoreTest.keys(store.scan(ScanRange.all())).size());
            assertEquals(101, store.stats().get("compactionFilterDrops"));
        }
        try (LsmStore store = LsmStore.open(dir, options(null))) {
            assertNull(store.get(b("k0003")), "dropped with every older version: the old value does not come back");
            assertEquals("v1-1", s(store.get(b("k0001"))));
        }
    }

    /** A value kept once (its grace period not over) is offered again by the next full compaction, also at the bottom. */
    @Test
    void valueKeptOnceIsOfferedAgainAtTheBottom() {
        AtomicBoolean on = new AtomicBoolean(false);
        try (LsmStore store = LsmStore.open(dir, options(tombstones(on)))) {
            store.put(b("a"), b("old"));
            store.put(b("b"), b("live"));
            store.compactAll();
            store.put(b("a"), b("T"));
            store.compactAll();
            assertEquals("T", s(store.get(b("a"))));
            on.set(true);
            store.compactAll(); // nothing above the bottom level: the bottom is rewritten in place
            assertNull(store.get(b("a")));
            assertEquals("live", s(store.get(b("b"))));
        }
    }

    @Test
    void snapshotOlderThanTheTombstoneKeepsTheKeyWhileOpen() {
        AtomicBoolean on = new AtomicBoolean(true);
        try (LsmStore store = LsmStore.open(dir, options(tombstones(on)))) {
            store.put(b("k"), b("old"));
            store.put(b("other"), b("x"));
            store.compactAll();
            Snapshot before = store.snapshot();
            store.put(b("k"), b("T"));
            store.compactAll();
            assertEquals("old", s(before.get(b("k"))), "the snapshot still reads the version it saw");
            assertEquals(List.of("k", "other"), LsmStoreTest.keys(before.scan(ScanRange.all())));
            assertEquals("T", s(store.get(b("k"))), "kept: dropping it would take the snapshot's version with it");
            before.close();
            store.compactAll();
            assertNull(store.get(b("k")));
            assertEquals("x", s(store.get(b("other"))));
        }
    }

    /** Engine deletes at the bottom: dropped once no snapshot needs what they hide (as before the filter). */
    @Test
    void engineTombstonesAreDroppedAtTheBottomUnlessASnapshotNeedsThem() {
        try (LsmStore store = LsmStore.open(dir, options(null))) {
            store.put(b("k"), b("old"));
            store.compactAll();
            Snapshot snap = store.snapshot();
            store.delete(b("k"));
            store.compactAll();
            assertEquals("old", s(snap.get(b("k"))));
            assertNull(store.get(b("k")));
            snap.close();
            store.put(b("a"), b("1"));
            store.put(b("z"), b("1"));
            long before = store.stats().get("compactionBytesWritten");
            store.compactAll(); // rewrites the table with k: the tombstone and the old value both go
            assertNull(store.get(b("k")));
            assertEquals(List.of("a", "z"), LsmStoreTest.keys(store.scan(ScanRange.all())));
            assertEquals(true, store.stats().get("compactionBytesWritten") > before);
        }
    }
}
