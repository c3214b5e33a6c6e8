package io.distdb.pgwire;

import io.distdb.pgwire.RawPgClient.Message;
import io.distdb.pgwire.protocol.FrontendBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.distdb.pgwire.HostileFixture.SLOW_QUERY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that go away while a statement runs, and statements cancelled by the client: the statement stops
 * promptly (it would run for hours), the connection's resources go with it, a cancelled portal cannot be run
 * again (an error, never a hang), and the node keeps serving everyone else.
 */
class HostileDisconnectAndCancelTest {

    /** How long a cancelled or abandoned statement may take to stop. */
    private static final long PROMPT_MILLIS = 5_000;

    private static HostileFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = HostileFixture.start(20);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @AfterEach
    void theNodeStillServesEveryone() throws Exception {
        f.assertServesEveryone();
    }

    // ---- the client goes away ------------------------------------------------------------------------------------

    @Test
    void aClientThatClosesMidQueryHasItsStatementCancelled() throws Exception {
        RawPgClient c = f.login();
        c.send(FrontendBytes.query(SLOW_QUERY));
        f.awaitRunning(1);
        c.close();
        long millis = f.awaitQuiet(1, 30_000);
        assertTrue(millis < PROMPT_MILLIS, "the abandoned statement ran " + millis + " ms after the client left");
    }

    @Test
    void aClientThatResetsMidQueryInTheExtendedProtocolHasItsStatementCancelled() throws Exception {
        RawPgClient c = f.login();
        c.send(FrontendBytes.parse("", SLOW_QUERY), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0), FrontendBytes.sync());
        f.awaitRunning(1);
        c.abort();
        long millis = f.awaitQuiet(1, 30_000);
        assertTrue(millis < PROMPT_MILLIS, "the abandoned statement ran " + millis + " ms after the client left");
    }

    @Test
    void aClientThatLeavesWithStatementsQueuedBehindTheRunningOneHasNoneOfThemRun() throws Exception {
        for (boolean oneWrite : new boolean[] {true, false}) {
            RawPgClient c = f.login();
            byte[] insert = FrontendBytes.query("INSERT INTO kv VALUES (77, 'queued')");
            if (oneWrite) {
                c.send(FrontendBytes.query(SLOW_QUERY), insert);
                f.awaitRunning(1);
            } else {
                c.send(FrontendBytes.query(SLOW_QUERY));
                f.awaitRunning(1);
                c.send(insert);
                Thread.sleep(200);
            }
            c.abort();
            f.awaitQuiet(1, 30_000);
            try (Statement s = f.bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM kv WHERE id = 77")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1), "a statement sent by a client that left before it could run, ran (sent "
                        + (oneWrite ? "in one write" : "in a write of its own") + ")");
            }
        }
    }

    @Test
    void aClientThatStopsReadingAResultAndLeavesIsReleased() throws Exception {
        RawPgClient c = f.login();
        // About 30 MB of rows: far more than the socket buffers hold, so the server waits for the client to read.
        c.send(FrontendBytes.query("SELECT a.id, b.id, b.v FROM big a, big b LIMIT 1000000"));
        Thread.sleep(2_000);
        c.abort();
        long millis = f.awaitQuiet(1, 30_000);
        assertTrue(millis < 10_000, "the server held the connection of a client that left for " + millis + " ms");
    }

    // ---- cancel --------------------------------------------------------------------------------------------------

    @Test
    void pgjdbcCancelStopsALongQueryWith57014AndTheConnectionGoesOn() throws Exception {
        try (Connection c = f.server.connect(); Statement s = c.createStatement()) {
            CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    s.executeQuery(SLOW_QUERY);
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            f.awaitRunning(1);
            long start = System.nanoTime();
            s.cancel();
            SQLException e = failure.get(30, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e != null, "the query was not cancelled");
            assertEquals("57014", e.getSQLState(), e.toString());
            assertTrue(millis < PROMPT_MILLIS, "cancelling took " + millis + " ms");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM kv")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void aCancelledPortalCannotBeRunAgain() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("slow", SLOW_QUERY), FrontendBytes.bind("p1", "slow"), FrontendBytes.execute("p1", 0),
                    FrontendBytes.flush());
            f.awaitRunning(1);
            c.cancel(f.port());
            // Output waits for the Flush, which comes after the Execute: everything arrives once it is cancelled.
            List<Message> got = c.readUntil("E");
            assertEquals(List.of('1', '2', 'E'), types(got), got.toString());
            Message cancelled = got.get(2);
            assertEquals("57014", cancelled.sqlState(), cancelled.toString());
            assertEquals("ERROR", cancelled.severity());

            // Until Sync, the extended protocol skips messages after an error; after it, the portal is gone.
            c.send(FrontendBytes.execute("p1", 0), FrontendBytes.sync());
            List<Message> skipped = c.readUntilReady();
            assertEquals('I', (char) skipped.get(skipped.size() - 1).body()[0], skipped.toString());
            c.send(FrontendBytes.execute("p1", 0), FrontendBytes.sync());
            List<Message> again = c.readUntilReady();
            assertEquals("34000", again.get(0).sqlState(), again.toString());

            // The prepared statement is still there, and runs to the end when it is not cancelled.
            c.send(FrontendBytes.parse("quick", "SELECT count(*) FROM big"), FrontendBytes.bind("p2", "quick"),
                    FrontendBytes.execute("p2", 0), FrontendBytes.sync());
            List<Message> quick = c.readUntilReady();
            assertEquals(String.valueOf(HostileFixture.BIG_ROWS), quick.stream().filter(m -> m.type() == 'D').findFirst()
                    .orElseThrow(() -> new AssertionError(quick.toString())).firstValue());
        }
    }

    @Test
    void aCancelledPortalInATransactionBlockLeavesTheTransactionFailedUntilRollback() throws Exception {
        try (RawPgClient c = f.login()) {
            c.queryValue("BEGIN");
            c.send(FrontendBytes.parse("", SLOW_QUERY), FrontendBytes.bind("p1", ""), FrontendBytes.execute("p1", 0),
                    FrontendBytes.flush());
            f.awaitRunning(1);
            c.cancel(f.port());
            List<Message> got = c.readUntil("E");
            assertEquals("57014", got.get(got.size() - 1).sqlState(), got.toString());
            c.send(FrontendBytes.sync());
            assertEquals("Z(E)", c.readUntilReady().get(0).toString(), "the transaction is failed");

            c.send(FrontendBytes.execute("p1", 0), FrontendBytes.sync());
            List<Message> again = c.readUntilReady();
            assertTrue(List.of("34000", "25P02").contains(again.get(0).sqlState()), again.toString());
            assertEquals("Z(E)", again.get(again.size() - 1).toString());

            c.send(FrontendBytes.query("SELECT 1"));
            List<Message> refused = c.readUntilReady();
            assertEquals("25P02", refused.get(0).sqlState(), refused.toString());

            c.send(FrontendBytes.query("ROLLBACK"));
            assertEquals("Z(I)", c.readUntilReady().get(1).toString());
            assertEquals("1", c.queryValue("SELECT 1"));
        }
    }

    @Test
    void aCancelRequestWithTheWrongKeyCancelsNothing() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.query(SLOW_QUERY));
            f.awaitRunning(1);
            RawPgClient.cancel(f.port(), c.processId(), c.secretKey() + 1);
            RawPgClient.cancel(f.port(), c.processId() + 1, c.secretKey());
            Thread.sleep(1_000);
            assertEquals(1, f.runningStatements(), "a cancel request with the wrong key or process cancelled a statement");
            c.cancel(f.port());
            List<Message> got = c.readUntilReady();
            assertEquals("57014", got.get(0).sqlState(), got.toString());
        }
    }

    @Test
    void aCancelRequestWhileNothingRunsIsHarmless() throws Exception {
        try (RawPgClient c = f.login()) {
            c.cancel(f.port());
            assertEquals("1", c.queryValue("SELECT 1"));
        }
    }

    private static List<Character> types(List<Message> messages) {
        return messages.stream().map(Message::type).toList();
    }
}
