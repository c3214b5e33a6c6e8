package io.distdb.bench.ycsb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * YCSB binding for a DistDB data node over its HTTP/JSON items API.
 *
 * <p>A record is the item with partition key = YCSB key and sort key = table name; its value is a JSON
 * object of the fields as strings. {@link #update} sends the changed fields as one {@code PATCH} (a JSON
 * merge patch), as Redis does one HSET. Scans are one ordered
 * range query over partitions ({@code both_between}) starting at the start key.
 *
 * <p>Properties: {@code distdb.url} (default {@code http://127.0.0.1:8080}; several, comma-separated, for the
 * nodes of a cluster: the client threads take them in turn); {@code distdb.consistency}, the
 * {@code X-DistDB-Consistency} of every request ({@code ONE}, {@code QUORUM}, {@code ALL}; default: none sent, the
 * node's default applies); {@code distdb.http}, the
 * HTTP client: {@code apache} (default, Apache HttpClient 5 classic) or {@code jdk}
 * ({@code java.net.http}); {@code distdb.ca-file}, for an https URL: the PEM CA certificates to trust (the node's
 * {@code DISTDB_TLS_CA_FILE}); the node's name is checked against its certificate. YCSB creates one instance per
 * client thread; each holds one keep-alive HTTP/1.1 connection, as the Redis binding holds one connection per thread.
 */
public class DistDbClient extends DB {

    /** Above every YCSB key ("user" followed by digits) in UTF-8 byte order. */
    private static final String HIGHEST_KEY = "user\uffff";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The consistency level of a request to a cluster (docs/api.md, "Cluster"); the node's default is QUORUM. */
    static final String CONSISTENCY_HEADER = "X-DistDB-Consistency";

    /** Counts the instances, one per client thread, to spread them over the nodes of {@code distdb.url}. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private HttpTransport http;

    @Override
    public void init() throws DBException {
        // Thread i talks to node i mod n: every node coordinates a share of the requests, as the Cassandra
        // driver spreads them over its nodes. The client JVM runs every phase of a system and makes `threadcount`
        // instances per phase, one after the other: the count modulo the threads is the thread's number.
        String[] urls = getProperties().getProperty("distdb.url", "http://127.0.0.1:8080").split(",");
        int threads = Math.max(1, Integer.parseInt(getProperties().getProperty("threadcount", "1")));
        int thread = Math.floorMod(INSTANCES.getAndIncrement(), threads);
        String url = urls[thread % urls.length].strip();
        String consistency = getProperties().getProperty("distdb.consistency", "");
        String caFile = getProperties().getProperty("distdb.ca-file", "");
        SSLContext tls = null;
        if (!caFile.isBlank()) {
            try {
                tls = trusting(Path.of(caFile));
            } catch (IOException | GeneralSecurityException e) {
                throw new DBException("cannot read distdb.ca-file " + caFile, e);
            }
        }
        http = HttpTransport.create(getProperties().getProperty("distdb.http", "apache"), url, tls,
                consistency.isBlank() ? Map.of() : Map.of(CONSISTENCY_HEADER, consistency));
    }

    /** A TLS context that trusts the certificates of the PEM file {@code caFile}, and no others. */
    static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Override
    public void cleanup() throws DBException {
        try {
            http.close();
        } catch (IOException e) {
            throw new DBException(e);
        }
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            HttpTransport.Reply reply = http.send("GET", itemPath(table, key), null);
            if (reply.status() == 404) {
                return Status.NOT_FOUND;
            }
            if (reply.status() != 200) {
                return Status.ERROR;
            }
            copyFields(JSON.readTree(reply.body()).get("value"), fields, result);
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
            HttpTransport.Reply reply = http.send("GET", path, null);
            if (reply.status() != 200) {
                return Status.ERROR;
            }
            for (JsonNode item : JSON.readTree(reply.body()).get("items")) {
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
        // One PATCH (JSON merge patch) with the changed fields, as Redis does one HSET.
        ObjectNode changes = JSON.createObjectNode();
        values.forEach((field, v) -> changes.put(field, v.toString()));
        try {
            int status = http.send("PATCH", itemPath(table, key), JSON.writeValueAsBytes(changes)).status();
            return status == 200 ? Status.OK : Status.ERROR;
        } catch (IOException e) {
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
            int status = http.send("DELETE", itemPath(table, key), null).status();
            return status == 204 || status == 200 ? Status.OK : status == 404 ? Status.NOT_FOUND : Status.ERROR;
        } catch (IOException e) {
            return Status.ERROR;
        }
    }

    private Status put(String table, String key, ObjectNode item) throws IOException {
        int status = http.send("PUT", itemPath(table, key), JSON.writeValueAsBytes(item)).status();
        return status == 200 ? Status.OK : Status.ERROR;
    }

    private static String itemPath(String table, String key) {
        return "/api/v1/items/" + segment(key) + "/" + segment(table);
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
