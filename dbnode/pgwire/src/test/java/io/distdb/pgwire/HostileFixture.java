package io.distdb.pgwire;

import io.distdb.sql.SqlEngine;

import java.io.IOException;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real server for tests with hostile clients, with a well-behaved client (the bystander) that stays
 * connected throughout and must keep being served; and the checks every such test ends with: the node
 * still serves old and new clients, and holds no connection and no statement for clients that are gone.
 */
final class HostileFixture implements AutoCloseable {

    /** Runs for hours (2000^3 rows) unless cancelled; the engine checks for cancellation as it goes. */
    static final String SLOW_QUERY = "SELECT count(*) FROM big a, big b, big c";
    static final int BIG_ROWS = 2000;

    final TestServer server;
    final Connection bystander;

    private HostileFixture(TestServer server) throws SQLException {
        this.server = server;
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id bigint PRIMARY KEY, v bigint)");
            StringBuilder insert = new StringBuilder("INSERT INTO big VALUES ");
            for (int i = 0; i < BIG_ROWS; i++) {
                insert.append(i > 0 ? "," : "").append('(').append(i).append(',').append(i % 7).append(')');
            }
            s.execute(insert.toString());
            s.execute("CREATE TABLE kv (id bigint PRIMARY KEY, v text)");
            s.execute("INSERT INTO kv VALUES (3, 'three')");
        }
        this.bystander = server.connect();
    }

    static HostileFixture start(int maxConnections) throws IOException, SQLException {
        return new HostileFixture(TestServer.start(PgWireOptions.defaults("127.0.0.1", 0).withPassword(TestServer.PASSWORD)
                .withMaxConnections(maxConnections)));
    }

    int port() {
        return server.port();
    }

    RawPgClient login() throws IOException {
        return RawPgClient.login(port(), TestServer.PASSWORD);
    }

    /** Statements the engine runs now, for any client. */
    int runningStatements() {
        try {
            Field f = SqlEngine.class.getDeclaredField("running");
            f.setAccessible(true);
            return ((Collection<?>) f.get(server.engine())).size();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the engine no longer keeps its running statements in the field 'running'", e);
        }
    }

    void awaitRunning(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (runningStatements() < atLeast) {
            if (System.nanoTime() > deadline) {
                fail("no statement started running: " + runningStatements() + " running");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits until the server holds exactly {@code connections} connections and runs no statement; returns the
     * milliseconds it took. Fails after {@code timeoutMillis}.
     */
    long awaitQuiet(int connections, long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (server.server().connectionCount() != connections || runningStatements() != 0) {
            if (System.nanoTime() - start > timeoutMillis * 1_000_000L) {
                fail("after " + timeoutMillis + " ms the server still holds " + server.server().connectionCount()
                        + " connections (expected " + connections + ") and runs " + runningStatements() + " statements");
            }
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1_000_000L;
    }

    /** The bystander and a new client are served, and nothing is left of the clients that are gone. */
    void assertServesEveryone() throws Exception {
        try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM big")) {
            assertTrue(rs.next());
            assertEquals(BIG_ROWS, rs.getLong(1));
        }
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
        awaitQuiet(1, 10_000);
    }

    /** The last message is a FATAL ErrorResponse with one of {@code sqlStates}: the server closed after it. */
    static RawPgClient.Message assertFatal(List<RawPgClient.Message> got, String... sqlStates) {
        assertTrue(!got.isEmpty(), "the server closed the connection without an ErrorResponse");
        RawPgClient.Message last = got.get(got.size() - 1);
        assertTrue(last.isError(), "the last message before the close is not an ErrorResponse: " + got);
        assertEquals("FATAL", last.severity(), "severity of " + last);
        assertEquals("FATAL", last.fields().get('S'), "localized severity of " + last);
        assertTrue(List.of(sqlStates).contains(last.sqlState()), "SQLSTATE " + last.sqlState() + " of " + last
                + ", expected one of " + List.of(sqlStates));
        return last;
    }

    @Override
    public void close() throws Exception {
        bystander.close();
        awaitQuiet(0, 10_000);
        server.close();
    }
}
