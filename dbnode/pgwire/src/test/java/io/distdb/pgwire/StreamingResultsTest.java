package io.distdb.pgwire;

import io.distdb.sql.runtime.SqlSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results larger than a statement's memory budget, read with pgjdbc: a server-side cursor (a fetch size
 * inside a transaction) and a plain query both stream their rows, so the budget bounds what a query's
 * operators hold (a sort), not how many rows a client may read.
 */
class StreamingResultsTest {

    private static final int ROWS = 6000;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // 2 MiB: the table's rows (about 6 MiB of text) do not fit, one batch of them does.
        server = TestServer.start(PgWireOptions.defaults("127.0.0.1", 0).withPassword(TestServer.PASSWORD),
                SqlSettings.defaults().withMemoryBudget(2 * 1024 * 1024));
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wide (id integer PRIMARY KEY, pad text)");
            for (int from = 1; from <= ROWS; from += 500) {
                StringBuilder values = new StringBuilder();
                for (int id = from; id < from + 500; id++) {
                    values.append(id == from ? "" : ", ").append("(").append(id).append(", repeat('p', 1000))");
                }
                s.execute("INSERT INTO wide VALUES " + values);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static int readAll(ResultSet rs) throws Exception {
        int expected = 1;
        while (rs.next()) {
            assertEquals(expected, rs.getInt(1));
            assertEquals(1000, rs.getString(2).length());
            expected++;
        }
        return expected - 1;
    }

    @Test
    void aServerSideCursorReadsMoreRowsThanTheBudgetHolds() throws Exception {
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("SELECT id, pad FROM wide")) {
                q.setFetchSize(250); // a named portal, 250 rows per Execute
                try (ResultSet rs = q.executeQuery()) {
                    assertEquals(ROWS, readAll(rs));
                }
            }
            c.commit();
        }
    }

    @Test
    void plainQueriesStreamTheirRowsInBothProtocols() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, pad FROM wide")) { // extended protocol, unnamed portal
                assertEquals(ROWS, readAll(rs));
            }
        }
        try (Connection c = server.connect(properties("preferQueryMode", "simple")); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, pad FROM wide")) {
                assertEquals(ROWS, readAll(rs));
            }
        }
    }

    @Test
    void whatAnOperatorMustHoldIsStillBounded() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            // ORDER BY on a column without an index sorts: every row is held at once.
            PSQLException e = assertThrows(PSQLException.class, () -> s.executeQuery("SELECT id, pad FROM wide ORDER BY pad, id DESC"));
            assertEquals("53200", e.getSQLState());
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM wide")) { // the connection goes on
                assertTrue(rs.next());
                assertEquals(ROWS, rs.getInt(1));
            }
        }
    }

    @Test
    void anErrorPartWayEndsTheResultAndTheConnectionGoesOn() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            PSQLException e = assertThrows(PSQLException.class, () -> {
                try (ResultSet rs = s.executeQuery("SELECT id, 1 / (id - 5000) FROM wide")) {
                    while (rs.next()) {
                        rs.getInt(2);
                    }
                }
            });
            assertEquals("22012", e.getSQLState());
            try (ResultSet rs = s.executeQuery("SELECT max(id) FROM wide")) {
                assertTrue(rs.next());
                assertEquals(ROWS, rs.getInt(1));
            }
        }
    }

    private static java.util.Properties properties(String key, String value) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(key, value);
        return p;
    }
}
