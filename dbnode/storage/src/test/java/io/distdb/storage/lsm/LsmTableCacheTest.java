package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsmTableCacheTest {

    private static final int KEYS = 4000;
    private static final int MAX_OPEN = 4;

    @TempDir
    Path dir;

    static String key(int i) {
        return String.format("key%06d", i);
    }

    static String value(int i, int round) {
        return "value-" + i + "-" + round + "-" + "x".repeat(40);
    }

    /** File descriptors of this process that point at table files of {@code dir} (Linux /proc). */
    static int openTableFiles(Path dir) {
        Path fds = Path.of("/proc/self/fd");
        int n = 0;
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(dir) && target.toString().contains(".sst")) {
                        n++;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    static List<String> deletedButOpen(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : list.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir.toString()) && target.endsWith("(deleted)")) {
                        out.add(target);
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    @Test
    void manyTablesReadConcurrentlyThroughFourOpenFiles() throws Exception {
        LsmOptions options = LsmStoreTest.small().toBuilder()
                .maxOpenTables(MAX_OPEN)
                .compression(Compression.NONE)
                .backgroundCompaction(false)
                .build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            // Round 0 compacted into many level-1 tables, round 1 over half the keys left as level-0 tables.
            for (int i = 0; i < KEYS; i++) {
                store.put(b(key(i)), b(value(i, 0)));
            }
            store.compactAll();
            for (int i = 0; i < KEYS; i += 2) {
                store.put(b(key(i)), b(value(i, 1)));
            }
            store.flush();
            long tables = store.stats().get("tables");
            assertTrue(tables >= 20, "tables: " + store.stats());
            assertTrue(store.stats().get("level0.tables") >= 2, store.stats().toString());
            assertTrue(store.stats().get("openTables") <= MAX_OPEN, store.stats().toString());

            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger maxSeen = new AtomicInteger();
            Thread monitor = new Thread(() -> {
                while (!done.get()) {
                    maxSeen.accumulateAndGet(openTableFiles(dir), Math::max);
                    Thread.onSpinWait();
                }
            });
            monitor.start();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int seed = t;
                work.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int n = 0; n < 3000; n++) {
                        int i = r.nextInt(KEYS);
                        assertEquals(value(i, i % 2 == 0 ? 1 : 0), s(store.get(b(key(i)))), key(i));
                    }
                    for (int n = 0; n < 20; n++) {
                        int from = r.nextInt(KEYS - 50);
                        try (KvIterator it = store.scan(ScanRange.between(b(key(from)), null).limit(50))) {
                            int i = from;
                            while (it.hasNext()) {
                                KeyValue kv = it.next();
                                assertEquals(key(i), s(kv.key()));
                                assertEquals(value(i, i % 2 == 0 ? 1 : 0), s(kv.value()));
                                i++;
                            }
                            assertEquals(from + 50, i);
                        }
                    }
                    if (seed == 0) {
                        assertEquals(KEYS, LsmStoreTest.keys(store.scan(ScanRange.all())).size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            done.set(true);
            monitor.join();
            var stats = store.stats();
            assertTrue(stats.get("openTablesPeak") <= MAX_OPEN, stats.toString());
            assertTrue(maxSeen.get() <= MAX_OPEN, "file handles on tables at once: " + maxSeen.get());
            assertTrue(maxSeen.get() >= 1, "the /proc count works");
            assertTrue(stats.get("tableCacheEvictions") > 0, stats.toString());

            // Compaction deletes the inputs: their files are closed at once, not left open until the cache evicts them.
            store.compactAll();
            assertEquals(List.of(), deletedButOpen(dir));
            for (int i = 0; i < KEYS; i++) {
                assertEquals(value(i, i % 2 == 0 ? 1 : 0), s(store.get(b(key(i)))));
            }
            assertTrue(store.stats().get("openTablesPeak") <= MAX_OPEN, store.stats().toString());
        }
        assertEquals(0, openTableFiles(dir), "close releases every table");
    }
}
