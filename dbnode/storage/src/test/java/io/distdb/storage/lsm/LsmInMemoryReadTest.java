package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.distdb.storage.KvStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read from memory alone answers what {@code get} answers whenever memory can tell, and says
 * "not in memory" (rather than guessing) when only a table's block on disk could: an event loop that
 * trusted a wrong "absent" would answer 404 for a stored item.
 */
class LsmInMemoryReadTest {

    @TempDir
    Path dir;

    private LsmStore open() {
        return LsmStore.open(dir, LsmOptions.builder().build());
    }

    @Test
    void memtableAnswersValuesAndDeletes() {
        try (LsmStore store = open()) {
            store.put(b("a"), b("1"));
            store.put(b("b"), b("2"));
            store.delete(b("b"));
            assertEquals("1", s(store.getIfInMemory(b("a"))));
            assertNull(store.getIfInMemory(b("b")), "a delete in the memtable is an answer");
        }
    }

    @Test
    void aTableBlockNotYetCachedIsNotGuessed() {
        try (LsmStore store = open()) {
            for (int i = 0; i < 2000; i++) {
                store.put(b(String.format("key%05d", i)), b("value-" + i));
            }
            store.delete(b("key00007"));
            store.flush();
        }
        try (LsmStore store = open()) {
            assertSame(KvStore.NOT_IN_MEMORY, store.getIfInMemory(b("key01234")),
                    "after a restart the block is only on disk");
            assertEquals("value-1234", s(store.get(b("key01234"))));
            assertEquals("value-1234", s(store.getIfInMemory(b("key01234"))), "the read cached the block");
            store.get(b("key00007"));
            assertNull(store.getIfInMemory(b("key00007")), "a delete in a cached block is an answer");
        }
    }

    @Test
    void aNewerVersionInAnUncachedTableHidesTheOlderCachedOne() {
        try (LsmStore store = open()) {
            store.put(b("k"), b("old"));
            store.flush();
            assertEquals("old", s(store.get(b("k"))));
            store.put(b("k"), b("new"));
            store.flush();
        }
        try (LsmStore store = open()) {
            assertSame(KvStore.NOT_IN_MEMORY, store.getIfInMemory(b("k")));
            assertEquals("new", s(store.get(b("k"))));
            assertEquals("new", s(store.getIfInMemory(b("k"))));
        }
    }

    @Test
    void aLookupDoneAgainFromDiskCountsEachFilterOnce() {
        try (LsmStore store = open()) {
            store.put(b("a"), b("0"));
            store.put(b("older"), b("1"));
            store.put(b("z"), b("0"));
            store.flush();
            store.put(b("b"), b("2")); // a newer table whose key range covers "older", without it
            store.put(b("y"), b("2"));
            store.flush();
        }
        try (LsmStore store = open()) {
            long before = store.stats().get("bloomFilterSkips");
            assertSame(KvStore.NOT_IN_MEMORY, store.getIfInMemory(b("older")));
            assertEquals("1", s(store.get(b("older"))));
            assertEquals(before + 1, store.stats().get("bloomFilterSkips"),
                    "the newer table's filter ruled the key out once, not once per attempt");
        }
    }
}
