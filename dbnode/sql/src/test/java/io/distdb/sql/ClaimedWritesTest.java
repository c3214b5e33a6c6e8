package io.distdb.sql;

import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.errors.SqlException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.codec.TupleCodec;
import io.distdb.sql.storage.DocumentSource;
import io.distdb.sql.storage.KeyClaims;
import io.distdb.storage.Durability;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine configured as one of a cluster's engines (key claims, no write permit for DML), with claims
 * that compare-and-set keys of its own store under one lock: what Paxos gives a cluster, without the
 * cluster. Sessions write concurrently and uniqueness holds by the claims alone.
 */
class ClaimedWritesTest {

    @TempDir
    Path dir;

    private KvStore store;
    private StoreClaims claims;
    private SqlEngine engine;

    /** Compare-and-set over the engine's own store, one key at a time. */
    static final class StoreClaims implements KeyClaims {
        private final KvStore store;
        final AtomicInteger calls = new AtomicInteger();

        StoreClaims(KvStore store) {
            this.store = store;
        }

        @Override
        public synchronized Outcome compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value) {
            calls.incrementAndGet();
            byte[] current = store.get(key);
            if (!accept.test(current)) {
                return new Outcome(false, current);
            }
            if (value == null) {
                store.delete(key);
            } else {
                store.put(key, value);
            }
            return new Outcome(true, null);
        }
    }

    @BeforeEach
    void open() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        claims = new StoreClaims(store);
        engine = new SqlEngine(store, new ObjectMapper(), new SqlEngine.Options(SqlSettings.defaults(), DocumentSource.none(),
                null, null, true, null, null, claims));
        engine.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, v INTEGER)");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long count(String sql) {
        return (Long) engine.execute(sql).rows().get(0)[0];
    }

    private String sqlState(Runnable statement) {
        return assertThrows(SqlException.class, statement::run).sqlState();
    }

    @Test
    void concurrentSessionsInsertingTheSameKeysExactlyOneWinsPerKey() throws Exception {
        int keys = 60;
        int threads = 8;
        Map<Integer, AtomicInteger> wins = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> states = new ConcurrentHashMap<>();
        runConcurrently(threads, thread -> {
            for (int k = 0; k < keys; k++) {
                // Half the keys collide on the primary key, half on the unique column only.
                int id = k % 2 == 0 ? k : k * 1000 + thread;
                try {
                    engine.execute("INSERT INTO t VALUES ($1, $2, $3)", List.of(id, "u" + k, thread));
                    wins.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                } catch (SqlException e) {
                    states.computeIfAbsent(e.sqlState() + " " + e.getMessage().replaceAll("\\(.*", ""), x -> new AtomicInteger()).incrementAndGet();
                }
            }
        });
        for (int k = 0; k < keys; k++) {
            assertEquals(1, wins.get(k).get(), "exactly one session inserted key " + k + "; failures: " + states);
        }
        assertTrue(states.keySet().stream().allMatch(s -> s.startsWith("23505")), "every loser got 23505: " + states);
        assertEquals(keys, count("SELECT count(*) FROM t"));
        assertEquals(keys, count("SELECT count(DISTINCT u) FROM t"));
        for (int k = 0; k < keys; k++) {
            assertEquals(1, count("SELECT count(*) FROM t WHERE u = 'u" + k + "'"), "the unique index agrees with the table on u" + k);
        }
        assertEquals(keys, claimsHeld(), "one claim per unique value, each naming a row that holds it");
    }

    @Test
    void onConflictWorksWhenTheConflictIsFoundByTheClaim() throws Exception {
        int keys = 30;
        AtomicInteger inserted = new AtomicInteger();
        runConcurrently(6, thread -> {
            for (int k = 0; k < keys; k++) {
                inserted.addAndGet((int) engine.execute("INSERT INTO t VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
                        List.of(k, "u" + k)).rowsAffected());
                engine.execute("INSERT INTO t VALUES ($1, $2, 0) ON CONFLICT (id) DO UPDATE SET v = excluded.v + 1",
                        List.of(k, "u" + k));
            }
        });
        assertEquals(keys, inserted.get(), "DO NOTHING inserted each key once");
        assertEquals(keys, count("SELECT count(*) FROM t"));
        assertEquals(keys, count("SELECT count(*) FROM t WHERE v = 1"), "DO UPDATE updated the row it lost the claim to");
    }

    @Test
    void aStatementThatLosesAClaimGivesBackTheClaimsItMade() {
        engine.execute("INSERT INTO t VALUES (7, 'z', 0)");
        // Another writer holds 'z' in a way this node's read cannot see (its index entry is not there yet).
        TableDef t = engine.catalog().table("t");
        IndexDef unique = t.indexes().stream().filter(IndexDef::unique).findFirst().orElseThrow();
        store.delete(Keys.indexKey(unique, List.of("z"), TupleCodec.encode(List.of(7L))));
        assertEquals("23505", sqlState(() -> engine.execute("INSERT INTO t VALUES (1, 'a', 0), (3, 'z', 0)")));
        assertEquals(0, count("SELECT count(*) FROM t WHERE id IN (1, 3)"), "the rows claimed first are given back");
        assertNull(store.get(Keys.uniqueClaimKey(unique, List.of("a"))), "the value claimed first is given back");
        engine.execute("INSERT INTO t VALUES (1, 'a', 0)");
    }

    @Test
    void updatesAndDeletesReleaseTheValuesTheyGiveUp() {
        engine.execute("INSERT INTO t VALUES (1, 'a', 0)");
        engine.execute("UPDATE t SET u = 'b' WHERE id = 1");
        engine.execute("INSERT INTO t VALUES (2, 'a', 0)");
        assertEquals("23505", sqlState(() -> engine.execute("INSERT INTO t VALUES (3, 'b', 0)")));
        engine.execute("DELETE FROM t WHERE id = 2");
        engine.execute("INSERT INTO t VALUES (4, 'a', 0)");
        assertEquals("23505", sqlState(() -> engine.execute("INSERT INTO t VALUES (4, 'c', 0)")));
        engine.execute("UPDATE t SET id = 5 - id WHERE id IN (1, 4)"); // swaps the two keys
        assertEquals(List.of("a", "b"), List.of(engine.execute("SELECT u FROM t WHERE id = 1").rows().get(0)[0],
                engine.execute("SELECT u FROM t WHERE id = 4").rows().get(0)[0]));
        engine.execute("UPDATE t SET u = CASE u WHEN 'a' THEN 'b' ELSE 'a' END"); // swaps the two values
        assertEquals("b", engine.execute("SELECT u FROM t WHERE id = 1").rows().get(0)[0]);
        assertEquals(2, claimsHeld());
    }

    @Test
    void aStaleClaimWhoseRowIsGoneIsTakenOver() {
        TableDef t = engine.catalog().table("t");
        IndexDef unique = t.indexes().stream().filter(IndexDef::unique).findFirst().orElseThrow();
        store.put(Keys.uniqueClaimKey(unique, List.of("q")), TupleCodec.encode(List.of(50L)));
        engine.execute("INSERT INTO t VALUES (8, 'q', 0)");
        assertArrayEquals(TupleCodec.encode(List.of(8L)), store.get(Keys.uniqueClaimKey(unique, List.of("q"))));
    }

    @Test
    void onAClusterTheStatementsOfAScriptCommitOneByOne() {
        // No atomic commit across replica sets: a script's statements are not one implicit transaction here.
        assertEquals("23505", sqlState(() -> engine.executeScript(
                "INSERT INTO t VALUES (1, 'a', 0); INSERT INTO t VALUES (1, 'b', 0)", List.of(), null, 0)));
        assertEquals(1, count("SELECT count(*) FROM t"), "the statement before the failing one stays");
    }

    @Test
    void aTransactionThatWritesIsRefusedAsOnACluster() {
        try (Session s = engine.openSession()) {
            s.execute("BEGIN", List.of(), null, 0);
            assertEquals("0A000", assertThrows(SqlException.class,
                    () -> s.execute("INSERT INTO t VALUES (1, 'a', 0)", List.of(), null, 0)).sqlState());
        }
    }

    @Test
    void aRowWithoutUniqueValuesCostsOneClaim() {
        claims.calls.set(0);
        engine.execute("INSERT INTO t VALUES (1, NULL, 0)");
        assertEquals(1, claims.calls.get());
        claims.calls.set(0);
        engine.execute("UPDATE t SET v = 2 WHERE id = 1");
        assertEquals(0, claims.calls.get(), "an update that keeps the key and unique values claims nothing");
    }

    /** Claims in the store, each checked to name a row that holds its value. */
    private long claimsHeld() {
        TableDef t = engine.catalog().table("t");
        IndexDef unique = t.indexes().stream().filter(IndexDef::unique).findFirst().orElseThrow();
        long n = 0;
        try (KvIterator it = store.scan(ScanRange.prefix(new byte[] {Keys.CLAIMS}))) {
            while (it.hasNext()) {
                var entry = it.next();
                byte[] row = store.get(Keys.rowKey(t.id(), entry.value()));
                assertNotNull(row, "a claim names a row that exists");
                n++;
            }
        }
        assertNotNull(unique);
        return n;
    }

    @FunctionalInterface
    interface Body {
        void run(int thread) throws Exception;
    }

    private static void runConcurrently(int threads, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int thread = i;
            runs.add(pool.submit(() -> {
                start.await();
                body.run(thread);
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> run : runs) {
                run.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown(); // not shutdownNow: an interrupt in the middle of a store write closes its log
        }
    }
}
