package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of both ports, called with bad parameters, bad bodies and bad framing, answers with the status the API
 * documents and DistDB's JSON error: {@code Content-Type: application/json} and {@code {"error", "message"}}. Requests
 * go through {@link HttpClient} (which adds no Content-Type of its own) and, for what no client library sends, a raw
 * socket.
 */
@QuarkusTest
class BadRequestsTest {

    private static final String ADMIN_TOKEN = "Bearer test-admin-token";
    private static final String PEER_TOKEN = "Bearer test-peer-token";
    private static final String JSON = "application/json";
    private static final String LONG = "x".repeat(5000);

    enum Port { CLIENT, ADMIN }

    /** One bad request and the refusal it must get. */
    record Bad(String what, Port port, String method, String target, Map<String, String> headers, String body,
               int status, String error) {

        Bad with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Bad(what, port, method, target, more, body, status, error);
        }

        Bad body(String contentType, String text) {
            return new Bad(what, port, method, target, headers, text, status, error).with("Content-Type", contentType);
        }

        Bad rawBody(String text) {
            return new Bad(what, port, method, target, headers, text, status, error);
        }

        Bad is(int expectedStatus, String expectedError) {
            return new Bad(what, port, method, target, headers, body, expectedStatus, expectedError);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private static Bad client(String what, String method, String target) {
        return new Bad(what, Port.CLIENT, method, target, Collections.emptyMap(), null, 0, null);
    }

    private static Bad admin(String what, String method, String target) {
        return new Bad(what, Port.ADMIN, method, target, Map.of("Authorization", ADMIN_TOKEN), null, 0, null);
    }

    private static Bad peer(String what, String method, String target) {
        return new Bad(what, Port.ADMIN, method, target, Map.of("Authorization", PEER_TOKEN), null, 0, null);
    }

    static Stream<Bad> clientRequests() {
        List<Bad> bad = new ArrayList<>();
        for (String query : List.of("query_begins/p/s/asc", "query_pk_sk_begins/p/s/asc", "query_between/p/a/z/asc",
                "both_between/a/z/a/z/asc")) {
            bad.add(client(query + " limit not a number", "GET", "/api/v1/" + query + "?limit=abc").is(400, "bad_request"));
            bad.add(client(query + " limit past an int", "GET", "/api/v1/" + query + "?limit=1000000000000").is(400, "bad_request"));
            bad.add(client(query + " limit zero", "GET", "/api/v1/" + query + "?limit=0").is(400, "bad_request"));
            bad.add(client(query + " limit over the page", "GET", "/api/v1/" + query + "?limit=1001").is(400, "bad_request"));
            bad.add(client(query + " bad consistency", "GET", "/api/v1/" + query + "?consistency=MANY").is(400, "bad_request"));
            bad.add(client(query + " next not a token", "GET", "/api/v1/" + query + "?next=garbage").is(400, "bad_request"));
            bad.add(client("seed " + query + " bad order", "GET", "/" + query.replace("/asc", "/sideways")).is(400, "bad_request"));
        }
        bad.add(client("search limit not a number", "GET", "/search?q=a&limit=abc").is(400, "bad_request"));
        bad.add(client("search limit past an int", "GET", "/search?q=a&limit=99999999999").is(400, "bad_request"));
        bad.add(client("search limit negative", "GET", "/search?q=a&limit=-1").is(400, "bad_request"));
        bad.add(client("search without q", "GET", "/search").is(400, "bad_request"));
        bad.add(client("search wrong method", "POST", "/search?q=a").body(JSON, "{}").is(405, "method_not_allowed"));
        bad.add(client("documents limit not a number", "GET", "/api/v1/documents/c?limit=ten").is(400, "bad_request"));
        bad.add(client("documents limit past an int", "GET", "/api/v1/documents/c?limit=4294967296").is(400, "bad_request"));
        bad.add(client("item bad consistency header", "GET", "/api/v1/items/p/s").with("X-DistDB-Consistency", "SOME")
                .is(400, "bad_request"));
        bad.add(client("item bad consistency query", "GET", "/api/v1/items/p/s?consistency=2").is(400, "bad_request"));
        bad.add(client("kv bad hex", "GET", "/api/v1/kv/xyz1").is(400, "bad_request"));

        bad.add(client("item put without Content-Type", "PUT", "/api/v1/items/p/s").rawBody("{\"a\":1}").is(415, "unsupported_media_type"));
        bad.add(client("item put as text", "PUT", "/api/v1/items/p/s").body("text/plain", "{\"a\":1}").is(415, "unsupported_media_type"));
        bad.add(client("item put as a form", "PUT", "/api/v1/items/p/s").body("application/x-www-form-urlencoded", "a=1")
                .is(415, "unsupported_media_type"));
        bad.add(client("item put malformed", "PUT", "/api/v1/items/p/s").body(JSON, "{\"a\":").is(400, "malformed_json"));
        bad.add(client("item patch without Content-Type", "PATCH", "/api/v1/items/p/s").rawBody("{\"a\":1}")
                .is(415, "unsupported_media_type"));
        bad.add(client("item patch malformed", "PATCH", "/api/v1/items/p/s").body("application/merge-patch+json", "{")
                .is(400, "malformed_json"));
        bad.add(client("item wrong method", "POST", "/api/v1/items/p/s").body(JSON, "{}").is(405, "method_not_allowed"));
        bad.add(client("kv put without Content-Type", "PUT", "/api/v1/kv/0a").rawBody(entry("utf-8", "v"))
                .is(415, "unsupported_media_type"));
        bad.add(client("kv put bad base64", "PUT", "/api/v1/kv/0b0b").body(JSON, entry("base64", "not base64!"))
                .is(400, "bad_request"));
        bad.add(client("kv put base64 cut short", "PUT", "/api/v1/kv/0b0b").body(JSON, entry("base64", "aGVsbG8=x"))
                .is(400, "bad_request"));
        bad.add(client("kv put value not a string", "PUT", "/api/v1/kv/0b0b").body(JSON,
                "{\"content_type\":\"a\",\"encoding\":\"b\",\"value\":5}").is(400, "bad_request"));
        bad.add(client("kv wrong method", "PATCH", "/api/v1/kv/0a").body(JSON, "{}").is(405, "method_not_allowed"));
        bad.add(client("seed kv put bad base64", "PUT", "/").body(JSON,
                "{\"key\":\"0b0c\",\"content_type\":\"a\",\"encoding\":\"BASE64\",\"value\":\"@@@@\"}").is(400, "bad_request"));
        bad.add(client("seed kv put without Content-Type", "PUT", "/").rawBody("{\"key\":\"0b\"}").is(415, "unsupported_media_type"));
        bad.add(client("seed kv post malformed", "POST", "/").body(JSON, "{\"key\":").is(400, "malformed_json"));
        bad.add(client("words add without Content-Type", "POST", "/api/v1/words").rawBody("{\"word\":\"w\"}")
                .is(415, "unsupported_media_type"));
        bad.add(client("words remove without Content-Type", "DELETE", "/api/v1/words").rawBody("{\"word\":\"w\"}")
                .is(415, "unsupported_media_type"));
        bad.add(client("words add word not a string", "POST", "/api/v1/words").body(JSON, "{\"word\":5}").is(400, "bad_request"));
        bad.add(client("words add an array", "POST", "/api/v1/words").body(JSON, "[\"w\"]").is(400, "bad_request"));
        bad.add(client("words malformed", "POST", "/api/v1/words").body(JSON, "{\"word\"").is(400, "malformed_json"));
        bad.add(client("document put without Content-Type", "PUT", "/api/v1/documents/c/d").rawBody("{}")
                .is(415, "unsupported_media_type"));
        bad.add(client("document put malformed", "PUT", "/api/v1/documents/c/d").body(JSON, "{,}").is(400, "malformed_json"));
        bad.add(client("sql as text", "POST", "/sql").body("text/plain", "select 1").is(415, "unsupported_media_type"));
        bad.add(client("sql malformed", "POST", "/sql").body(JSON, "{\"sql\": ").is(400, "malformed_json"));
        bad.add(client("sql an array", "POST", "/sql").body(JSON, "[1]").is(400, "bad_request"));
        bad.add(client("sql params not an array", "POST", "/sql").body(JSON, "{\"sql\":\"select 1\",\"params\":5}")
                .is(400, "bad_request"));
        bad.add(client("sql timeout not a number", "POST", "/sql").body(JSON, "{\"sql\":\"select 1\",\"timeoutMs\":\"soon\"}")
                .is(400, "bad_request"));
        bad.add(client("sql wrong method", "GET", "/sql").is(405, "method_not_allowed"));

        bad.add(client("unknown path", "GET", "/no/such/path").is(404, "not_found"));
        bad.add(client("unknown api path", "GET", "/api/v1/nothing").is(404, "not_found"));
        bad.add(client("unknown path under /q", "GET", "/q/nothing").is(404, "not_found"));
        bad.add(client("oversized URL", "GET", "/api/v1/items/p/" + LONG).is(414, "too_large"));
        bad.add(client("oversized query", "GET", "/search?q=" + LONG).is(414, "too_large"));
        bad.add(client("oversized headers", "GET", "/api/v1/items/p/s").with("X-Padding", "y".repeat(30_000))
                .is(431, "too_large"));
        return bad.stream();
    }

    static Stream<Bad> adminRequests() {
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("status without a token", Port.ADMIN, "GET", "/admin/v1/status", Map.of(), null, 401, "unauthorized"));
        bad.add(new Bad("status with a wrong token", Port.ADMIN, "GET", "/admin/v1/status",
                Map.of("Authorization", "Bearer wrong"), null, 403, "forbidden"));
        bad.add(new Bad("compact without a token", Port.ADMIN, "POST", "/admin/v1/storage/compact", Map.of(), null, 401, "unauthorized"));
        bad.add(new Bad("replica read without a token", Port.ADMIN, "POST", "/internal/v1/read", Map.of(), null, 401, "unauthorized"));
        bad.add(admin("status wrong method", "DELETE", "/admin/v1/status").is(405, "method_not_allowed"));
        bad.add(admin("data wrong method", "DELETE", "/admin/v1/data").is(405, "method_not_allowed"));
        bad.add(admin("rebalance epoch not a number", "POST", "/admin/v1/rebalance?epoch=abc").is(400, "bad_request"));
        bad.add(admin("rebalance epoch past a long", "POST", "/admin/v1/rebalance?epoch=99999999999999999999").is(400, "bad_request"));
        bad.add(admin("rebalance without epoch", "POST", "/admin/v1/rebalance").is(400, "bad_request"));
        bad.add(admin("topology without Content-Type", "PUT", "/admin/v1/topology").rawBody("{\"epoch\":1}")
                .is(415, "unsupported_media_type"));
        bad.add(admin("topology as text", "PUT", "/admin/v1/topology").body("text/plain", "{}").is(415, "unsupported_media_type"));
        bad.add(admin("topology malformed", "PUT", "/admin/v1/topology").body(JSON, "{\"epoch\":").is(400, "bad_request"));
        bad.add(admin("topology wrong types", "PUT", "/admin/v1/topology").body(JSON, "{\"epoch\":\"one\"}").is(400, "bad_request"));
        bad.add(admin("unknown admin path", "GET", "/admin/v1/nothing").is(404, "not_found"));
        bad.add(admin("unknown path", "GET", "/nothing").is(404, "not_found"));
        bad.add(admin("oversized URL", "GET", "/admin/v1/status?pad=" + LONG).is(414, "too_large"));
        bad.add(admin("oversized headers", "GET", "/admin/v1/status").with("X-Padding", "y".repeat(30_000)).is(431, "too_large"));
        bad.add(admin("cas without Content-Type", "POST", "/internal/v1/paxos/cas").rawBody("{\"key\":\"00\"}")
                .is(415, "unsupported_media_type"));
        bad.add(admin("cas malformed", "POST", "/internal/v1/paxos/cas").body(JSON, "{\"key\":").is(400, "bad_request"));
        bad.add(admin("cas key not hex", "POST", "/internal/v1/paxos/cas").body(JSON, "{\"key\":\"zz\"}").is(400, "bad_request"));
        bad.add(admin("cas expectAbsent not a boolean", "POST", "/internal/v1/paxos/cas")
                .body(JSON, "{\"key\":\"00\",\"expectAbsent\":\"maybe\"}").is(400, "bad_request"));
        bad.add(peer("replica apply wrong method", "GET", "/internal/v1/apply").is(405, "method_not_allowed"));
        bad.add(peer("replica apply damaged", "POST", "/internal/v1/apply").body("application/octet-stream", "garbage")
                .is(400, "bad_request"));
        bad.add(peer("replica read damaged", "POST", "/internal/v1/read").body("application/octet-stream", "x").is(400, "bad_request"));
        bad.add(peer("replica scan damaged", "POST", "/internal/v1/scan").body("application/octet-stream", "x").is(400, "bad_request"));
        bad.add(peer("replica fold damaged", "POST", "/internal/v1/fold").body("application/octet-stream", "x").is(400, "bad_request"));
        bad.add(peer("unknown node-to-node path", "POST", "/internal/v1/nothing").body("application/octet-stream", "x")
                .is(404, "not_found"));
        return bad.stream();
    }

    private static String entry(String encoding, String value) {
        return "{\"content_type\":\"text/plain\",\"encoding\":\"" + encoding + "\",\"value\":\"" + value + "\"}";
    }

    @TestHTTPResource("/")
    URL client;

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "client port: {0}")
    @MethodSource("clientRequests")
    void clientPortRefusesWithTheJsonError(Bad bad) throws Exception {
        assertRefused(bad, send(bad));
    }

    @ParameterizedTest(name = "admin port: {0}")
    @MethodSource("adminRequests")
    void adminPortRefusesWithTheJsonError(Bad bad) throws Exception {
        assertRefused(bad, send(bad));
    }

    @Test
    void aRefusedBase64ValueWritesNothing() throws Exception {
        Bad put = client("kv put bad base64", "PUT", "/api/v1/kv/0c0c").body(JSON, entry("base64", "%%%")).is(400, "bad_request");
        assertRefused(put, send(put));
        Bad get = client("kv get after the refusal", "GET", "/api/v1/kv/0c0c").is(404, "not_found");
        assertRefused(get, send(get));
        Bad good = client("kv put good base64", "PUT", "/api/v1/kv/0c0c").body(JSON, entry("base64", "aGVs\\nbG8="));
        assertEquals(200, send(good).statusCode());
    }

    @Test
    void anOversizedBodyIsRefusedFromItsContentLengthBeforeItIsSent() throws Exception {
        for (String target : List.of("/api/v1/items/p/s", "/api/v1/kv/0a", "/", "/sql", "/api/v1/words", "/api/v1/documents/c/d")) {
            String method = target.equals("/sql") || target.equals("/api/v1/words") ? "POST" : "PUT";
            Raw answer = declareOnly(port(Port.CLIENT), method, target, 50L * 1024 * 1024, "");
            assertRaw(method + " " + target, answer, 413, "too_large");
        }
        Raw adminAnswer = declareOnly(port(Port.ADMIN), "PUT", "/admin/v1/topology", 50L * 1024 * 1024, ADMIN_TOKEN);
        assertRaw("admin topology", adminAnswer, 413, "too_large");
        Raw replicaAnswer = declareOnly(port(Port.ADMIN), "POST", "/internal/v1/apply", 200L * 1024 * 1024, PEER_TOKEN);
        assertRaw("replica apply", replicaAnswer, 413, "too_large");
    }

    @Test
    void anOversizedChunkedBodyIsRefused() throws Exception {
        // No length to check up front: the body is read up to the limit, and not parsed.
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            parts.add(new java.io.ByteArrayInputStream(chunk));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(Port.CLIENT) + "/api/v1/items/p/s"))
                .header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(parts))))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedWhileSending) {
            return; // the node answered and closed the connection before the client finished sending: refused all the same
        }
        assertRefused(client("chunked body over the limit", "PUT", "/api/v1/items/p/s").is(413, "too_large"), response);
    }

    private HttpResponse<String> send(Bad bad) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(bad.port()) + bad.target()))
                .timeout(Duration.ofSeconds(30))
                .method(bad.method(), bad.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(bad.body()));
        bad.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(Bad bad, HttpResponse<String> response) throws IOException {
        String where = bad.what() + " (" + bad.method() + " " + abbreviated(bad.target()) + "): " + response.body();
        assertEquals(bad.status(), response.statusCode(), where);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith(JSON), where + " has Content-Type '" + type + "'");
        assertErrorShape(where, response.body(), bad.error());
    }

    private void assertErrorShape(String where, String body, String error) throws IOException {
        JsonNode answer = json.readTree(body);
        assertTrue(answer != null && answer.isObject(), where);
        assertEquals(error, answer.path("error").asText(null), where);
        assertTrue(answer.path("message").isTextual(), where);
        assertFalse(answer.path("message").asText().isBlank(), where);
    }

    private String base(Port port) {
        URL url = port == Port.CLIENT ? client : admin;
        return "http://" + url.getHost() + ":" + url.getPort();
    }

    private int port(Port port) {
        return (port == Port.CLIENT ? client : admin).getPort();
    }

    private static String abbreviated(String target) {
        return target.length() > 80 ? target.substring(0, 80) + "..." : target;
    }

    /** A raw HTTP answer: what no client library lets a test send (a length it never sends). */
    record Raw(int status, String contentType, String body) {
    }

    /** Sends only the head of a request that declares a body of {@code length} bytes, and reads the answer. */
    private Raw declareOnly(int port, String method, String target, long length, String authorization) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (authorization.isEmpty() ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: " + length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    private static Raw readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int contentLength = -1;
        int headEnd = -1;
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            bytes.write(buffer, 0, n);
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(line.substring(15).trim());
                    }
                }
            }
            if (headEnd >= 0 && contentLength >= 0 && bytes.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, end).split("\r\n");
        String type = "";
        for (String line : head) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                type = line.substring(13).trim();
            }
        }
        return new Raw(Integer.parseInt(head[0].split(" ")[1]), type, text.substring(end + 4));
    }

    private void assertRaw(String where, Raw answer, int status, String error) throws IOException {
        assertEquals(status, answer.status(), where + ": " + answer.body());
        assertTrue(answer.contentType().startsWith(JSON), where + " has Content-Type '" + answer.contentType() + "'");
        assertErrorShape(where, answer.body(), error);
    }
}
