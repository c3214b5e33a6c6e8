package io.distdb.admin.api;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a small HTTP server standing in for a node: what goes on the wire, and how answers map. */
class AdminClientTest {

    private HttpServer server;
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AdminClient client() {
        return new AdminClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "s3cret");
    }

    @Test
    void sendsTheTopologyWithTheBearerTokenAndReadsTheAnswer() {
        Topology topology = new Topology(4, 3, 16, List.of(
                new Member("n0", "n0:9090", MemberState.NORMAL), new Member("n1", "n1:9090", MemberState.LEAVING)));
        answer = "{\"epoch\":4,\"replicationFactor\":3,\"vnodes\":16,\"members\":[{\"id\":\"n0\",\"address\":\"n0:9090\",\"state\":\"NORMAL\"},"
                + "{\"id\":\"n1\",\"address\":\"n1:9090\",\"state\":\"LEAVING\"}],\"extra\":1}";
        assertEquals(topology, client().putTopology(topology));
        assertEquals("Bearer s3cret", lastAuthorization.get());
        assertTrue(lastBody.get().contains("\"state\":\"LEAVING\""), lastBody.get());
    }

    @Test
    void mapsRefusalsToAdminExceptions() {
        status = 409;
        answer = "{\"error\":\"stale_epoch\",\"message\":\"this node has epoch 7\"}";
        AdminException stale = assertThrows(AdminException.class, () -> client().startRebalance(3));
        assertTrue(stale.isStaleEpoch());
        assertEquals("stale_epoch", stale.error());
        assertTrue(stale.getMessage().contains("this node has epoch 7"), stale.getMessage());

        status = 401;
        answer = "not json";
        AdminException unauthorized = assertThrows(AdminException.class, () -> client().status());
        assertEquals(401, unauthorized.status());
    }

    @Test
    void anUnreachableNodeIsReportedAsSuch() {
        server.stop(0);
        AdminException e = assertThrows(AdminException.class, () -> client().rebalance());
        assertTrue(e.isUnreachable());
    }
}
