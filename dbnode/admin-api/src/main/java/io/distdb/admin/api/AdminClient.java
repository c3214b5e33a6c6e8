package io.distdb.admin.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Calls one node's admin API. The operator holds one per node; every call is a single HTTP request with
 * the bearer token, and every failure is an {@link AdminException}.
 */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    /** @param base the node's admin endpoint, for example {@code http://distdb-0.distdb-peers:9090} */
    public AdminClient(URI base, String token, HttpClient http, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public AdminClient(URI base, String token) {
        this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(10));
    }

    public NodeStatus status() {
        return send(request(AdminPaths.STATUS).GET(), NodeStatus.class);
    }

    public Topology topology() {
        return send(request(AdminPaths.TOPOLOGY).GET(), Topology.class);
    }

    /** Publishes {@code topology}; {@link AdminException#isStaleEpoch()} if the node has a newer one. */
    public Topology putTopology(Topology topology) {
        return send(request(AdminPaths.TOPOLOGY).PUT(body(topology)).header("Content-Type", "application/json"),
                Topology.class);
    }

    /** Starts (or resumes, or confirms) the rebalance of {@code epoch}. Idempotent. */
    public RebalanceStatus startRebalance(long epoch) {
        return send(request(AdminPaths.REBALANCE + "?epoch=" + epoch).POST(HttpRequest.BodyPublishers.noBody()),
                RebalanceStatus.class);
    }

    /** What the node holds: live keys, keys it no longer owns, pending hints. Scans the node's data. */
    public DataReport data() {
        return send(request(AdminPaths.DATA).GET(), DataReport.class);
    }

    /** The node's view of the metadata group: its role, the leader, voters and listeners. */
    public MetadataStatus metadata() {
        return send(request(AdminPaths.METADATA).GET(), MetadataStatus.class);
    }

    /** Compacts the node's engines now and waits for it (expired tombstones and overwritten values are dropped). */
    public CompactionReport compact() {
        return send(request(AdminPaths.COMPACT).POST(HttpRequest.BodyPublishers.noBody()), CompactionReport.class);
    }

    public RebalanceStatus rebalance() {
        return send(request(AdminPaths.REBALANCE).GET(), RebalanceStatus.class);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header(AdminPaths.AUTHORIZATION, AdminPaths.BEARER + token)
                .header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value, e);
        }
    }

    private <T> T send(HttpRequest.Builder builder, Class<T> type) {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AdminException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(request.method() + " " + request.uri() + " was interrupted", e);
        }
        try {
            if (response.statusCode() / 100 != 2) {
                AdminError error = readError(response.body());
                throw new AdminException(response.statusCode(), error.error(),
                        request.method() + " " + request.uri() + ": " + response.statusCode() + " " + error.message());
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AdminException(response.statusCode(), "bad_response",
                    request.method() + " " + request.uri() + " answered something that is not " + type.getSimpleName());
        }
    }

    private static AdminError readError(byte[] body) {
        try {
            AdminError error = JSON.readValue(body, AdminError.class);
            return error.error() == null ? new AdminError("unknown", new String(body)) : error;
        } catch (IOException e) {
            return new AdminError("unknown", new String(body));
        }
    }
}
