package io.distdb.sql;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A query read through {@link Session#openQuery} a batch at a time, as a wire-protocol portal reads it: a
 * result larger than the statement's memory budget streams through, the cursor reads the snapshot it opened
 * on, the statement timeout counts per fetch, and a failure or a cancel ends it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueryCursorTest {

    private static final long MIB = 1024 * 1024;
    private static final int ROWS = 4000;

    @TempDir
    static Path dir;

    static LsmStore store;
    /** Its memory budget (1 MiB) is a quarter of the table's rows (about 4 MiB). */
    static SqlEngine engine;

    @BeforeAll
    static void load() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        SqlEngine loader = SqlEngine.standalone(store, SqlSettings.defaults());
        loader.execute("CREATE TABLE wide (id INTEGER PRIMARY KEY, pad TEXT)");
        for (int from = 1; from <= ROWS; from += 500) {
            StringBuilder values = new StringBuilder();
            for (int id = from; id < from + 500; id++) {
                values.append(id == from ? "" : ", ").append("(").append(id).append(", repeat('p', 1000))");
            }
            loader.execute("INSERT INTO wide VALUES " + values);
        }
        // Opened after the load: an engine reads the catalog when it opens.
        engine = SqlEngine.standalone(store, SqlSettings.defaults().withMemoryBudget(MIB));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static Statement.QueryStatement query(String sql) {
        List<SqlParser.Parsed> parsed = engine.parse(sql);
        return (Statement.QueryStatement) parsed.get(0).statement();
    }

    private static List<Integer> ids(List<Object[]> rows) {
        List<Integer> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(((Number) r[0]).intValue()));
        return ids;
    }

    @Test
    void aResultLargerThanTheBudgetStreamsThroughInBatches() {
        assertEquals("53200", assertThrows(SqlException.class, () -> engine.execute("SELECT * FROM wide")).sqlState(),
                "held whole, the result passes the budget");
        try (Session session = engine.openSession();
             QueryCursor cursor = session.openQuery(query("SELECT id, pad FROM wide"), null, new Object[0], null, 0)) {
            List<Integer> seen = new ArrayList<>();
            while (!cursor.exhausted()) {
                List<Object[]> batch = cursor.fetch(300);
                assertTrue(batch.size() == 300 || cursor.exhausted(), "a short batch only at the end: " + batch.size());
                seen.addAll(ids(batch));
            }
            assertEquals(ROWS, seen.size());
            for (int i = 0; i < ROWS; i++) {
                assertEquals(i + 1, seen.get(i));
            }
            assertEquals(List.of(), cursor.fetch(300), "nothing after the end");
            assertEquals(ROWS, cursor.fetchedCount());
        }
    }

    @Test
    void aCursorReadsTheSnapshotItOpenedOnWithItsTransactionsWritesSoFar() {
        try (Session writer = engine.openSession(); Session reader = engine.openSession()) {
            writer.execute("INSERT INTO wide VALUES (100001, 'committed before')", List.of(), null, 0);
            QueryCursor cursor = reader.openQuery(query("SELECT id FROM wide WHERE id > 100000"), null, new Object[0], null, 0);
            writer.execute("INSERT INTO wide VALUES (100002, 'committed after')", List.of(), null, 0);
            assertEquals(List.of(100001), ids(cursor.fetch(0)));
            cursor.close();

            reader.execute("BEGIN", List.of(), null, 0);
            reader.execute("INSERT INTO wide VALUES (100003, 'mine, before')", List.of(), null, 0);
            QueryCursor inTransaction = reader.openQuery(query("SELECT id FROM wide WHERE id > 100000"), null, new Object[0], null, 0);
            reader.execute("INSERT INTO wide VALUES (100004, 'mine, after')", List.of(), null, 0);
            assertEquals(List.of(100001, 100002, 100003), ids(inTransaction.fetch(0)));
            inTransaction.close();
            reader.execute("ROLLBACK", List.of(), null, 0);
            writer.execute("DELETE FROM wide WHERE id > 100000", List.of(), null, 0);
        }
    }

    @Test
    void theStatementTimeoutCountsPerFetchNotBetweenThem() throws Exception {
        try (Session session = engine.openSession();
             QueryCursor cursor = session.openQuery(query("SELECT id FROM wide"), null, new Object[0], null, 1500)) {
            assertEquals(10, cursor.fetch(10).size());
            Thread.sleep(2000); // a client that takes its time between two fetches: longer than the timeout
            assertEquals(List.of(11, 12, 13), ids(cursor.fetch(3)));
        }
    }

    @Test
    void aFailureEndsTheCursorAndTheTransaction() {
        try (Session session = engine.openSession()) {
            session.execute("BEGIN", List.of(), null, 0);
            QueryCursor cursor = session.openQuery(query("SELECT id, 10 / (id - 2500) FROM wide"), null, new Object[0], null, 0);
            assertEquals(1000, cursor.fetch(1000).size());
            assertEquals("22012", assertThrows(SqlException.class, () -> cursor.fetch(0)).sqlState());
            assertThrows(IllegalStateException.class, () -> cursor.fetch(1), "a failed cursor is closed");
            assertTrue(session.transactionFailed());
            assertEquals("25P02", assertThrows(SqlException.class,
                    () -> session.openQuery(query("SELECT 1"), null, new Object[0], null, 0)).sqlState());
            session.execute("ROLLBACK", List.of(), null, 0);
        }
    }

    @Test
    void aCancelStopsTheFetchUnderWay() {
        try (Session session = engine.openSession();
             QueryCursor cursor = session.openQuery(query("SELECT id FROM wide"), null, new Object[0], null, 0)) {
            assertEquals(5, cursor.fetch(5).size());
            cursor.control().cancel("user request");
            assertEquals("57014", assertThrows(SqlException.class, () -> cursor.fetch(0)).sqlState());
        }
    }

    @Test
    void namesAreBoundWhenTheCursorOpens() {
        try (Session session = engine.openSession()) {
            assertEquals("42P01", assertThrows(SqlException.class,
                    () -> session.openQuery(query("SELECT * FROM missing"), null, new Object[0], null, 0)).sqlState());
            assertEquals("42703", assertThrows(SqlException.class,
                    () -> session.openQuery(query("SELECT nope FROM wide"), null, new Object[0], null, 0)).sqlState());
        }
    }
}
