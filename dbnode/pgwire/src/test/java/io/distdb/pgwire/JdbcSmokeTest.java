package io.distdb.pgwire;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcSmokeTest {

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
    void simpleAndPrepared() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE smoke (id bigint PRIMARY KEY, name text, score integer)");
            assertEquals(1, s.executeUpdate("INSERT INTO smoke VALUES (1, 'one', 10)"));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO smoke VALUES (?, ?, ?)")) {
                for (int i = 2; i <= 10; i++) {
                    p.setLong(1, i);
                    p.setString(2, "n" + i);
                    p.setInt(3, i * 10);
                    assertEquals(1, p.executeUpdate());
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT name, score FROM smoke WHERE id = ?")) {
                for (int round = 0; round < 8; round++) { // past pgjdbc's prepareThreshold: named statements, binary
                    p.setLong(1, 7);
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("n7", rs.getString(1));
                        assertEquals(70, rs.getInt(2));
                    }
                }
            }
        }
    }
}
