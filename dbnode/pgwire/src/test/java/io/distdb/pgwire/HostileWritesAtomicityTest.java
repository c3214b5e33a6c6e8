package io.distdb.pgwire;

import io.distdb.pgwire.RawPgClient.Message;
import io.distdb.pgwire.protocol.FrontendBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.distdb.pgwire.HostileFixture.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing half-applies: a statement that fails part-way, a transaction whose client breaks the protocol or
 * goes away, a COPY whose client goes away, breaks the protocol or cancels, all leave no row behind, and
 * release what they held so that other writers go on at once.
 */
class HostileWritesAtomicityTest {

    private static HostileFixture f;
    private static int nextId = 1000;

    @BeforeAll
    static void start() throws Exception {
        f = HostileFixture.start(20);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @AfterEach
    void theNodeStillServesEveryoneAndWritesGoOn() throws Exception {
        f.assertServesEveryone();
        assertOthersCanWrite();
    }

    /** Rows of kv with ids in [from, to]. */
    private static long rows(int from, int to) throws SQLException {
        try (PreparedStatement p = f.bystander.prepareStatement("SELECT count(*) FROM kv WHERE id >= ? AND id <= ?")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                return rs.getLong(1);
            }
        }
    }

    /** A write by another client completes promptly: nothing a failed or abandoned client did still holds it up. */
    private static void assertOthersCanWrite() throws Exception {
        int id = nextId++;
        try (Connection c = f.server.connect(); Statement s = c.createStatement()) {
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeUpdate("INSERT INTO kv VALUES (" + id + ", 'other writer')");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(1, write.get(10, TimeUnit.SECONDS), "another client's write");
            s.executeUpdate("DELETE FROM kv WHERE id = " + id);
        }
    }

    // ---- a statement that fails part-way -----------------------------------------------------------------------

    private static final String FAILS_AT_ROW_3 = "INSERT INTO kv VALUES (10, 'a'), (11, 'b'), (3, 'duplicate'), (12, 'c'), (13, 'd')";

    @Test
    void aMultiRowInsertFailingAtItsThirdRowLeavesNoRowSimpleProtocol() throws Exception {
        try (Connection c = f.server.connect(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(FAILS_AT_ROW_3));
            assertEquals("23505", e.getSQLState(), e.toString());
        }
        assertEquals(0, rows(10, 13));
    }

    @Test
    void aMultiRowInsertFailingAtItsThirdRowLeavesNoRowWithParameters() throws Exception {
        try (Connection c = f.server.connect();
             PreparedStatement p = c.prepareStatement("INSERT INTO kv VALUES (?, 'a'), (?, 'b'), (?, 'c'), (?, 'd'), (?, 'e')")) {
            long[] ids = {10, 11, 3, 12, 13};
            for (int i = 0; i < ids.length; i++) {
                p.setLong(i + 1, ids[i]);
            }
            SQLException e = assertThrows(SQLException.class, p::executeUpdate);
            assertEquals("23505", e.getSQLState(), e.toString());
        }
        assertEquals(0, rows(10, 13));
    }

    @Test
    void aMultiRowInsertFailingAtItsThirdRowLeavesNoRowInAPipeline() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", FAILS_AT_ROW_3), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.parse("", "INSERT INTO kv VALUES (14, 'after the error')"), FrontendBytes.bind("", ""),
                    FrontendBytes.execute("", 0), FrontendBytes.sync());
            List<Message> got = c.readUntilReady();
            assertEquals(1, got.stream().filter(Message::isError).count(), got.toString());
            assertEquals("23505", got.stream().filter(Message::isError).findFirst().orElseThrow().sqlState());
        }
        assertEquals(0, rows(10, 14), "the failed INSERT, and what the pipeline sent after it (skipped until Sync)");
    }

    // ---- several statements in one request: one implicit transaction, as in PostgreSQL ----------------------

    @Test
    void aMultiStatementQueryFailingAtItsSecondStatementWritesNothing() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.query("INSERT INTO kv VALUES (30, 'a'); INSERT INTO kv VALUES (3, 'dup'); INSERT INTO kv VALUES (31, 'b')"));
            List<Message> got = c.readUntilReady();
            assertEquals("23505", got.stream().filter(Message::isError).findFirst().orElseThrow().sqlState());
            assertEquals('I', (char) got.get(got.size() - 1).body()[0], "no transaction is left open");
        }
        assertEquals(0, rows(30, 31), "the statement before the error is rolled back with it, the one after never ran");
    }

    @Test
    void aMultiStatementQueryCommitsAllItsStatementsAndReadsItsOwnWrites() throws Exception {
        try (RawPgClient c = f.login()) {
            assertEquals("2", c.queryValue("INSERT INTO kv VALUES (32, 'a'); INSERT INTO kv VALUES (33, 'b'); "
                    + "SELECT count(*) FROM kv WHERE id >= 32 AND id <= 33"), "the query sees the writes before it in the same string");
        }
        assertEquals(2, rows(32, 33));
    }

    @Test
    void aPipelineFailingAtItsSecondExecuteWritesNothing() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", "INSERT INTO kv VALUES (40, 'a')"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.parse("", "INSERT INTO kv VALUES (3, 'dup')"), FrontendBytes.bind("", ""),
                    FrontendBytes.execute("", 0),
                    FrontendBytes.parse("", "INSERT INTO kv VALUES (41, 'b')"), FrontendBytes.bind("", ""),
                    FrontendBytes.execute("", 0), FrontendBytes.sync());
            assertEquals("23505", c.readUntilReady().stream().filter(Message::isError).findFirst().orElseThrow().sqlState());
        }
        assertEquals(0, rows(40, 41), "the Execute before the error is rolled back, the one after it was skipped");
    }

    @Test
    void aPipelineWhoseLaterStatementDoesNotParseWritesNothing() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", "INSERT INTO kv VALUES (42, 'a')"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.parse("", "INSERT INTO kv VALUS (43, 'b')"), FrontendBytes.bind("", ""),
                    FrontendBytes.execute("", 0), FrontendBytes.sync());
            assertEquals("42601", c.readUntilReady().stream().filter(Message::isError).findFirst().orElseThrow().sqlState());
        }
        assertEquals(0, rows(42, 43));
    }

    @Test
    void aPipelineCommitsAtSyncAndNotBefore() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", "INSERT INTO kv VALUES (44, 'a')"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.parse("", "INSERT INTO kv VALUES (45, 'b')"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.flush());
            c.readUntil("C");
            c.readUntil("C");
            assertEquals(0, rows(44, 45), "both Executes are done, but the pipeline has not reached Sync");
            c.send(FrontendBytes.sync());
            List<Message> got = c.readUntilReady();
            assertTrue(got.stream().noneMatch(Message::isError), got.toString());
        }
        assertEquals(2, rows(44, 45));
    }

    @Test
    void aPipelineWhoseClientLeavesBeforeSyncCommitsNothing() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", "INSERT INTO kv VALUES (46, 'a')"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.parse("", "INSERT INTO kv VALUES (47, 'b')"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.flush());
            c.readUntil("C");
            c.readUntil("C");
        }
        assertOthersCanWrite(); // the write permit the pipeline held is given back when its client leaves
        assertEquals(0, rows(46, 47));
    }

    @Test
    void aJdbcBatchFailingInTheMiddleWritesNothing() throws Exception {
        try (Connection c = f.server.connect(); Statement s = c.createStatement()) {
            s.addBatch("INSERT INTO kv VALUES (50, 'a')");
            s.addBatch("INSERT INTO kv VALUES (3, 'dup')");
            s.addBatch("INSERT INTO kv VALUES (51, 'b')");
            assertThrows(SQLException.class, s::executeBatch);
        }
        assertEquals(0, rows(50, 51));
    }

    @Test
    void aPreparedJdbcBatchCommitsAllOrNothing() throws Exception {
        try (Connection c = f.server.connect(); PreparedStatement p = c.prepareStatement("INSERT INTO kv VALUES (?, 'x')")) {
            for (long id : new long[] {52, 53, 54}) {
                p.setLong(1, id);
                p.addBatch();
            }
            assertEquals(3, p.executeBatch().length);
            for (long id : new long[] {55, 56, 3, 57}) {
                p.setLong(1, id);
                p.addBatch();
            }
            assertThrows(SQLException.class, p::executeBatch);
        }
        assertEquals(3, rows(52, 54), "the batch that succeeded");
        assertEquals(0, rows(55, 57), "the batch with a duplicate key, all of it");
    }

    @Test
    void ddlInsideAMultiStatementQueryCommitsTheWritesBeforeIt() throws Exception {
        // DDL does not run inside a transaction here, so it ends the implicit transaction (docs/postgres.md).
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.query("INSERT INTO kv VALUES (58, 'a'); CREATE TABLE implicit_ddl (id BIGINT PRIMARY KEY); "
                    + "INSERT INTO kv VALUES (59, 'b'); INSERT INTO kv VALUES (3, 'dup')"));
            assertEquals("23505", c.readUntilReady().stream().filter(Message::isError).findFirst().orElseThrow().sqlState());
            c.send(FrontendBytes.query("DROP TABLE implicit_ddl"));
            assertTrue(c.readUntilReady().stream().noneMatch(Message::isError));
        }
        assertEquals(1, rows(58, 58), "written before the DDL: committed");
        assertEquals(0, rows(59, 59), "written after the DDL, in the request that failed: rolled back");
    }

    // ---- a writer that waits for another transaction -----------------------------------------------------------

    @Test
    void aWriterWaitingBehindAnOpenTransactionCanBeCancelled() throws Exception {
        RawPgClient holder = f.login();
        Connection c = f.server.connect();
        Statement s = c.createStatement();
        try {
            holder.queryValue("BEGIN");
            holder.queryValue("INSERT INTO kv VALUES (60, 'held')");
            CompletableFuture<SQLException> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    s.executeUpdate("INSERT INTO kv VALUES (61, 'waits')");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            f.awaitRunning(1);
            Thread.sleep(300);
            long start = System.nanoTime();
            s.cancel();
            SQLException e;
            try {
                e = waiting.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException t) {
                holder.close(); // ends the transaction, or the waiting INSERT (and this test) would wait for ever
                throw new AssertionError("a cancel request did not stop an INSERT waiting for another transaction", t);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e != null, "the waiting INSERT was not cancelled: it ran");
            assertEquals("57014", e.getSQLState(), e.toString());
            assertTrue(millis < 5_000, "cancelling a waiting INSERT took " + millis + " ms");
            holder.queryValue("ROLLBACK");
        } finally {
            holder.close();
            s.close();
            c.close();
        }
        assertEquals(0, rows(60, 61));
    }

    @Test
    void aWriterWaitingBehindAnOpenTransactionWhoseClientLeavesWritesNothing() throws Exception {
        try (RawPgClient holder = f.login()) {
            holder.queryValue("BEGIN");
            holder.queryValue("INSERT INTO kv VALUES (62, 'held')");
            RawPgClient waiter = f.login();
            waiter.send(FrontendBytes.query("INSERT INTO kv VALUES (63, 'waits')"));
            f.awaitRunning(1);
            Thread.sleep(300);
            waiter.abort();
            try {
                long millis = f.awaitQuiet(2, 5_000);
                assertTrue(millis < 5_000, "the INSERT of a client that left waited " + millis + " ms");
            } finally {
                holder.queryValue("ROLLBACK");
            }
        }
        assertEquals(0, rows(62, 63), "the INSERT of a client that had left ran");
    }

    // ---- a transaction whose client fails it ---------------------------------------------------------------------

    @Test
    void aProtocolViolationInsideATransactionRollsItBack() throws Exception {
        try (RawPgClient c = f.login()) {
            c.queryValue("BEGIN");
            c.queryValue("INSERT INTO kv VALUES (20, 'in the transaction')");
            c.send(FrontendBytes.typed('z', new byte[0]));
            assertFatal(c.readUntilClosed(), "08P01");
        }
        f.awaitQuiet(1, 10_000);
        assertEquals(0, rows(20, 20));
    }

    @Test
    void aClientGoneInsideATransactionRollsItBack() throws Exception {
        RawPgClient c = f.login();
        c.queryValue("BEGIN");
        c.queryValue("INSERT INTO kv VALUES (21, 'in the transaction')");
        c.abort();
        f.awaitQuiet(1, 10_000);
        assertEquals(0, rows(21, 21));
    }

    @Test
    void aClientGoneBetweenTheStatementsOfAPipelinedTransactionCommitsNothing() throws Exception {
        RawPgClient c = f.login();
        c.send(FrontendBytes.query("BEGIN"), FrontendBytes.query("INSERT INTO kv VALUES (22, 'x')"),
                FrontendBytes.query(HostileFixture.SLOW_QUERY), FrontendBytes.query("COMMIT"));
        f.awaitRunning(1);
        c.abort();
        f.awaitQuiet(1, 10_000);
        assertEquals(0, rows(22, 22));
    }

    // ---- COPY ----------------------------------------------------------------------------------------------------

    private static byte[] copyRows(int from, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            b.append(i).append('\t').append("row ").append(i).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts COPY kv FROM STDIN and sends {@code count} rows from id {@code from}. */
    private static RawPgClient copyingIn(int from, int count) throws Exception {
        RawPgClient c = f.login();
        c.send(FrontendBytes.query("COPY kv FROM STDIN"));
        Message response = c.read();
        assertEquals('G', response.type(), "CopyInResponse: " + response);
        c.send(FrontendBytes.copyData(copyRows(from, count / 2)), FrontendBytes.copyData(copyRows(from + count / 2, count - count / 2)));
        return c;
    }

    @Test
    void aClientGoneInTheMiddleOfCopyWritesNothing() throws Exception {
        RawPgClient c = copyingIn(100, 500);
        Thread.sleep(200);
        c.abort();
        f.awaitQuiet(1, 10_000);
        assertEquals(0, rows(100, 599));
    }

    @Test
    void aHugeLengthInTheMiddleOfCopyIsFatalAndWritesNothing() throws Exception {
        try (RawPgClient c = copyingIn(100, 500)) {
            c.send(FrontendBytes.typedWithLength('d', 0x7fffffff, new byte[10]));
            assertFatal(c.readUntilClosed(), "54000");
        }
        f.awaitQuiet(1, 10_000);
        assertEquals(0, rows(100, 599));
    }

    @Test
    void aMalformedMessageInTheMiddleOfCopyIsFatalAndWritesNothing() throws Exception {
        try (RawPgClient c = copyingIn(100, 500)) {
            c.send(FrontendBytes.typed('f', "no terminator".getBytes(StandardCharsets.UTF_8)));
            assertFatal(c.readUntilClosed(), "08P01");
        }
        f.awaitQuiet(1, 10_000);
        assertEquals(0, rows(100, 599));
    }

    @Test
    void anotherMessageInTheMiddleOfCopyFailsTheCopyAndWritesNothing() throws Exception {
        try (RawPgClient c = copyingIn(100, 500)) {
            c.send(FrontendBytes.query("INSERT INTO kv VALUES (600, 'not during COPY')"));
            List<Message> got = c.readUntilReady();
            assertEquals("08P01", got.get(0).sqlState(), got.toString());
            assertEquals("1", c.queryValue("SELECT 1"));
        }
        assertEquals(0, rows(100, 600));
    }

    @Test
    void aCancelInTheMiddleOfCopyWritesNothing() throws Exception {
        try (RawPgClient c = copyingIn(100, 500)) {
            Thread.sleep(200);
            c.cancel(f.port());
            List<Message> got = c.readUntilReady();
            assertEquals("57014", got.get(0).sqlState(), got.toString());
            assertEquals("1", c.queryValue("SELECT 1"));
        }
        assertEquals(0, rows(100, 599));
    }

    @Test
    void copyFailWritesNothing() throws Exception {
        try (RawPgClient c = copyingIn(100, 500)) {
            c.send(FrontendBytes.copyFail("the client changed its mind"));
            List<Message> got = c.readUntilReady();
            assertEquals("57014", got.get(0).sqlState(), got.toString());
        }
        assertEquals(0, rows(100, 599));
    }

    @Test
    void aBadLineInTheMiddleOfCopyWritesNothing() throws Exception {
        try (RawPgClient c = copyingIn(100, 500)) {
            c.send(FrontendBytes.copyData("not-a-number\tx\n".getBytes(StandardCharsets.UTF_8)),
                    FrontendBytes.copyData(copyRows(700, 10)), FrontendBytes.copyDone());
            List<Message> got = c.readUntilReady();
            assertEquals("22P02", got.get(0).sqlState(), got.toString());
        }
        assertEquals(0, rows(100, 799));
    }

    @Test
    void aCopyToStdoutClientThatLeavesIsReleased() throws Exception {
        RawPgClient c = f.login();
        c.send(FrontendBytes.query("COPY (SELECT a.id, b.id, b.v FROM big a, big b) TO STDOUT"));
        assertEquals('H', c.read().type(), "CopyOutResponse");
        c.read();
        c.abort();
        long millis = f.awaitQuiet(1, 30_000);
        assertTrue(millis < 5_000, "COPY TO STDOUT went on " + millis + " ms after its client left");
    }
}
