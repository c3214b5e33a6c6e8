package io.distdb.server.pgwire;

import io.distdb.server.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A packaged node with a client token serves the PostgreSQL wire protocol on its own port: pgjdbc
 * authenticates with the token as the password (SCRAM-SHA-256), and what it writes the HTTP API reads, because
 * both front ends run on the one SQL engine.
 */
class PostgresListenerIT {

    private static final String TOKEN = "client-token-for-pg";

    @TempDir
    static Path dir;
    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeProcess(dir.resolve("node"), Map.of("DISTDB_CLIENT_TOKEN", TOKEN, "DISTDB_ADMIN_TOKEN", "admin"));
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static Connection connect(String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/distdb", "app", password);
    }

    @Test
    void writesThroughTheWireProtocolAreReadThroughHttp() throws Exception {
        try (Connection c = connect(TOKEN); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wire_orders (id bigint PRIMARY KEY, customer text NOT NULL, total numeric(10,2))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO wire_orders VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 20; i++) {
                    p.setLong(1, i);
                    p.setString(2, "customer-" + (i % 3));
                    p.setBigDecimal(3, new java.math.BigDecimal(i + ".25"));
                    p.addBatch();
                }
                int[] counts = p.executeBatch();
                assertEquals(20, counts.length);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(total) FROM wire_orders WHERE customer = 'customer-1'")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getLong(1));
                assertEquals(new java.math.BigDecimal("71.75"), rs.getBigDecimal(2));
            }
        }
        HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUri() + "/sql"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT customer FROM wire_orders WHERE id = 5\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, http.statusCode(), http.body());
        assertTrue(http.body().contains("customer-2"), http.body());
    }

    @Test
    void aWrongPasswordIsRefusedWithItsSqlState() {
        SQLException e = assertThrows(SQLException.class, () -> connect("not-the-token").close());
        assertEquals("28P01", e.getSQLState());
    }

    @Test
    void statementErrorsKeepTheConnection() throws Exception {
        try (Connection c = connect(TOKEN); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
            assertEquals("42P01", e.getSQLState());
            try (ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
        }
    }
}
