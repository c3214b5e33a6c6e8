package io.distdb.server.sql;

import io.distdb.server.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node process running a statement that would take hours (a four-way cross join): the statement is
 * cancelled when its client disconnects, and SIGTERM stops the node promptly instead of waiting for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlCancellationIT {

    private static final String ENDLESS = "SELECT count(*) FROM a a1, a a2, a a3, a a4 WHERE a1.x + a2.x + a3.x + a4.x >= 0";

    @TempDir
    static Path tmp;
    static NodeProcess node;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        node = new NodeProcess(tmp.resolve("node"), Map.of());
        node.start();
        assertEquals(200, sql("CREATE TABLE a (x INTEGER)").statusCode());
        StringJoiner rows = new StringJoiner(", ");
        for (int i = 0; i < 300; i++) {
            rows.add("(" + i + ")");
        }
        assertEquals(200, sql("INSERT INTO a VALUES " + rows).statusCode());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aStatementWhoseClientDisconnectsIsCancelled() throws Exception {
        String body = "{\"sql\": \"" + ENDLESS + "\"}";
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(1500); // the statement is running
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(node.log()).contains("statement cancelled (canceling statement due to the client closed its connection)")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(node.log()).contains("canceling statement due to the client closed its connection"),
                "the node cancels the statement of a client that went away; log: " + node.log());
    }

    @Test
    @Order(2)
    void aStatementTimeoutEndsTheStatementWith57014() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUri() + "/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + ENDLESS + "\", \"timeoutMs\": 500}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(408, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"sqlState\":\"57014\""), r.body());
    }

    @Test
    @Order(3)
    void sigtermStopsTheNodeWhileAStatementRuns() throws Exception {
        // Last: it stops the node.
        CompletableFuture<HttpResponse<String>> running = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(node.baseUri() + "/sql"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + ENDLESS + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1500);
        long start = System.nanoTime();
        node.terminate();
        boolean exited = node.awaitExit(Duration.ofSeconds(20));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(exited, "the node exits within 20 s of SIGTERM while a statement runs");
        System.out.println("SIGTERM to exit with a running statement: " + millis + " ms");
        assertTrue(running.handle((r, e) -> e != null || r.statusCode() == 503).get(30, TimeUnit.SECONDS),
                "the running statement ends with 503 or a closed connection");
    }

    private static HttpResponse<String> sql(String statement) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUri() + "/sql")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + statement + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
