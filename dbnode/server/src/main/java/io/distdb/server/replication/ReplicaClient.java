package io.distdb.server.replication;

import io.distdb.admin.api.AdminPaths;
import io.distdb.admin.api.Member;
import io.distdb.server.admin.AdminToken;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.config.NodeConfig;
import io.distdb.storage.ScanRange;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Calls the replica endpoints of other nodes ({@link ReplicaPaths}) on their admin ports, with the shared
 * admin token and this node's topology epoch, so a peer that is behind learns there is a newer one.
 * Every call is asynchronous and fails its future on a transport error or a non-2xx answer.
 */
@Singleton
public class ReplicaClient {

    private final HttpClient http;
    private final String token;
    private final ClusterView cluster;
    private final Duration timeout;

    public ReplicaClient(AdminToken token, ClusterView cluster, NodeConfig config) {
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "replica-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofMillis(Math.min(2000, config.cluster().requestTimeoutMillis()))).build();
        this.token = token.value();
        this.cluster = cluster;
        this.timeout = Duration.ofMillis(config.cluster().requestTimeoutMillis());
    }

    public CompletableFuture<Void> apply(Member target, List<Mutation> mutations) {
        return send(target, ReplicaPaths.APPLY, Wire.encodeMutations(mutations), timeout).thenApply(body -> null);
    }

    /** Applies a streamed batch; streams allow longer than a client request. */
    public CompletableFuture<Void> stream(Member target, List<Mutation> mutations) {
        return send(target, ReplicaPaths.APPLY, Wire.encodeMutations(mutations), timeout.multipliedBy(10)).thenApply(body -> null);
    }

    /** The replica's version of {@code key}, or {@code null} if it has none. */
    public CompletableFuture<Versioned> read(Member target, byte[] key) {
        return send(target, ReplicaPaths.READ, Wire.encodeKey(key), timeout)
                .thenApply(body -> body.length == 0 ? null : Versioned.decode(body));
    }

    public CompletableFuture<List<Mutation>> scan(Member target, ScanRange range) {
        return send(target, ReplicaPaths.SCAN, Wire.encodeScan(range), timeout).thenApply(Wire::decodeMutations);
    }

    /** Any other call on a peer's admin port, JSON in and out. */
    public CompletableFuture<HttpResponse<byte[]>> call(Member target, String method, String path, byte[] json) {
        HttpRequest request = request(target, path, timeout.multipliedBy(10))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private CompletableFuture<byte[]> send(Member target, String path, byte[] body, Duration requestTimeout) {
        HttpRequest request = request(target, path, requestTimeout)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new ReplicaException(target.id() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        });
    }

    private HttpRequest.Builder request(Member target, String path, Duration requestTimeout) {
        return HttpRequest.newBuilder(URI.create("http://" + target.address() + path))
                .timeout(requestTimeout)
                .header(AdminPaths.AUTHORIZATION, AdminPaths.BEARER + token)
                .header(ReplicaPaths.EPOCH_HEADER, Long.toString(cluster.published().map(p -> p.epoch()).orElse(0L)))
                .header(ReplicaPaths.FROM_HEADER, cluster.selfId());
    }

    /** A peer refused a replica call. */
    public static final class ReplicaException extends RuntimeException {
        public ReplicaException(String message) {
            super(message);
        }
    }
}
