package io.distdb.sql.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two engines, as two nodes of a cluster: one keyspace, one catalog store that only tells each engine about
 * a change some time after it happened (as a Raft follower applies it), and DDL through both at once.
 */
class SharedCatalogTest {

    @TempDir
    Path dir;

    private LsmStore store;
    private LaggingCatalog catalog;
    private SqlEngine a;
    private SqlEngine b;

    /** A catalog store shared by the engines; changes reach listeners only when {@link #deliver} is called. */
    static final class LaggingCatalog implements CatalogStore {
        private final Map<String, byte[]> entries = new HashMap<>();
        private final Map<String, Long> counters = new HashMap<>();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private long version = 1;

        @Override
        public synchronized Contents read() {
            return new Contents(version, new HashMap<>(entries));
        }

        @Override
        public synchronized long commit(long expectedVersion, Map<String, byte[]> puts, Set<String> deletes) {
            if (expectedVersion != version) {
                return -1;
            }
            deletes.forEach(entries::remove);
            entries.putAll(puts);
            return ++version;
        }

        @Override
        public synchronized long allocate(String counter, long count) {
            long first = counters.getOrDefault(counter, 1L);
            counters.put(counter, first + count);
            return first;
        }

        @Override
        public void onChange(Runnable listener) {
            listeners.add(listener);
        }

        /** What a node does when it asks the leader for everything committed: it hears of every change. */
        @Override
        public void sync() {
            deliver();
        }

        void deliver() {
            listeners.forEach(Runnable::run);
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        catalog = new LaggingCatalog();
        SqlEngine.Options options = new SqlEngine.Options(SqlSettings.defaults(), io.distdb.sql.storage.DocumentSource.none(),
                null, null, true, null, catalog, null);
        a = new SqlEngine(store, new ObjectMapper(), options);
        b = new SqlEngine(store, new ObjectMapper(), options);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void aTableCreatedThroughOneNodeIsUsableThroughTheOtherAtOnce() {
        a.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        // b has not been told yet; the name it does not know makes it catch up before it answers.
        assertEquals(1, b.execute("INSERT INTO t VALUES (1, 'x')").rowsAffected());
        a.execute("ALTER TABLE t ADD COLUMN w INTEGER DEFAULT 7");
        assertEquals(List.of(7L), List.of(b.execute("SELECT w FROM t").rows().get(0)[0]));
        a.execute("DROP TABLE t");
        catalog.deliver();
        SqlException gone = assertThrows(SqlException.class, () -> b.execute("SELECT * FROM t"));
        assertEquals("42P01", gone.sqlState());
    }

    /**
     * A node restarting replays its catalog while statements already run: a statement can miss a table, then the
     * replay delivers it before the statement catches up. The catch-up must count that change as new (it is new
     * to the failed attempt), or the statement fails with "unknown table" for a table the node now holds.
     */
    @Test
    void aChangeArrivingBetweenAFailedAttemptAndTheCatchUpCountsAsNew() {
        Catalog view = new Catalog(catalog, new ObjectMapper());
        long seen = view.version();
        assertNull(view.table("late"));
        a.execute("CREATE TABLE late (id INTEGER PRIMARY KEY)");
        catalog.deliver(); // applied by the store's listener before the catch-up runs
        assertTrue(view.syncSince(seen), "the table arrived after the attempt that missed it");
        assertNotNull(view.table("late"));
        assertFalse(view.syncSince(view.version()), "nothing new since the current version");
    }

    @Test
    void twoCreatesOfOneNameThroughTwoNodesGiveOneTableAndOneClearError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String sql = "CREATE TABLE race" + round + " (id INTEGER PRIMARY KEY)";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (SqlEngine engine : List.of(a, b)) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            engine.execute(sql);
                            return "ok";
                        } catch (SqlException e) {
                            return e.sqlState();
                        }
                    }));
                }
                go.countDown();
                List<String> seen = new ArrayList<>();
                for (Future<String> f : outcomes) {
                    seen.add(f.get());
                }
                seen.sort(null);
                assertEquals(List.of("42P07", "ok"), seen, "round " + round);
                catalog.deliver();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void generatedRowIdsNeverCollideAcrossNodes() throws Exception {
        a.execute("CREATE TABLE log (v INTEGER)");
        catalog.deliver();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (SqlEngine engine : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        engine.execute("INSERT INTO log VALUES (" + i + ")");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(600L, a.execute("SELECT count(*) FROM log").rows().get(0)[0]);
        Set<Long> values = new HashSet<>();
        b.execute("SELECT v FROM log").rows().forEach(r -> values.add((Long) r[0]));
        assertEquals(300, values.size());
    }
}
