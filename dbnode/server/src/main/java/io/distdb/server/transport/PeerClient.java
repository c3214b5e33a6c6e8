package io.distdb.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.AdminPaths;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.NodeStatus;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.config.PeerToken;
import io.distdb.server.metadata.MetadataPeers;
import io.distdb.server.rebalance.PeerStatuses;
import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Mutation;
import io.distdb.server.replication.ReplicaTransport;
import io.distdb.server.replication.Versioned;
import io.distdb.server.replication.Wire;
import io.distdb.server.tls.NodeTls;
import io.distdb.storage.ScanRange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node's HTTP client of its peers: the replica transport of the coordinator ({@link ReplicaTransport}), the
 * status and metadata-port questions of cleanup and the metadata group, and the Paxos messages of
 * {@link RemoteAcceptors}. It calls the node-to-node endpoints of other nodes ({@link ReplicaPaths}) on their admin
 * ports, with this node's peer credential and topology epoch, so a peer that is behind learns there is a newer one. With TLS on the
 * credential is the node's certificate, presented as a client certificate over HTTPS, and the peer's own
 * certificate must come from the cluster's CA and name the host called (members are addressed by DNS names
 * the certificates list); with TLS off it is the peer token, as a bearer token.
 * Requests go through Vert.x's web client on the node's own Vert.x instance (pooled keep-alive connections, no thread per
 * call); answers are handed to a small pool of this node's threads, because callers may block on them —
 * except the answers to point reads and writes, which complete on the event loop to spare a client request
 * two thread hand-offs (see {@code ReplicaTransport}). Every call fails its future on a transport error or
 * a non-2xx answer.
 */
@Singleton
public class PeerClient implements ReplicaTransport, PeerStatuses, MetadataPeers {

    private final WebClient http;
    private final ExecutorService completions = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "replica-client");
        t.setDaemon(true);
        return t;
    });
    /** The Authorization header's value, or null when the client certificate is the credential. */
    private final String authorization;
    private final ClusterView cluster;
    private final Duration timeout;
    private final ObjectMapper json;

    public PeerClient(Vertx vertx, PeerToken token, NodeTls tls, ClusterView cluster, NodeConfig config, ObjectMapper json) {
        this.json = json;
        long timeoutMillis = config.cluster().requestTimeoutMillis();
        WebClientOptions options = new WebClientOptions()
                .setMaxPoolSize(32)
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(2000, timeoutMillis));
        if (tls.enabled()) {
            options.setSsl(true).setKeyCertOptions(tls.keyCert()).setTrustOptions(tls.trust()).setVerifyHost(true);
        }
        this.http = WebClient.create(vertx, options);
        this.authorization = tls.enabled() ? null : AdminPaths.BEARER + token.value();
        this.cluster = cluster;
        this.timeout = Duration.ofMillis(timeoutMillis);
    }

    /** A peer's answer to a JSON call. */
    public record PeerResponse(int statusCode, byte[] body) {
    }

    @Override
    public CompletableFuture<Void> apply(Member target, List<Mutation> mutations) {
        return binary(target, ReplicaPaths.APPLY, Wire.encodeMutations(mutations), timeout, false).thenApply(body -> null);
    }

    /** Applies a streamed batch; streams allow longer than a client request. */
    @Override
    public CompletableFuture<Void> stream(Member target, List<Mutation> mutations) {
        return binary(target, ReplicaPaths.APPLY, Wire.encodeMutations(mutations), timeout.multipliedBy(10)).thenApply(body -> null);
    }

    /** The replica's version of {@code key}, or {@code null} if it has none. */
    @Override
    public CompletableFuture<Versioned> read(Member target, byte[] key) {
        return binary(target, ReplicaPaths.READ, Wire.encodeKey(key), timeout, false)
                .thenApply(body -> body.length == 0 ? null : Versioned.decode(body));
    }

    /** A page of the replica's entries of {@code range}, shaped by the shaper {@code shaperSpec} describes (if any). */
    @Override
    public CompletableFuture<List<Mutation>> scan(Member target, ScanRange range, byte[] shaperSpec) {
        return binary(target, ReplicaPaths.SCAN, Wire.encodeScan(range, shaperSpec), timeout).thenApply(Wire::decodeMutations);
    }

    /** The replica's digests and partial result of a fold; a fold reads a whole range, so it may take as long as a stream. */
    @Override
    public CompletableFuture<LocalReplica.FoldAnswer> fold(Member target, Wire.FoldRequest request) {
        return binary(target, ReplicaPaths.FOLD, Wire.encodeFold(request), timeout.multipliedBy(10)).thenApply(Wire::decodeFoldAnswer);
    }

    @Override
    public CompletableFuture<Optional<NodeStatus>> status(Member member) {
        return call(member, "GET", AdminPaths.STATUS, null).thenApply(response -> {
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            try {
                return Optional.of(json.readValue(response.body(), NodeStatus.class));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public CompletableFuture<Integer> metadataPort(Member member) {
        return call(member, "GET", ReplicaPaths.METADATA_PEER, null).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new ReplicaException(member.id() + " answered " + response.statusCode() + " when asked for its metadata port");
            }
            try {
                return json.readTree(response.body()).get("port").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One Paxos message ({@link ReplicaPaths}{@code .PAXOS_*}) to a key's replica; the answer's body. */
    public CompletableFuture<byte[]> paxos(Member target, String path, byte[] body) {
        return binary(target, path, body, timeout);
    }

    /** Any other call on a peer's admin port, JSON in and out, whatever the status. */
    public CompletableFuture<PeerResponse> call(Member target, String method, String path, byte[] json) {
        return send(target, HttpMethod.valueOf(method), path, "application/json", json, timeout.multipliedBy(10), true);
    }

    private CompletableFuture<byte[]> binary(Member target, String path, byte[] body, Duration requestTimeout) {
        return binary(target, path, body, requestTimeout, true);
    }

    /** With {@code handOff} false the future completes on the event loop that received the answer. */
    private CompletableFuture<byte[]> binary(Member target, String path, byte[] body, Duration requestTimeout, boolean handOff) {
        return send(target, HttpMethod.POST, path, "application/octet-stream", body, requestTimeout, handOff).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new ReplicaException(target.id() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        });
    }

    private CompletableFuture<PeerResponse> send(Member target, HttpMethod method, String path, String contentType,
                                                 byte[] body, Duration requestTimeout, boolean handOff) {
        String address = target.address();
        int colon = address.lastIndexOf(':');
        RequestOptions options = new RequestOptions()
                .setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1)))
                .setURI(path);
        Buffer payload = body == null ? Buffer.buffer() : Buffer.buffer(body);
        var request = http.request(method, options).timeout(requestTimeout.toMillis());
        if (authorization != null) {
            request.putHeader(AdminPaths.AUTHORIZATION, authorization);
        }
        CompletableFuture<PeerResponse> answer = request
                .putHeader(ReplicaPaths.EPOCH_HEADER, Long.toString(cluster.published().map(p -> p.epoch()).orElse(0L)))
                .putHeader(ReplicaPaths.FROM_HEADER, cluster.selfId())
                .putHeader("Content-Type", contentType)
                .sendBuffer(payload)
                .map(response -> new PeerResponse(response.statusCode(),
                        response.body() == null ? new byte[0] : response.body().getBytes()))
                .toCompletionStage().toCompletableFuture();
        // Callers continue on this node's threads, never on the event loop, unless they said they do nothing blocking.
        return handOff ? answer.thenApplyAsync(response -> response, completions) : answer;
    }

    /** A peer refused a replica call. */
    public static final class ReplicaException extends RuntimeException {
        public ReplicaException(String message) {
            super(message);
        }
    }
}
