package io.distdb.bench.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The requests of {@link BadRequestFloodBenchmark}'s flood, one kind after the other, each checked for the status
 * the node must refuse it with. They are written as raw bytes because most are what no well-behaved client sends.
 */
final class BadRequests implements ClosedLoop.Operation {

    static final String KINDS = "a body declared over the limit and never sent (413), invalid JSON (400), limit=abc (400), "
            + "a 5 KB URL (414), a value that is not base64 (400), JSON without a Content-Type (415)";

    private final byte[][] requests;
    private final int[] statuses;

    BadRequests(KvData data, long oversizedBytes) {
        String key = data.path(0);
        String longUrl = "/api/v1/items/p/" + "x".repeat(5000);
        requests = new byte[][] {
                head("PUT", "/api/v1/items/p/s", "Content-Type: application/json\r\nContent-Length: " + oversizedBytes + "\r\n", ""),
                head("PUT", "/api/v1/items/p/s", json("{\"a\": ["), "{\"a\": ["),
                head("GET", "/api/v1/query_begins/p/s/asc?limit=abc", "", ""),
                head("GET", longUrl, "", ""),
                head("PUT", key.replace("/api/v1/kv/", "/api/v1/kv/ff"), json(base64Claim()), base64Claim()),
                head("PUT", "/api/v1/items/p/s", "Content-Length: 8\r\n", "{\"a\": 1}"),
        };
        statuses = new int[] {413, 400, 400, 414, 400, 415};
    }

    @Override
    public String run(HttpConnection connection, SplittableRandom random, long seq) throws IOException {
        int kind = (int) (seq % requests.length);
        int status = connection.sendRaw(requests[kind]);
        return status == statuses[kind] ? null
                : "bad request " + kind + " -> " + status + " (expected " + statuses[kind] + "): " + connection.bodyText();
    }

    private static String base64Claim() {
        return "{\"content_type\":\"text/plain\",\"encoding\":\"base64\",\"value\":\"not base64!\"}";
    }

    private static String json(String body) {
        return "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";
    }

    private static byte[] head(String method, String target, String headers, String body) {
        return (method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }
}
