package io.distdb.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.distdb.bench.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node benchmark's own parts, without a node: the HTTP client against the JDK's HTTP server (both body
 * framings, keep-alive), the closed loop, and the generated data and expected answers.
 */
class EngineChoiceHarnessTest {

    private HttpServer server;
    private final Set<String> paths = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            paths.add(path);
            byte[] request = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"got\":" + request.length + "}")
                    .getBytes(StandardCharsets.UTF_8);
            if (path.startsWith("/empty")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.startsWith("/chunked")) {
                exchange.sendResponseHeaders(200, 0); // 0: chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer, 0, 5);
                    out.flush();
                    out.write(answer, 5, answer.length - 5);
                }
            } else {
                exchange.sendResponseHeaders(path.startsWith("/missing") ? 404 : 200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void oneConnectionCarriesEveryFramingOfAnswer() throws IOException {
        try (HttpConnection c = new HttpConnection("127.0.0.1", server.getAddress().getPort())) {
            assertEquals(200, c.send("PUT", "/kv/ab", "{\"v\":1}".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("{\"method\":\"PUT\",\"got\":7}", c.bodyText());
            assertTrue(c.bodyEndsWith("\"got\":7}".getBytes(StandardCharsets.US_ASCII)));
            assertFalse(c.bodyEndsWith("\"got\":8}".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(200, c.send("GET", "/chunked?q=a&limit=10", null));
            assertTrue(c.bodyEquals("{\"method\":\"GET\",\"got\":0}".getBytes(StandardCharsets.US_ASCII)), c.bodyText());
            assertEquals(204, c.send("DELETE", "/empty", null));
            assertEquals(0, c.bodyLength());
            assertEquals(404, c.send("GET", "/missing", null));
            assertEquals(200, c.send("POST", "/words", new byte[20_000]));
            assertEquals("{\"method\":\"POST\",\"got\":20000}", c.bodyText());
            assertEquals(1, c.connects(), "kept alive");
        }
    }

    @Test
    void aCountedRunSendsEverySequenceNumberOnce() throws InterruptedException {
        ClosedLoop loop = new ClosedLoop("127.0.0.1", server.getAddress().getPort(), 4, 1, new Progress(60, System.err));
        ClosedLoop.Result r = loop.run("test", 0, 120,
                (c, random, seq) -> c.send("GET", "/n/" + seq, null) == 200 ? null : "status " + c.status(), () -> 0,
                () -> 0);
        assertEquals(120, r.ops());
        assertEquals(0, r.errors());
        assertEquals(120, paths.size());
        assertTrue(r.p99Micros() >= r.p50Micros());
        ClosedLoop.Result failing = loop.run("test", 0, 10, (c, random, seq) -> "no", () -> 0, () -> 0);
        assertEquals(10, failing.errors());
        assertEquals(0, failing.ops());
    }

    @Test
    void keyValueDataIsDistinctAndCheckable() {
        KvData data = new KvData(10_000, 100, 42);
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < data.count(); i++) {
            String path = data.path(i);
            assertEquals("/api/v1/kv/".length() + 32, path.length());
            assertTrue(seen.add(path));
        }
        String body = new String(data.putBody(7, 0), StandardCharsets.US_ASCII);
        String suffix = new String(data.getSuffix(7, 0), StandardCharsets.US_ASCII);
        assertTrue(body.endsWith(suffix), body + " / " + suffix);
        assertFalse(new String(data.putBody(7, 1), StandardCharsets.US_ASCII).endsWith(suffix));
        assertEquals(100, suffix.length() - "\"value\":\"\"}".length());
    }

    @Test
    void wordSearchesCarryTheirExactAnswers() {
        WordData data = new WordData(3_000, 10, 500, 7);
        Set<String> words = new HashSet<>();
        for (int i = 0; i < data.count(); i++) {
            String w = data.word(i);
            assertTrue(w.length() >= 3 && w.length() <= 12 && w.chars().allMatch(ch -> ch >= 'a' && ch <= 'z'), w);
            assertTrue(words.add(w));
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            WordData.Query q = data.longQuery(random);
            String prefix = q.path().substring("/search?q=".length(), q.path().indexOf('&'));
            assertTrue(prefix.length() == 5 || prefix.length() == 6, prefix);
            List<String> expected = words.stream().filter(w -> w.startsWith(prefix)).sorted().limit(10).toList();
            assertFalse(expected.isEmpty());
            assertEquals(expected.size(), q.results());
            String json = new String(q.expected(), StandardCharsets.UTF_8);
            assertEquals("{\"results\":[\"" + String.join("\",\"", expected) + "\"]}", json);
        }
        WordData.Query shortOne = data.shortQuery(random);
        assertTrue(shortOne.path().matches("/search\\?q=[a-z]{1,2}&limit=10"), shortOne.path());
        assertTrue(data.meanResults(true) > data.meanResults(false));
    }
}
