package io.distdb.pgwire;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COPY FROM STDIN and TO STDOUT through pgjdbc's CopyManager: bulk load, export, and loads that fail whole. */
class CopyThroughWireTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void loadsTextAndCsvAndExportsThemBack() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (id bigint PRIMARY KEY, name text, age integer, note text)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= 10_000; i++) {
                text.append(i).append('\t').append("name ").append(i).append('\t').append(i % 90).append('\t')
                        .append(i % 7 == 0 ? "\\N" : "tab\\there").append('\n');
            }
            assertEquals(10_000, copy.copyIn("COPY people FROM STDIN", new StringReader(text.toString())));
            assertEquals(10_000, count(c, "people"));
            try (ResultSet rs = s.executeQuery("SELECT note FROM people WHERE id = 14")) {
                rs.next();
                assertEquals(null, rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT note FROM people WHERE id = 15")) {
                rs.next();
                assertEquals("tab\there", rs.getString(1));
            }

            String csv = "id,name,age,note\n20001,\"Smith, Jane\",41,\"said \"\"hi\"\"\"\n20002,Bob,,\n";
            assertEquals(2, copy.copyIn("COPY people FROM STDIN WITH (FORMAT csv, HEADER true)", new StringReader(csv)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(2, copy.copyOut("COPY (SELECT id, name, age, note FROM people WHERE id > 20000 ORDER BY id) TO STDOUT "
                    + "WITH (FORMAT csv, HEADER true)", out));
            assertEquals("id,name,age,note\n20001,\"Smith, Jane\",41,\"said \"\"hi\"\"\"\n20002,Bob,,\n",
                    out.toString(StandardCharsets.UTF_8));

            ByteArrayOutputStream all = new ByteArrayOutputStream();
            assertEquals(10_002, copy.copyOut("COPY people TO STDOUT", all));
            assertTrue(all.toString(StandardCharsets.UTF_8).contains("15\tname 15\t15\ttab\\there\n"));
        }
    }

    @Test
    void aBadRowFailsTheWholeCopyAndWritesNothing() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE strict (id integer PRIMARY KEY, n integer NOT NULL)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            SQLException bad = assertThrows(SQLException.class,
                    () -> copy.copyIn("COPY strict FROM STDIN", new StringReader("1\t1\n2\t2\n3\tthree\n4\t4\n")));
            assertEquals("22P02", bad.getSQLState());
            assertTrue(bad.getMessage().contains("line 3"), bad.getMessage());
            SQLException duplicate = assertThrows(SQLException.class,
                    () -> copy.copyIn("COPY strict FROM STDIN", new StringReader("1\t1\n2\t2\n1\t3\n")));
            assertEquals("23505", duplicate.getSQLState());
            assertEquals(0, count(c, "strict"), "nothing of a failed COPY is written");
            assertEquals("42P01", assertThrows(SQLException.class,
                    () -> copy.copyIn("COPY nowhere FROM STDIN", new StringReader("1\n"))).getSQLState());
            // The connection goes on.
            assertEquals(2, copy.copyIn("COPY strict FROM STDIN", new StringReader("1\t1\n2\t2\n")));
            assertEquals(2, count(c, "strict"));
        }
    }

    @Test
    void aCopyTheClientAbandonsWritesNothing() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE abandoned (id integer PRIMARY KEY)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            CopyIn in = copy.copyIn("COPY abandoned FROM STDIN");
            byte[] rows = "1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(rows, 0, rows.length);
            in.flushCopy();
            in.cancelCopy(); // CopyFail
            assertEquals(0, count(c, "abandoned"));
        }
        // A client that goes away in the middle of its data.
        Connection gone = server.connect();
        try (Statement s = gone.createStatement()) {
            CopyIn in = gone.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY abandoned FROM STDIN");
            byte[] rows = "1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(rows, 0, rows.length);
            in.flushCopy();
        }
        gone.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().close(); // drop the socket, no CopyDone
        try (Connection c = server.connect()) {
            assertEquals(0, count(c, "abandoned"));
        }
    }
}
