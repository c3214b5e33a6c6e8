package io.distdb.pgwire;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgjdbc 42.7.14, the real driver, against the wire protocol: prepared statements (first unnamed, then named
 * and binary past the driver's prepare threshold), batches, generated keys, server-side cursors, cancel, the
 * SQLSTATEs applications branch on, and values of every common type both ways.
 */
class JdbcClientTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void preparedStatementsReadAndWriteEveryCommonType() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE typed (id bigint PRIMARY KEY, small smallint, i integer, d double precision, "
                    + "n numeric(12,3), t text, v varchar(10), b boolean, day date, at timestamptz, raw bytea, doc jsonb)");
            Instant at = Instant.parse("2024-05-06T07:08:09.123456Z");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                for (long id = 1; id <= 8; id++) { // eight rounds: pgjdbc switches to a named statement and binary at five
                    p.setLong(1, id);
                    p.setShort(2, (short) -7);
                    p.setInt(3, 123_456);
                    p.setDouble(4, 2.5);
                    p.setBigDecimal(5, new BigDecimal("-1234.567"));
                    p.setString(6, "héllo \"wire\"");
                    p.setString(7, "short");
                    p.setBoolean(8, true);
                    p.setDate(9, Date.valueOf(LocalDate.of(2024, 2, 29)));
                    p.setTimestamp(10, Timestamp.from(at));
                    p.setBytes(11, new byte[] {0, 1, (byte) 0xff});
                    p.setString(12, "{\"k\": [1, 2]}");
                    assertEquals(1, p.executeUpdate());
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM typed WHERE id = ?")) {
                for (long id = 1; id <= 8; id++) {
                    p.setLong(1, id);
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(id, rs.getLong("id"));
                        assertEquals(-7, rs.getShort("small"));
                        assertEquals(123_456, rs.getInt("i"));
                        assertEquals(2.5, rs.getDouble("d"));
                        assertEquals(new BigDecimal("-1234.567"), rs.getBigDecimal("n"));
                        assertEquals("héllo \"wire\"", rs.getString("t"));
                        assertEquals("short", rs.getString("v"));
                        assertTrue(rs.getBoolean("b"));
                        assertEquals(LocalDate.of(2024, 2, 29), rs.getDate("day").toLocalDate());
                        assertEquals(at, rs.getTimestamp("at").toInstant());
                        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, rs.getBytes("raw"));
                        assertTrue(rs.getString("doc").replace(" ", "").equals("{\"k\":[1,2]}"), rs.getString("doc"));
                        assertFalse(rs.next());
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, small, i, d, n, t, b, day, at, raw, doc FROM typed LIMIT 1")) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals(Types.BIGINT, md.getColumnType(1));
                assertEquals(Types.SMALLINT, md.getColumnType(2));
                assertEquals(Types.INTEGER, md.getColumnType(3));
                assertEquals(Types.DOUBLE, md.getColumnType(4));
                assertEquals(Types.NUMERIC, md.getColumnType(5));
                assertEquals(Types.VARCHAR, md.getColumnType(6));
                assertEquals(Types.BIT, md.getColumnType(7)); // pgjdbc reports bool as BIT
                assertEquals(Types.DATE, md.getColumnType(8));
                assertEquals(Types.TIMESTAMP, md.getColumnType(9));
                assertEquals(Types.BINARY, md.getColumnType(10));
                assertEquals("jsonb", md.getColumnTypeName(11));
            }
        }
    }

    @Test
    void nullsTravelAsNullInBothDirections() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nullable (id integer PRIMARY KEY, t text, n numeric)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO nullable VALUES (?, ?, ?)")) {
                p.setInt(1, 1);
                p.setNull(2, Types.VARCHAR);
                p.setNull(3, Types.NUMERIC);
                p.executeUpdate();
            }
            try (ResultSet rs = s.executeQuery("SELECT t, n FROM nullable")) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
                assertNull(rs.getBigDecimal(2));
            }
        }
    }

    @Test
    void batchesAndGeneratedKeys() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, weight integer DEFAULT 42)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events (id, kind) VALUES (?, ?)")) {
                for (int i = 1; i <= 500; i++) {
                    p.setLong(1, i);
                    p.setString(2, i % 2 == 0 ? "even" : "odd");
                    p.addBatch();
                }
                int[] counts = p.executeBatch();
                assertEquals(500, counts.length);
                for (int n : counts) {
                    assertTrue(n == 1 || n == Statement.SUCCESS_NO_INFO, "batch count " + n);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events (id, kind) VALUES (?, ?)", new String[] {"id", "weight"})) {
                p.setLong(1, 1001);
                p.setString(2, "keyed");
                assertEquals(1, p.executeUpdate());
                try (ResultSet keys = p.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(1001, keys.getLong("id"));
                    assertEquals(42, keys.getInt("weight")); // the column's DEFAULT, as the row was stored
                }
            }
            try (Statement plain = c.createStatement()) {
                plain.executeUpdate("INSERT INTO events (id, kind, weight) VALUES (1002, 'k', 7)", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = plain.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(1002, keys.getLong("id"));
                    assertEquals(7, keys.getInt("weight"));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE kind = 'even'")) {
                assertTrue(rs.next());
                assertEquals(250, rs.getLong(1));
            }
            s.addBatch("INSERT INTO events (id, kind) VALUES (2001, 'x')");
            s.addBatch("UPDATE events SET weight = 1 WHERE id <= 10");
            s.addBatch("DELETE FROM events WHERE id = 2001");
            assertArrayEquals(new int[] {1, 10, 1}, s.executeBatch());
        }
    }

    @Test
    void aServerSideCursorFetchesInPortionsInsideATransaction() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE many (id integer PRIMARY KEY, label text)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO many VALUES (?, ?)")) {
                for (int i = 1; i <= 1000; i++) {
                    p.setInt(1, i);
                    p.setString(2, "label-" + i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("SELECT id, label FROM many ORDER BY id")) {
                q.setFetchSize(100); // pgjdbc reads through a named portal, 100 rows per Execute, PortalSuspended between
                try (ResultSet rs = q.executeQuery()) {
                    int expected = 1;
                    while (rs.next()) {
                        assertEquals(expected, rs.getInt(1));
                        assertEquals("label-" + expected, rs.getString(2));
                        expected++;
                    }
                    assertEquals(1001, expected);
                }
            }
            c.commit();
        }
    }

    @Test
    void errorsCarryTheirSqlStateAndTheConnectionGoesOn() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE uniq (id integer PRIMARY KEY, email text UNIQUE, n integer NOT NULL)");
            s.execute("INSERT INTO uniq VALUES (1, 'a@x', 1)");
            assertEquals("23505", state(() -> s.execute("INSERT INTO uniq VALUES (1, 'b@x', 1)")));
            assertEquals("23505", state(() -> s.execute("INSERT INTO uniq VALUES (2, 'a@x', 1)")));
            assertEquals("23502", state(() -> s.execute("INSERT INTO uniq (id, email) VALUES (3, 'c@x')")));
            assertEquals("42P01", state(() -> s.executeQuery("SELECT * FROM missing")));
            assertEquals("42703", state(() -> s.executeQuery("SELECT nope FROM uniq")));
            assertEquals("22P02", state(() -> s.executeQuery("SELECT 'abc'::integer")));
            assertEquals("22012", state(() -> s.executeQuery("SELECT 1 / 0")));
            PSQLException syntax = assertThrows(PSQLException.class, () -> s.executeQuery("SELECT id FROM uniq WHERE"));
            assertEquals("42601", syntax.getSQLState());
            assertTrue(syntax.getServerErrorMessage().getPosition() > 0, "a syntax error says where");
            try (PreparedStatement p = c.prepareStatement("SELECT n FROM uniq WHERE id = ?")) {
                p.setString(1, "not a number");
                assertEquals("22P02", state(p::executeQuery));
            }
            try (ResultSet rs = s.executeQuery("SELECT n FROM uniq WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void aFailedTransactionRefusesStatementsUntilRollback() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tx (id integer PRIMARY KEY)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO tx VALUES (1)");
            assertEquals("42P01", state(() -> s.execute("SELECT * FROM tx_missing")));
            assertEquals("25P02", state(() -> s.execute("INSERT INTO tx VALUES (2)")));
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tx")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1), "the rolled back insert is gone");
            }
        }
    }

    @Test
    void cancelStopsTheRunningStatementAndTheConnectionStaysUsable() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wide (id integer PRIMARY KEY)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO wide VALUES (?)")) {
                for (int i = 0; i < 2000; i++) {
                    p.setInt(1, i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            long started = System.nanoTime();
            CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Eight billion rows: minutes of work unless the cancel stops it.
            assertEquals("57014", state(() -> s.executeQuery("SELECT count(*) FROM wide a, wide b, wide c")));
            cancel.get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "the statement stopped soon after the cancel");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM wide")) {
                assertTrue(rs.next());
                assertEquals(2000, rs.getLong(1));
            }
        }
    }

    @Test
    void statementTimeoutOfTheSessionStopsALongStatement() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE slow (id integer PRIMARY KEY)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO slow VALUES (?)")) {
                for (int i = 0; i < 2000; i++) {
                    p.setInt(1, i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            assertEquals("22023", state(() -> s.execute("SET statement_timeout = 'soon'")));
            s.execute("SET statement_timeout = '300ms'");
            try (ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                assertTrue(rs.next());
                assertEquals("300ms", rs.getString(1));
            }
            PSQLException e = assertThrows(PSQLException.class, () -> s.executeQuery("SELECT count(*) FROM slow a, slow b, slow c"));
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("statement timeout"), e.getMessage());
            s.execute("SET statement_timeout = 0");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM slow")) {
                assertTrue(rs.next());
                assertEquals(2000, rs.getLong(1));
            }
        }
    }

    @Test
    void aStatementPastItsMemoryBudgetFailsAloneAndTheNodeServesOn() throws Exception {
        try (TestServer small = TestServer.start(PgWireOptions.defaults("127.0.0.1", 0),
                io.distdb.sql.runtime.SqlSettings.defaults().withMemoryBudget(256 * 1024));
             Connection c = small.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE blobs (id integer PRIMARY KEY, body text)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
                // A batch commits all its rows at once, so it holds them in memory: four of 50 rows fit the budget.
                for (int i = 0; i < 200; i++) {
                    p.setInt(1, i);
                    p.setString(2, "x".repeat(2000));
                    p.addBatch();
                    if (i % 50 == 49) {
                        p.executeBatch();
                    }
                }
                // One batch of 200 such rows does not fit: it fails whole, and writes none of them.
                for (int i = 200; i < 400; i++) {
                    p.setInt(1, i);
                    p.setString(2, "x".repeat(2000));
                    p.addBatch();
                }
                assertEquals("53200", state(p::executeBatch));
            }
            assertEquals("53200", state(() -> s.executeQuery("SELECT a.body, b.body FROM blobs a, blobs b ORDER BY 1")));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM blobs")) {
                assertTrue(rs.next());
                assertEquals(200, rs.getLong(1));
            }
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Properties p = new Properties();
        p.setProperty("password", "wrong");
        SQLException e = assertThrows(SQLException.class, () -> server.connect(p).close());
        assertEquals("28P01", e.getSQLState());
    }

    @Test
    void transactionsCommitAndRollBack() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id integer PRIMARY KEY, balance integer)");
            s.execute("INSERT INTO accounts VALUES (1, 100), (2, 0)");
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE accounts SET balance = balance - 30 WHERE id = 1");
            s.executeUpdate("UPDATE accounts SET balance = balance + 30 WHERE id = 2");
            c.commit();
            s.executeUpdate("UPDATE accounts SET balance = 0");
            c.rollback();
            c.setAutoCommit(true);
            List<Integer> balances = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT balance FROM accounts ORDER BY id")) {
                while (rs.next()) {
                    balances.add(rs.getInt(1));
                }
            }
            assertEquals(List.of(70, 30), balances);
        }
    }

    @FunctionalInterface
    interface SqlAction {
        Object run() throws SQLException;
    }

    private static String state(SqlAction action) {
        SQLException e = assertThrows(SQLException.class, action::run);
        return e.getSQLState();
    }
}
