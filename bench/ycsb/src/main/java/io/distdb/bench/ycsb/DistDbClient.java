package io.distdb.bench.ycsb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.Vector;

/**
 * YCSB binding for a DistDB data node over its HTTP/JSON items API.
 *
 * <p>A record is the item with partition key = YCSB key and sort key = table name; its value is a JSON
 * object of the fields as strings. DistDB has no partial update yet, so {@link #update} reads the item
 * and puts the merged object back: two round trips where Redis needs one HSET. Scans are one ordered
 * range query over partitions ({@code both_between}) starting at the start key.
 *
 * <p>Property {@code distdb.url} (default {@code http://127.0.0.1:8080}). YCSB creates one instance per
 * client thread; each gets its own HTTP/1.1 client, so it holds one keep-alive connection, as the
 * Redis binding holds one connection per thread.
 */
public class DistDbClient extends DB {

    /** Above every YCSB key ("user" followed by digits) in UTF-8 byte order. */
    private static final String HIGHEST_KEY = "user\uffff";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpClient http;
    private String base;

    @Override
    public void init() throws DBException {
        String url = getProperties().getProperty("distdb.url", "http://127.0.0.1:8080");
        base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        // A direct executor completes responses on the client's selector thread, saving a thread hop.
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            HttpResponse<byte[]> response = send(itemRequest(table, key).GET());
            if (response.statusCode() == 404) {
                return Status.NOT_FOUND;
            }
            if (response.statusCode() != 200) {
                return Status.ERROR;
            }
            copyFields(JSON.readTree(response.body()).get("value"), fields, result);
            return Status.OK;
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        String path = "/api/v1/both_between/" + segment(startkey) + "/" + segment(HIGHEST_KEY) + "/"
                + segment(table) + "/" + segment(table) + "/asc?limit=" + recordcount;
        try {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
            if (response.statusCode() != 200) {
                return Status.ERROR;
            }
            for (JsonNode item : JSON.readTree(response.body()).get("items")) {
                HashMap<String, ByteIterator> row = new HashMap<>();
                copyFields(item.get("value"), fields, row);
                result.add(row);
            }
            return Status.OK;
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        // Read-modify-write: the items API replaces whole items.
        try {
            HttpResponse<byte[]> current = send(itemRequest(table, key).GET());
            if (current.statusCode() == 404) {
                return Status.NOT_FOUND;
            }
            if (current.statusCode() != 200) {
                return Status.ERROR;
            }
            ObjectNode merged = (ObjectNode) JSON.readTree(current.body()).get("value");
            values.forEach((field, value) -> merged.put(field, value.toString()));
            return put(table, key, merged);
        } catch (IOException | ClassCastException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        ObjectNode item = JSON.createObjectNode();
        values.forEach((field, value) -> item.put(field, value.toString()));
        try {
            return put(table, key, item);
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status delete(String table, String key) {
        try {
            int status = send(itemRequest(table, key).DELETE()).statusCode();
            return status == 204 || status == 200 ? Status.OK : status == 404 ? Status.NOT_FOUND : Status.ERROR;
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    private Status put(String table, String key, ObjectNode item) throws IOException {
        HttpRequest.Builder request = itemRequest(table, key)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(item)));
        return send(request).statusCode() == 200 ? Status.OK : Status.ERROR;
    }

    private HttpRequest.Builder itemRequest(String table, String key) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/items/" + segment(key) + "/" + segment(table)));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void copyFields(JsonNode value, Set<String> fields, Map<String, ByteIterator> result) {
        if (value == null || !value.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (fields == null || fields.contains(field.getKey())) {
                result.put(field.getKey(), new StringByteIterator(field.getValue().asText()));
            }
        }
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are). */
    static String segment(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
