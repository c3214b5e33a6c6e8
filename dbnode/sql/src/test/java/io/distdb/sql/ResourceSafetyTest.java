package io.distdb.sql;

import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a statement cannot do to the node: hold more memory than its budget (53200), run past its timeout or
 * a cancellation (57014), outlive a shutdown, or nest so deeply that parsing or binding overflows the stack
 * (54001). Every failure must be the engine's own error with its SQLSTATE, never an OutOfMemoryError or a
 * StackOverflowError, and never a hang (the timeouts below only guard against hangs; nothing asserts
 * on time).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResourceSafetyTest {

    private static final long MIB = 1024 * 1024;
    private static final List<String> SIX = List.of("a", "b", "c", "d", "e", "f");
    private static final int ROWS = 300;

    @TempDir
    static Path dir;

    static LsmStore store;
    static SqlEngine engine;

    @BeforeAll
    static void load() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        engine = SqlEngine.standalone(store, SqlSettings.defaults());
        for (String t : SIX) {
            engine.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, v INTEGER, pad TEXT)");
            // v = id % 10 for ids 1..ROWS; so a.v = 5 AND a.id = b.id ... matches ids ending in 5 in every table
            engine.execute("INSERT INTO " + t + " SELECT x * 10 + y + 1, (x * 10 + y + 1) % 10, 'row ' || (x * 10 + y + 1) FROM "
                    + "(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),"
                    + "(20),(21),(22),(23),(24),(25),(26),(27),(28),(29)) xs (x), (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) ys (y)");
        }
        assertEquals(List.of((long) ROWS), firstColumn(engine.execute("SELECT count(*) FROM f")));
        engine.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER)");
        engine.execute("INSERT INTO big SELECT a.id * 300 + b.id, b.v FROM a, b WHERE a.id <= 4");
        assertEquals(List.of(1200L), firstColumn(engine.execute("SELECT count(*) FROM big")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<Object> firstColumn(SqlResult r) {
        return r.rows().stream().map(row -> row[0]).toList();
    }

    /** Runs {@code statement} and returns the SQLSTATE it failed with; an Error (OOM, stack overflow) fails the test. */
    private static String stateOf(Supplier<?> statement) {
        try {
            statement.get();
        } catch (SqlException e) {
            return e.sqlState();
        } catch (OutOfMemoryError | StackOverflowError e) {
            fail("the JVM itself failed: " + e);
        }
        return "ok";
    }

    private static SqlEngine budgeted(long bytes) {
        return SqlEngine.standalone(store, SqlSettings.defaults().withMemoryBudget(bytes));
    }

    // ---- (a) a six-table comma join ------------------------------------------------------------------------

    @Test
    void sixTableCrossProductFailsWithinItsBudgetAndTheConditionedJoinAnswers() {
        SqlEngine small = budgeted(32 * MIB);
        // The cross product's rows (300^6) as a result: the rows held for the result pass the budget.
        assertEquals("53200", stateOf(() -> small.execute("SELECT * FROM a, b, c, d, e, f")));
        // Counted, the cross product holds nothing but streams for ever: the statement timeout ends it.
        assertEquals("57014", stateOf(() -> small.executeScript("SELECT count(*) FROM a, b, c, d, e, f", List.of(), null, 1000)));
        // With each table's own condition and the join equalities it answers under the same budget: the
        // conditions go below the joins and the equalities become hash joins.
        String conditioned = "SELECT count(*) FROM a, b, c, d, e, f WHERE a.v = 5 AND b.v = 5 AND c.v = 5 AND d.v = 5 AND e.v = 5 "
                + "AND f.v = 5 AND a.id = b.id AND b.id = c.id AND c.id = d.id AND d.id = e.id AND e.id = f.id";
        assertEquals(List.of(30L), firstColumn(small.execute(conditioned)));
        // Conditions that differ per table (v = 5, 7, 9 ...) with equal ids match nothing, still within budget.
        assertEquals(List.of(0L), firstColumn(small.execute("SELECT count(*) FROM a, b, c, d, e, f WHERE a.v = 5 AND b.v = 7 "
                + "AND c.v = 9 AND d.v = 1 AND e.v = 2 AND f.v = 3 AND a.id = b.id AND b.id = c.id AND c.id = d.id "
                + "AND d.id = e.id AND e.id = f.id")));
        List<Object> plan = firstColumn(small.execute("EXPLAIN " + conditioned));
        assertTrue(plan.stream().noneMatch(l -> l.toString().contains("NESTED LOOP")), () -> "plan " + plan);
        assertTrue(plan.stream().anyMatch(l -> l.toString().contains("SCAN f: FULL SCAN FILTER (f.v = 5)")), () -> "plan " + plan);
        // Without the equalities but with the conditions: 30^6 rows counted; the timeout still applies.
        assertEquals("57014", stateOf(() -> small.executeScript("SELECT count(*) FROM a, b, c, d, e, f WHERE a.v = 5 AND b.v = 5 "
                + "AND c.v = 5 AND d.v = 5 AND e.v = 5 AND f.v = 5", List.of(), null, 500)));
    }

    // ---- (b) operators that hold rows ----------------------------------------------------------------------

    @Test
    void sortGroupDistinctSetOperationsAndInListsStopAtTheBudget() {
        SqlEngine small = budgeted(8 * MIB);
        // 1200 x 1200 = 1.44 million rows into each operator.
        assertEquals("53200", stateOf(() -> small.execute("SELECT x.id, y.id FROM big x, big y ORDER BY x.v + y.id LIMIT 1")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT x.id * 10000 + y.id, count(*) FROM big x, big y "
                + "GROUP BY x.id * 10000 + y.id LIMIT 1")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT count(*) FROM (SELECT DISTINCT x.id * 10000 + y.id FROM big x, big y) d")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT count(*) FROM (SELECT x.id * 10000 + y.id FROM big x, big y "
                + "UNION SELECT 1) u")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT count(*) FROM (SELECT x.id * 10000 + y.id FROM big x, big y "
                + "EXCEPT SELECT 1) u")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT count(*) FROM a WHERE id IN (SELECT x.id * 10000 + y.id "
                + "FROM big x, big y)")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT count(*) FROM a WHERE id > ALL (SELECT x.id * 10000 + y.id "
                + "FROM big x, big y)")));
        assertEquals("53200", stateOf(() -> small.execute("SELECT string_agg(x.id || '-' || y.id, ',') FROM big x, big y")));
        // DISTINCT streams: with a LIMIT it stops early and holds only what it returned.
        assertEquals(1, small.execute("SELECT DISTINCT x.id * 10000 + y.id FROM big x, big y LIMIT 1").rows().size());
        // The same statements over fewer rows fit.
        assertEquals(List.of(1L), firstColumn(small.execute("SELECT count(*) FROM (SELECT DISTINCT x.v FROM big x, big y "
                + "WHERE y.id < 304) d WHERE d.v = 0")));
        // A failed statement gave back what it held: the engine serves the next one.
        assertEquals(List.of(1200L), firstColumn(small.execute("SELECT count(*) FROM (SELECT id FROM big ORDER BY v, id) s")));
    }

    // ---- (c) statement timeout, (d) cancellation, (e) shutdown ---------------------------------------------

    @Test
    void statementTimeoutEndsALongCrossJoin() {
        assertEquals("57014", stateOf(() -> engine.executeScript("SELECT count(*) FROM big x, big y, big z", List.of(), null, 200)));
        SqlEngine withDefault = SqlEngine.standalone(store, SqlSettings.defaults().withStatementTimeout(200));
        assertEquals("57014", stateOf(() -> withDefault.execute("SELECT count(*) FROM big x, big y, big z")));
        // Also while a sort is being filled.
        assertEquals("57014", stateOf(() -> engine.executeScript("SELECT x.id FROM big x, big y, big z ORDER BY 1 LIMIT 1",
                List.of(), null, 200)));
    }

    @Test
    void cancelFromAnotherThreadStopsARunningStatement() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            StatementControl control = new StatementControl();
            CountDownLatch started = new CountDownLatch(1);
            Future<String> running = pool.submit(() -> {
                started.countDown();
                return stateOf(() -> engine.executeScript("SELECT count(*) FROM big x, big y, big z", List.of(), control, 0));
            });
            started.await();
            Thread.sleep(100);
            control.cancel("client gone");
            assertEquals("57014", running.get(30, TimeUnit.SECONDS));
            // The engine goes on serving.
            assertEquals(List.of(300L), firstColumn(engine.execute("SELECT count(*) FROM a")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancelledMessageNamesTheReason() {
        StatementControl control = new StatementControl();
        control.cancel("client gone");
        SqlException e = assertThrows(SqlException.class,
                () -> engine.executeScript("SELECT count(*) FROM big x, big y", List.of(), control, 0));
        assertEquals("57014", e.sqlState());
        assertTrue(e.getMessage().contains("client gone"), e.getMessage());
    }

    @Test
    void shutdownCancelsRunningStatementsAndRefusesNewOnes() throws Exception {
        SqlEngine stopping = SqlEngine.standalone(store, SqlSettings.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch started = new CountDownLatch(2);
            List<Future<String>> running = List.of(
                    pool.submit(() -> {
                        started.countDown();
                        return stateOf(() -> stopping.execute("SELECT count(*) FROM big x, big y, big z"));
                    }),
                    pool.submit(() -> {
                        started.countDown();
                        return stateOf(() -> stopping.execute("SELECT x.id FROM big x, big y, big z ORDER BY 1"));
                    }));
            started.await();
            Thread.sleep(200);
            stopping.shutdown("the node is stopping");
            for (Future<String> f : running) {
                assertEquals("57014", f.get(30, TimeUnit.SECONDS));
            }
            assertEquals("57014", stateOf(() -> stopping.execute("SELECT 1")));
            assertEquals("57014", stateOf(() -> stopping.execute("INSERT INTO a VALUES (9999, 1, 'x')")));
            // The other engine on the store is not affected, and nothing was written.
            assertEquals(List.of(0L), firstColumn(engine.execute("SELECT count(*) FROM a WHERE id = 9999")));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- (f) nesting and very long statements -------------------------------------------------------------

    private static String brackets(int n) {
        return "SELECT " + "(".repeat(n) + "1" + ")".repeat(n);
    }

    @Test
    @Timeout(60)
    void deepBracketsAre54001() {
        SqlEngine shallow = SqlEngine.standalone(store, new SqlSettings(256 * MIB, 0, 16, 4096, 4 * 1024 * 1024));
        for (int n : new int[] {18, 200, 100_000}) {
            assertEquals("54001", stateOf(() -> shallow.execute(brackets(n))), n + " brackets");
        }
        // Under the default limit 18 brackets are fine; 100 000 are not.
        assertEquals(List.of(1L), firstColumn(engine.execute(brackets(18))));
        assertEquals("54001", stateOf(() -> engine.execute(brackets(100_000))));
        assertEquals("54001", stateOf(() -> engine.execute("SELECT " + "- ".repeat(100_000) + "1")));
        assertEquals("54001", stateOf(() -> engine.execute("SELECT " + "NOT ".repeat(100_000) + "true")));
        // Nested subqueries too.
        String nested = "SELECT 1";
        for (int i = 0; i < 1000; i++) {
            nested = "SELECT (" + nested + ")";
        }
        String deep = nested;
        assertEquals("54001", stateOf(() -> engine.execute(deep)));
        String inFrom = "SELECT 1 AS x";
        for (int i = 0; i < 1000; i++) {
            inFrom = "SELECT x FROM (" + inFrom + ") s" + i;
        }
        String deepFrom = inFrom;
        assertEquals("54001", stateOf(() -> engine.execute(deepFrom)));
    }

    private static String sum(int bytes) {
        StringBuilder sb = new StringBuilder("SELECT 1");
        while (sb.length() < bytes) {
            sb.append("+1");
        }
        return sb.toString();
    }

    @Test
    @Timeout(60)
    void longFlatExpressionsGiveTheRightAnswerOr54001() {
        for (int bytes : new int[] {4 * 1024, 1024 * 1024}) {
            String sql = sum(bytes);
            long terms = (sql.length() - "SELECT 1".length()) / 2 + 1;
            String state = stateOf(() -> {
                SqlResult r = engine.execute(sql);
                assertEquals(List.of(terms), firstColumn(r), "sum of " + terms + " ones");
                return r;
            });
            assertTrue(state.equals("ok") || state.equals("54001"), bytes + " bytes of 1+1+...: " + state);
        }
        StringBuilder or = new StringBuilder("SELECT count(*) FROM a WHERE id = -1");
        for (int i = 1; i < 10_000; i++) {
            or.append(" OR id = ").append(i);
        }
        String orChain = or.toString();
        String state = stateOf(() -> {
            assertEquals(List.of(300L), firstColumn(engine.execute(orChain)));
            return null;
        });
        assertTrue(state.equals("ok") || state.equals("54001"), "10 000-term OR: " + state);
        StringBuilder and = new StringBuilder("SELECT count(*) FROM a WHERE id > 0");
        for (int i = 1; i < 10_000; i++) {
            and.append(" AND id <> ").append(1000 + i);
        }
        String andChain = and.toString();
        state = stateOf(() -> {
            assertEquals(List.of(300L), firstColumn(engine.execute(andChain)));
            return null;
        });
        assertTrue(state.equals("ok") || state.equals("54001"), "10 000-term AND: " + state);
    }

    // ---- (g) correlated subqueries give their memory back per row ------------------------------------------

    @Test
    void correlatedSubqueriesReleaseTheirMemoryPerRow() {
        // Each evaluation holds ~1200 rows in a sort, a DISTINCT or an IN set (tens of KiB); over 1200 outer rows
        // a leak would pass 4 MiB many times over.
        SqlEngine small = budgeted(4 * MIB);
        assertEquals(List.of(1200L), firstColumn(small.execute(
                "SELECT count(*) FROM big o WHERE EXISTS (SELECT i.id FROM big i WHERE i.v >= o.v - 10 ORDER BY i.id DESC)")));
        assertEquals(List.of(1200L), firstColumn(small.execute(
                "SELECT count(*) FROM big o WHERE (SELECT count(*) FROM (SELECT DISTINCT i.id FROM big i WHERE i.v <> o.v + 100) d) = 1200")));
        assertEquals(List.of(1200L), firstColumn(small.execute(
                "SELECT count(*) FROM big o WHERE o.id IN (SELECT i.id FROM big i WHERE i.v = o.v OR i.v <> o.v)")));
        assertEquals(List.of(1200L), firstColumn(small.execute(
                "SELECT count(*) FROM big o WHERE o.id <= ALL (SELECT i.id FROM big i WHERE i.id >= o.id)")));
        assertEquals(List.of(1200L), firstColumn(small.execute(
                "SELECT count(*) FROM big o WHERE (SELECT max(i.id) FROM big i JOIN big j ON i.id = j.id WHERE i.v = o.v) IS NOT NULL")));
    }

    @Test
    void errorsAreEngineErrors() {
        SqlException e = assertThrows(SqlException.class, () -> engine.execute("SELECT 1 +"));
        assertInstanceOf(SqlException.class, e);
        assertEquals("42601", e.sqlState());
    }
}
