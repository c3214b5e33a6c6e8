package io.distdb.sql.copy;

import io.distdb.sql.Session;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COPY FROM STDIN and COPY TO STDOUT through a {@link Session} of a standalone engine. */
class CopyTestSessionTest {

    @TempDir
    Path dir;

    private LsmStore store;
    private SqlEngine engine;
    private Session session;

    @BeforeEach
    void open() {
        open(SqlSettings.defaults());
    }

    private void open(SqlSettings settings) {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        engine = SqlEngine.standalone(store, settings);
        session = engine.openSession();
        engine.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, n INTEGER NOT NULL DEFAULT 7, code VARCHAR(3) UNIQUE)");
    }

    @AfterEach
    void close() {
        session.close();
        store.close();
    }

    static Statement.Copy copy(String sql) {
        return CopyTest.copy(sql);
    }

    /** Feeds {@code data} in chunks of {@code chunk} bytes and finishes. */
    static long load(Session session, String sql, String data, int chunk) {
        CopyIn in = session.copyIn(copy(sql), null);
        feed(in, data.getBytes(StandardCharsets.UTF_8), chunk);
        return in.finish();
    }

    static void feed(CopyIn in, byte[] b, int chunk) {
        for (int i = 0; i < b.length; i += chunk) {
            in.accept(b, i, Math.min(chunk, b.length - i));
        }
    }

    private long load(String sql, String data) {
        return load(session, sql, data, 5);
    }

    static String export(Session session, String sql) {
        StringBuilder out = new StringBuilder();
        try (CopyOut copy = session.copyOut(copy(sql), null, 0)) {
            while (copy.hasNext()) {
                out.append(new String(copy.next(), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    private long count(String table) {
        return (Long) engine.execute("SELECT count(*) FROM " + table).rows().get(0)[0];
    }

    private List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        for (Object[] r : engine.execute(sql).rows()) {
            List<String> cells = new ArrayList<>();
            for (Object v : r) {
                cells.add(v == null ? "NULL" : io.distdb.sql.types.Values.toOutputText(v));
            }
            out.add(String.join("|", cells));
        }
        return out;
    }

    /** The COPY fails with {@code sqlState}, and the table still holds {@code rowsBefore} rows. */
    private SqlException failsAndWritesNothing(String sqlState, String sql, String data) {
        long before = count("t");
        SqlException e = assertThrows(SqlException.class, () -> load(sql, data));
        assertEquals(sqlState, e.sqlState(), e.getMessage());
        assertEquals(before, count("t"), "nothing written after: " + e.getMessage());
        return e;
    }

    // ---- loading

    @Test
    void loadsTextAndCsv() {
        assertEquals(3, load("COPY t FROM STDIN", "1\tone\t10\tabc\n2\t\\N\t20\t\\N\n3\ttab\\there\t30\tx\n"));
        assertEquals(2, load("COPY t (id, name) FROM STDIN WITH (FORMAT csv, HEADER)", "id,name\n4,\"four, 4\"\n5,\n"));
        assertEquals(2, load("COPY t (code, id) FROM STDIN CSV", "y,6\n\"\",7"));
        assertEquals(List.of("1|one|10|abc", "2|NULL|20|NULL", "3|tab\there|30|x", "4|four, 4|7|NULL", "5|NULL|7|NULL",
                "6|NULL|7|y", "7|NULL|7|"), rows("SELECT * FROM t ORDER BY id"));
    }

    @Test
    void headerMatchChecksTheNames() {
        assertEquals(1, load("COPY t (id, name) FROM STDIN (FORMAT csv, HEADER MATCH)", "id,name\n1,a\n"));
        SqlException e = failsAndWritesNothing("22P04", "COPY t (id, name) FROM STDIN (FORMAT csv, HEADER MATCH)", "id,nom\n2,b\n");
        assertEquals("column name mismatch in header line field 2: got \"nom\", expected \"name\" (COPY t, line 1)", e.getMessage());
    }

    @Test
    void roundTripOfEveryType() {
        engine.execute("CREATE TABLE every (k INTEGER PRIMARY KEY, b BOOLEAN, s SMALLINT, big BIGINT, d DOUBLE PRECISION, "
                + "num NUMERIC(10,2), txt TEXT, v VARCHAR(5), day DATE, ts TIMESTAMPTZ, raw BYTEA, doc JSONB)");
        engine.execute("INSERT INTO every VALUES "
                + "(1, true, -3, 9000000000, 1.5, 12.30, 'tab\tnew\nline \\ back \"q\" ,;é日', 'abc', '2024-02-29', "
                + "'2024-01-02 03:04:05.123456+00', '\\x00ff', '{\"a\": [1, \"x\\ty\"]}'),"
                + "(2, false, NULL, NULL, -0.25, NULL, '', NULL, NULL, NULL, NULL, 'null'),"
                + "(3, NULL, 0, 0, 1e300, -1.00, '\\N', '', '0001-01-01 BC', '1970-01-01 00:00:00+00', '\\x', '\"s\"')");
        engine.execute("CREATE TABLE copy1 AS SELECT * FROM every WHERE false");
        engine.execute("CREATE TABLE copy2 AS SELECT * FROM every WHERE false");
        List<String> expected = rows("SELECT * FROM every ORDER BY k");
        String text = export(session, "COPY every TO STDOUT");
        assertEquals(3, load(session, "COPY copy1 FROM STDIN", text, 3));
        assertEquals(expected, rows("SELECT * FROM copy1 ORDER BY k"));
        String csv = export(session, "COPY (SELECT * FROM every ORDER BY k) TO STDOUT WITH (FORMAT csv, HEADER)");
        assertTrue(csv.startsWith("k,b,s,big,d,num,txt,v,day,ts,raw,doc\n1,t,-3,9000000000,1.5,12.30,\"tab\t"), csv);
        assertEquals(3, load(session, "COPY copy2 FROM STDIN WITH CSV HEADER", csv, 1));
        assertEquals(expected, rows("SELECT * FROM copy2 ORDER BY k"));
    }

    @Test
    void exportForms() {
        load("COPY t FROM STDIN", "2\tb\t20\t\\N\n1\ta\t10\tx\n");
        assertEquals("1\ta\t10\tx\n2\tb\t20\t\\N\n", export(session, "COPY t TO STDOUT"));
        assertEquals("name,id\na,1\nb,2\n", export(session, "COPY t (name, id) TO STDOUT (FORMAT csv, HEADER)"));
        assertEquals("t\t\\N\t\n", export(session, "COPY (SELECT true, NULL, '') TO STDOUT"));
        try (CopyOut out = session.copyOut(copy("COPY (SELECT id FROM t ORDER BY id) TO STDOUT"), null, 0)) {
            assertEquals(1, out.columnCount());
            List<String> lines = new ArrayList<>();
            out.lines().forEachRemaining(l -> lines.add(new String(l, StandardCharsets.UTF_8)));
            assertEquals(List.of("1\n", "2\n"), lines);
            assertEquals(2, out.rowCount());
        }
        SqlException unknown = assertThrows(SqlException.class, () -> session.copyOut(copy("COPY nope TO STDOUT"), null, 0));
        assertEquals("42P01", unknown.sqlState());
        assertEquals("42703", assertThrows(SqlException.class,
                () -> session.copyOut(copy("COPY t (nope) TO STDOUT"), null, 0)).sqlState());
        engine.execute("CREATE VIEW v AS SELECT id FROM t");
        assertEquals("42809", assertThrows(SqlException.class, () -> session.copyOut(copy("COPY v TO STDOUT"), null, 0)).sqlState());
        assertEquals("1\n2\n", export(session, "COPY (SELECT * FROM v ORDER BY id) TO STDOUT"));
    }

    @Test
    void exportClosedEarlyEndsTheStatement() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            data.append(i).append("\tx\t1\t\\N\n");
        }
        load("COPY t FROM STDIN", data.toString());
        CopyOut out = session.copyOut(copy("COPY t TO STDOUT"), null, 0);
        out.next();
        out.close();
        out.close();
        assertFalse(out.hasNext());
        assertEquals(1000, count("t"), "the session goes on");
        assertEquals(1, load("COPY t FROM STDIN", "5000\ty\t1\t\\N\n"));
    }

    // ---- errors: each one leaves the table as it was

    @Test
    void badValues() {
        load("COPY t FROM STDIN", "1\ta\t1\t\\N\n");
        SqlException e = failsAndWritesNothing("22P02", "COPY t FROM STDIN", "2\tb\t2\t\\N\n3\tc\t3\t\\N\n4\td\tabc\t\\N\n");
        assertEquals("invalid input syntax for type integer: \"abc\" (COPY t, line 3, column n: \"abc\")", e.getMessage());
        assertEquals("invalid input syntax for type integer: \"abc\"", e.primaryMessage());
        assertEquals("COPY t, line 3, column n: \"abc\"", e.context(), "PostgreSQL's CONTEXT line, which the wire protocol sends apart");
        assertEquals("22P02", failsAndWritesNothing("22P02", "COPY t FROM STDIN CSV", "x,a,1,\n").sqlState());
        assertEquals("22003", failsAndWritesNothing("22003", "COPY t FROM STDIN", "2\tb\t99999999999\t\\N\n").sqlState());
        SqlException tooLong = failsAndWritesNothing("22001", "COPY t FROM STDIN", "2\tb\t2\tabcd\n");
        assertEquals("value too long for type character varying(3) (COPY t, line 1, column code: \"abcd\")", tooLong.getMessage());
        failsAndWritesNothing("22021", "COPY t FROM STDIN", "2\t\\377\t2\t\\N\n");
    }

    @Test
    void wrongNumberOfFields() {
        SqlException extra = failsAndWritesNothing("22P04", "COPY t FROM STDIN", "2\tb\t2\t\\N\n3\tc\t3\t\\N\textra\n");
        assertEquals("extra data after last expected column (COPY t, line 2)", extra.getMessage());
        SqlException missing = failsAndWritesNothing("22P04", "COPY t (id, name) FROM STDIN CSV", "2,b\n3\n");
        assertEquals("missing data for column \"name\" (COPY t, line 2)", missing.getMessage());
        failsAndWritesNothing("22P04", "COPY t FROM STDIN CSV", "2,\"b\n");
    }

    @Test
    void constraints() {
        load("COPY t FROM STDIN", "1\ta\t1\tabc\n");
        SqlException notNull = failsAndWritesNothing("23502", "COPY t FROM STDIN", "2\tb\t\\N\t\\N\n");
        assertEquals("null value in column \"n\" of relation \"t\" violates not-null constraint (COPY t, line 1)", notNull.getMessage());
        failsAndWritesNothing("23502", "COPY t (name) FROM STDIN", "x\n");
        SqlException stored = failsAndWritesNothing("23505", "COPY t FROM STDIN", "2\tb\t2\t\\N\n1\tdup\t3\t\\N\n");
        assertTrue(stored.getMessage().contains("\"t_pkey\""), stored.getMessage());
        failsAndWritesNothing("23505", "COPY t FROM STDIN", "2\tb\t2\t\\N\n3\tc\t3\t\\N\n2\tagain\t4\t\\N\n");
        failsAndWritesNothing("23505", "COPY t FROM STDIN", "2\tb\t2\tabc\n");
        failsAndWritesNothing("23505", "COPY t (id, code) FROM STDIN", "2\txyz\n3\txyz\n");
        assertEquals(List.of("1|a|1|abc"), rows("SELECT * FROM t"));
        assertEquals(2, load("COPY t (id, code) FROM STDIN", "2\t\\N\n3\t\\N\n"), "NULLs never collide");
    }

    @Test
    void namesAreCheckedWhenTheCopyStarts() {
        assertEquals("42P01", assertThrows(SqlException.class, () -> session.copyIn(copy("COPY nope FROM STDIN"), null)).sqlState());
        SqlException col = assertThrows(SqlException.class, () -> session.copyIn(copy("COPY t (id, nope) FROM STDIN"), null));
        assertEquals("42703", col.sqlState());
        assertEquals("42701", assertThrows(SqlException.class,
                () -> session.copyIn(copy("COPY t (id, id) FROM STDIN"), null)).sqlState());
        CopyIn in = session.copyIn(copy("COPY t (name, id) FROM STDIN"), null);
        assertEquals(2, in.columnCount());
        assertEquals(List.of("name", "id"), in.columnNames());
        in.abort();
    }

    @Test
    void afterAFailureTheCopyIsOver() {
        CopyIn in = session.copyIn(copy("COPY t FROM STDIN"), null);
        byte[] good = "1\ta\t1\t\\N\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "x\ta\t1\t\\N\n".getBytes(StandardCharsets.UTF_8);
        in.accept(good, 0, good.length);
        SqlException e = assertThrows(SqlException.class, () -> in.accept(bad, 0, bad.length));
        assertTrue(in.isOver());
        in.accept(good, 0, good.length); // ignored: the client keeps sending until it reads the error
        assertEquals(e, assertThrows(SqlException.class, in::finish));
        in.abort();
        assertEquals(0, count("t"));
        assertEquals(1, load("COPY t FROM STDIN", "1\ta\t1\t\\N\n"), "the session goes on");
    }

    @Test
    void abortWritesNothing() {
        CopyIn in = session.copyIn(copy("COPY t FROM STDIN"), null);
        feed(in, "1\ta\t1\t\\N\n2\tb\t2\t\\N\n".getBytes(StandardCharsets.UTF_8), 4);
        assertEquals(2, in.rowsRead());
        SqlException reported = in.abort("client says no");
        assertEquals("57014", reported.sqlState());
        assertEquals("COPY from stdin failed: client says no", reported.getMessage());
        assertTrue(in.isOver());
        assertThrows(IllegalStateException.class, in::finish);
        assertEquals(0, count("t"));
        assertEquals(1, load("COPY t FROM STDIN", "3\tc\t3\t\\N\n"));
    }

    @Test
    void cancellationStopsTheCopy() {
        StatementControl control = StatementControl.none();
        CopyIn in = session.copyIn(copy("COPY t FROM STDIN"), control);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            data.append(i).append("\tx\t1\t\\N\n");
        }
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        in.accept(bytes, 0, bytes.length / 2);
        control.cancel("user request");
        SqlException e = assertThrows(SqlException.class, () -> in.accept(bytes, bytes.length / 2, bytes.length - bytes.length / 2));
        assertEquals("57014", e.sqlState());
        assertEquals("canceling statement due to user request", e.getMessage());
        assertEquals(0, count("t"));

        StatementControl second = StatementControl.none();
        CopyIn late = session.copyIn(copy("COPY t FROM STDIN"), second);
        late.accept(bytes, 0, bytes.length);
        second.cancel("user request");
        assertEquals("57014", assertThrows(SqlException.class, late::finish).sqlState());
        assertEquals(0, count("t"));

        // A deadline that has passed stops the copy at the next chunk it reads, and nothing is written. (Rows are
        // also checked as they are read, so a deadline passing inside a large chunk stops it there; a test of that
        // would race the clock against the parser.)
        CopyIn reading = session.copyIn(copy("COPY t FROM STDIN"), null, 1);
        long deadlinePassed = System.nanoTime() + 5_000_000L;
        while (System.nanoTime() < deadlinePassed) {
            Thread.onSpinWait();
        }
        assertEquals("57014", assertThrows(SqlException.class, () -> reading.accept(bytes, 0, bytes.length)).sqlState());
        assertTrue(reading.isOver());
        assertEquals(0, count("t"));
    }

    @Test
    void timeout() {
        CopyIn in = session.copyIn(copy("COPY t FROM STDIN"), null, 1);
        byte[] b = "1\ta\t1\t\\N\n".getBytes(StandardCharsets.UTF_8);
        sleep(20);
        assertEquals("57014", assertThrows(SqlException.class, () -> in.accept(b, 0, b.length)).sqlState());
        assertEquals(0, count("t"));
    }

    @Test
    void httpStyleExecuteRefusesCopy() {
        for (String sql : List.of("COPY t FROM STDIN", "COPY t TO STDOUT")) {
            SqlException e = assertThrows(SqlException.class, () -> engine.execute(sql));
            assertEquals("0A000", e.sqlState());
            assertTrue(e.getMessage().startsWith("COPY FROM STDIN and COPY TO STDOUT need the PostgreSQL wire protocol"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> session.copyIn(copy("COPY t TO STDOUT"), null));
        assertThrows(IllegalArgumentException.class, () -> session.copyOut(copy("COPY t FROM STDIN"), null, 0));
    }

    @Test
    void insideATransactionBlock() {
        session.execute("BEGIN", List.of(), null, 0);
        assertEquals(2, load("COPY t FROM STDIN", "1\ta\t1\t\\N\n2\tb\t2\t\\N\n"));
        assertEquals(0, count("t"), "not visible outside before COMMIT");
        assertEquals("1\n2\n", export(session, "COPY t (id) TO STDOUT"), "visible inside");
        session.execute("COMMIT", List.of(), null, 0);
        assertEquals(2, count("t"));

        session.execute("BEGIN", List.of(), null, 0);
        load("COPY t FROM STDIN", "3\tc\t3\t\\N\n");
        session.execute("ROLLBACK", List.of(), null, 0);
        assertEquals(2, count("t"));

        session.execute("BEGIN", List.of(), null, 0);
        assertThrows(SqlException.class, () -> load("COPY t FROM STDIN", "4\tx\tbad\t\\N\n"));
        assertTrue(session.transactionFailed(), "a failed COPY fails the transaction, as any statement does");
        assertEquals("25P02", assertThrows(SqlException.class, () -> session.copyIn(copy("COPY t FROM STDIN"), null)).sqlState());
        session.execute("ROLLBACK", List.of(), null, 0);

        session.execute("BEGIN", List.of(), null, 0);
        session.copyIn(copy("COPY t FROM STDIN"), null).abort();
        assertTrue(session.transactionFailed(), "an aborted COPY fails the transaction");
        SqlResult end = session.execute("COMMIT", List.of(), null, 0).get(0);
        assertEquals("ROLLBACK", end.commandTag());
    }

    @Test
    void tableWithoutPrimaryKeyAndDefaults() {
        engine.execute("CREATE TABLE log (at TIMESTAMPTZ DEFAULT now(), msg TEXT, level INTEGER DEFAULT 3)");
        assertEquals(3, load("COPY log (msg) FROM STDIN", "a\nb\nb\n"));
        assertEquals(List.of("a|3", "b|3", "b|3"), rows("SELECT msg, level FROM log ORDER BY msg"));
        assertEquals(3, count("log WHERE at IS NOT NULL"));
        assertEquals(1, load("COPY log FROM STDIN CSV", "2024-01-01 00:00:00+00,c,\n"));
        assertEquals(List.of("c|NULL"), rows("SELECT msg, level FROM log WHERE msg = 'c'"));
    }

    @Test
    void dataAfterTheEndMarkerIsIgnored() {
        assertEquals(1, load("COPY t FROM STDIN", "1\ta\t1\t\\N\n\\.\nnot\tread\n"));
        assertEquals(0, load("COPY t FROM STDIN", "\\.\n"));
        assertEquals(0, load("COPY t FROM STDIN CSV HEADER", ""));
        assertEquals(1, count("t"));
    }

    @Test
    void closingTheSessionEndsTheCopy() {
        Session other = engine.openSession();
        CopyIn in = other.copyIn(copy("COPY t FROM STDIN"), null);
        byte[] b = "1\ta\t1\t\\N\n".getBytes(StandardCharsets.UTF_8);
        in.accept(b, 0, b.length);
        other.close();
        assertTrue(in.isOver());
        assertEquals(0, count("t"));
        Session third = engine.openSession();
        CopyOut out = third.copyOut(copy("COPY t TO STDOUT"), null, 0);
        third.close();
        assertFalse(out.hasNext());
    }

    @Test
    void parametersAreRefused() {
        SqlException e = assertThrows(SqlException.class, () -> CopyTest.PARSER.parseOne("COPY (SELECT $1) TO STDOUT"));
        assertEquals("42P02", e.sqlState());
    }

    // ---- size

    @Test
    void largeCopyWithinTheBudget() {
        int rows = 200_000;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        CopyIn in = session.copyIn(copy("COPY t (id, name, n) FROM STDIN"), null);
        byte[] chunk = new byte[65536];
        int used = 0;
        for (int i = 0; i < rows; i++) {
            byte[] line = (i + "\tname-" + i + "\t" + (i % 1000) + "\n").getBytes(StandardCharsets.US_ASCII);
            if (used + line.length > chunk.length) {
                in.accept(chunk, 0, used);
                used = 0;
            }
            System.arraycopy(line, 0, chunk, used, line.length);
            used += line.length;
        }
        in.accept(chunk, 0, used);
        assertEquals(rows, in.finish());
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("COPY of %,d rows (bigint primary key, text, integer): %.2f s, %,.0f rows/s; CPU %.2f s, %,.0f rows per "
                + "CPU second (see CopyLoadRate)%n", rows, seconds, rows / seconds, cpuSeconds, rows / cpuSeconds);
        assertEquals(rows, count("t"));
        assertEquals(List.of("199999|name-199999|999"), rows("SELECT id, name, n FROM t WHERE id = 199999"));
    }

    @Test
    void budgetExceededWritesNothing() {
        close();
        dir = dir.resolve("small");
        open(SqlSettings.defaults().withMemoryBudget(1024 * 1024));
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            data.append(i).append("\tsome text here\t1\t\\N\n");
        }
        SqlException e = failsAndWritesNothing("53200", "COPY t FROM STDIN", data.toString());
        assertTrue(e.getMessage().contains("split the data into several COPY statements"), e.getMessage());
        assertEquals(1000, load("COPY t FROM STDIN", data.substring(0, data.indexOf("1000\t"))), "a smaller COPY fits");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
