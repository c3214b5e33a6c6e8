package io.distdb.sql;

import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.errors.SqlException;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Transactions written as one script for {@link SqlEngine#executeScript} (the HTTP API's shape), and across
 * sessions: what a transaction writes is invisible to others until COMMIT. The statement-by-statement cases
 * are in the corpus ({@code transactions.sql}).
 */
class TransactionScriptTest {

    @TempDir
    Path dir;

    LsmStore store;
    SqlEngine engine;

    @BeforeEach
    void open() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        engine = SqlEngine.standalone(store, SqlSettings.defaults());
        engine.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long count() {
        return (Long) engine.execute("SELECT count(*) FROM t").rows().get(0)[0];
    }

    private List<SqlResult> script(String sql) {
        return engine.executeScript(sql, List.of(), null, 0);
    }

    @Test
    void rollbackLeavesNothingAndCommitKeeps() {
        List<SqlResult> r = script("BEGIN; INSERT INTO t VALUES (1, 1); SELECT count(*) FROM t; ROLLBACK");
        assertEquals(4, r.size());
        assertEquals(1L, r.get(2).rows().get(0)[0], "the transaction reads its own write");
        assertEquals(0, count());
        script("BEGIN; INSERT INTO t VALUES (1, 1); INSERT INTO t VALUES (2, 2); COMMIT");
        assertEquals(2, count());
    }

    @Test
    void anErrorAbortsTheRestUntilRollback() {
        SqlException e = assertThrows(SqlException.class,
                () -> script("BEGIN; INSERT INTO t VALUES (1, 1); INSERT INTO t VALUES (1, 2); INSERT INTO t VALUES (3, 3); COMMIT"));
        assertEquals("23505", e.sqlState());
        assertEquals(0, count(), "the script's transaction was rolled back");
        try (Session s = engine.openSession()) {
            s.execute("BEGIN", List.of(), null, 0);
            s.execute("INSERT INTO t VALUES (1, 1)", List.of(), null, 0);
            assertEquals("22012", assertThrows(SqlException.class, () -> s.execute("SELECT 1 / 0", List.of(), null, 0)).sqlState());
            assertEquals("25P02", assertThrows(SqlException.class,
                    () -> s.execute("SELECT count(*) FROM t", List.of(), null, 0)).sqlState());
            s.execute("ROLLBACK", List.of(), null, 0);
            assertEquals(0L, s.execute("SELECT count(*) FROM t", List.of(), null, 0).get(0).rows().get(0)[0]);
        }
    }

    @Test
    void aScriptEndingInsideATransactionIsRolledBack() {
        SqlException e = assertThrows(SqlException.class, () -> script("BEGIN; INSERT INTO t VALUES (1, 1)"));
        assertEquals("25P03", e.sqlState());
        assertEquals(0, count());
    }

    @Test
    void ddlInsideATransactionIs0A000() {
        SqlException e = assertThrows(SqlException.class, () -> script("BEGIN; CREATE TABLE u (id INTEGER); COMMIT"));
        assertEquals("0A000", e.sqlState());
        assertEquals("42P01", assertThrows(SqlException.class, () -> engine.execute("SELECT * FROM u")).sqlState());
    }

    @Test
    void uncommittedWritesAreInvisibleToOtherSessions() {
        try (Session writer = engine.openSession(); Session reader = engine.openSession()) {
            writer.execute("BEGIN; INSERT INTO t VALUES (1, 1)", List.of(), null, 0);
            assertEquals(0L, reader.execute("SELECT count(*) FROM t", List.of(), null, 0).get(0).rows().get(0)[0]);
            writer.execute("COMMIT", List.of(), null, 0);
            assertEquals(1L, reader.execute("SELECT count(*) FROM t", List.of(), null, 0).get(0).rows().get(0)[0]);
        }
    }
    // ---- several statements without BEGIN: one implicit transaction, as PostgreSQL runs a query string ----------

    @Test
    void aScriptWithoutBeginIsAllOrNothing() {
        SqlException e = assertThrows(SqlException.class,
                () -> script("INSERT INTO t VALUES (1, 1); INSERT INTO t VALUES (2, 2); INSERT INTO t VALUES (1, 3)"));
        assertEquals("23505", e.sqlState());
        assertEquals(0, count(), "the statements before the failing one are rolled back with it");
        List<SqlResult> r = script("INSERT INTO t VALUES (1, 1); INSERT INTO t VALUES (2, 2); SELECT count(*) FROM t");
        assertEquals(2L, r.get(2).rows().get(0)[0], "a statement reads what the ones before it wrote");
        assertEquals(2, count());
    }

    @Test
    void anImplicitTransactionIsInvisibleToOthersUntilItsEndAndLeavesNoBlockOpen() {
        try (Session s = engine.openSession(); Session other = engine.openSession()) {
            s.beginImplicit();
            s.execute("INSERT INTO t VALUES (1, 1)", List.of(), null, 0);
            assertEquals(false, s.inTransaction(), "an implicit transaction is not a transaction block");
            assertEquals(0L, other.execute("SELECT count(*) FROM t", List.of(), null, 0).get(0).rows().get(0)[0]);
            s.endImplicit();
            assertEquals(1L, other.execute("SELECT count(*) FROM t", List.of(), null, 0).get(0).rows().get(0)[0]);
            s.execute("INSERT INTO t VALUES (2, 2)", List.of(), null, 0); // autocommit again
            assertEquals(2, count());
        }
    }

    @Test
    void beginInsideAScriptTurnsItsImplicitTransactionIntoABlock() {
        try (Session s = engine.openSession()) {
            s.execute("INSERT INTO t VALUES (1, 1); BEGIN; INSERT INTO t VALUES (2, 2)", List.of(), null, 0);
            assertEquals(true, s.inTransaction(), "the block BEGIN opened stays open after the script");
            assertEquals(0, count());
            s.execute("ROLLBACK", List.of(), null, 0);
        }
        assertEquals(0, count(), "ROLLBACK discards the writes before BEGIN too, as in PostgreSQL");
    }

    @Test
    void ddlInAScriptCommitsTheWritesBeforeIt() {
        SqlException e = assertThrows(SqlException.class, () -> script(
                "INSERT INTO t VALUES (1, 1); CREATE TABLE u (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (2, 2); INSERT INTO t VALUES (2, 3)"));
        assertEquals("23505", e.sqlState());
        assertEquals(1, count(), "DDL does not run inside a transaction here: what came before it is committed");
        assertEquals(0L, engine.execute("SELECT count(*) FROM u").rows().get(0)[0]);
    }
}
