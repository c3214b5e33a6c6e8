package io.distdb.writer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

/**
 * A stand-in for a node's key-value API on the JDK's HTTP server: it stores what is PUT, answers GETs from what it
 * stores, and records every request. Tests choose a status per key to play a cluster that is short of replicas
 * (503), and may "lose" or change stored values. Plain HTTP, or HTTPS with a certificate the test makes
 * ({@link TestCerts}).
 */
final class FakeNode implements AutoCloseable {

    /** A request as the fake saw it, with the key decoded from hex and the status it answered. */
    record Request(String method, String key, String consistency, String authorization, int status) {
    }

    /** Key text to stored value. */
    final Map<String, String> stored = new ConcurrentHashMap<>();
    /** The status a PUT of a key gets; only 200 stores the value. */
    volatile Function<String, Integer> putStatus = key -> 200;
    /** The status a GET of a key gets instead of the normal answer, or {@code null} for the normal answer. */
    volatile Function<String, Integer> getOverride = key -> null;
    /** When set, requests without {@code Authorization: Bearer <token>} get 401. */
    volatile String requiredToken;
    /** How long every PUT takes before it is answered. */
    volatile Duration putDelay = Duration.ZERO;

    private final List<Request> requests = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    FakeNode() throws IOException {
        this(null);
    }

    /** @param tls the server side of HTTPS ({@link TestCerts#serverContext}), or {@code null} for plain HTTP */
    FakeNode(SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/api/v1/kv/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://…} for HTTPS. */
    String target() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String method) {
        return requests().stream().filter(r -> r.method().equals(method)).toList();
    }

    /** Waits until the fake has answered at least {@code count} PUTs. */
    void awaitPuts(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.stream().filter(r -> r.method().equals("PUT")).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fewer than " + count + " PUTs within " + timeout + ": " + requests.size());
                }
                requests.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String hex = exchange.getRequestURI().getPath().substring("/api/v1/kv/".length());
            String key = new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String answer = "";
            if (requiredToken != null && !("Bearer " + requiredToken).equals(authorization)) {
                status = 401;
            } else if (method.equals("PUT")) {
                sleep(putDelay);
                status = putStatus.apply(key);
                if (status == 200) {
                    String value = (String) Json.parseObject(body).get("value");
                    stored.put(key, value);
                    answer = entry(hex, value);
                }
            } else if (method.equals("GET")) {
                Integer override = getOverride.apply(key);
                String value = stored.get(key);
                if (override != null) {
                    status = override;
                } else if (value == null) {
                    status = 404;
                } else {
                    status = 200;
                    answer = entry(hex, value);
                }
            } else {
                status = 405;
            }
            synchronized (requests) {
                requests.add(new Request(method, key,
                        exchange.getRequestHeaders().getFirst(NodeClient.CONSISTENCY_HEADER), authorization, status));
                requests.notifyAll();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String entry(String hexKey, String value) {
        return "{\"key\":\"" + hexKey + "\",\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":"
                + Json.quote(value) + "}";
    }

    private static void sleep(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
