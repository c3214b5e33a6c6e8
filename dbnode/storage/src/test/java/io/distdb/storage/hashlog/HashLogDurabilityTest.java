package io.distdb.storage.hashlog;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Durability;
import io.distdb.storage.testing.AwaitStat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashLogDurabilityTest {

    @TempDir
    Path dir;

    private static HashLogOptions.Builder with(Durability durability) {
        return HashLogOptions.builder().durability(durability).backgroundMerge(false).maxSegmentBytes(4096);
    }

    @Test
    void syncWritersShareFsyncs() throws Exception {
        int threads = 8;
        int perThread = 40;
        try (HashLogStore store = HashLogStore.open(dir, with(Durability.SYNC).build())) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                writers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.put(b("t" + id + "-" + i), b("v" + i));
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread w : writers) {
                w.join();
            }
            long syncs = store.stats().get("syncs");
            assertTrue(syncs > 0 && syncs <= threads * perThread, "syncs " + syncs);
        }
        try (HashLogStore store = HashLogStore.open(dir, with(Durability.SYNC).build())) {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    assertEquals("v" + i, s(store.get(b("t" + t + "-" + i))));
                }
            }
        }
    }

    @Test
    void intervalDurabilitySyncsInTheBackground() throws Exception {
        try (HashLogStore store = HashLogStore.open(dir, with(Durability.INTERVAL).syncIntervalMillis(3_600_000).build())) {
            store.put(b("a"), b("1"));
            assertEquals(0, store.stats().get("syncs"), "the write itself does not wait for an fsync");
        }
        try (HashLogStore store = HashLogStore.open(dir, with(Durability.INTERVAL).syncIntervalMillis(10).build())) {
            store.put(b("b"), b("2"));
            AwaitStat.atLeast(store, "syncs", 1);
            assertTrue(store.stats().get("syncs") > 0);
        }
    }

    @Test
    void noneDurabilityOnlySyncsOnFlush() {
        try (HashLogStore store = HashLogStore.open(dir, with(Durability.NONE).build())) {
            for (int i = 0; i < 200; i++) {
                store.put(b("k" + i), b("value" + i)); // rolls over several segments
            }
            assertEquals(0, store.stats().get("syncs"));
            store.flush();
            assertEquals(1, store.stats().get("syncs"));
            store.flush();
            assertEquals(1, store.stats().get("syncs"), "nothing new to force");
        }
    }
}
