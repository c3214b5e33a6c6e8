package io.distdb.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.AdminError;
import io.distdb.admin.api.AdminPaths;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.Topology;
import io.distdb.server.api.StatusErrors;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.replication.Coordinator;
import io.distdb.server.replication.EntryFolds;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.EntryShapers;
import io.distdb.server.replication.Versioned;
import io.distdb.server.replication.Wire;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The replica side of coordination, on the admin port behind the peer credential (checked by
 * {@link ManagementAuthorizer}): apply versioned writes, read one key's version, scan a range with tombstones (shaped, when the
 * caller asks, by an {@link EntryShaper}). A caller with a newer topology epoch makes this node fetch that
 * topology from it. (The acceptor's side of a key's compare-and-set has its own routes, {@link PaxosRoutes}.)
 */
@Singleton
public class ReplicaRoutes {

    private static final Logger LOG = Logger.getLogger(ReplicaRoutes.class);
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final Coordinator coordinator;
    private final ClusterView cluster;
    private final PeerClient client;
    private final ObjectMapper json;
    private final EntryShapers shapers;
    private final EntryFolds folds;
    private final AtomicBoolean fetchingTopology = new AtomicBoolean();

    public ReplicaRoutes(Coordinator coordinator, ClusterView cluster, PeerClient client,
                         ObjectMapper json, EntryShapers shapers, EntryFolds folds) {
        this.coordinator = coordinator;
        this.cluster = cluster;
        this.client = client;
        this.json = json;
        this.shapers = shapers;
        this.folds = folds;
    }

    void register(@Observes @Priority(20) ManagementInterface management) {
        Router router = management.router();
        router.route(ReplicaPaths.PREFIX + "*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.route(ReplicaPaths.PREFIX + "*").handler(this::noticeEpoch);
        router.post(ReplicaPaths.APPLY).blockingHandler(rc -> {
            int applied = coordinator.local().apply(Wire.decodeMutations(body(rc)));
            rc.response().setStatusCode(200).end(Integer.toString(applied));
        }, false);
        // Answered on the event loop when the engine can tell from memory; a worker reads the disk otherwise.
        router.post(ReplicaPaths.READ).handler(rc -> coordinator.local()
                .readAsync(Wire.decodeKey(body(rc)), Infrastructure.getDefaultWorkerPool())
                .whenComplete((version, error) -> {
                    if (error != null) {
                        rc.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                    } else {
                        binary(rc, version == null ? new byte[0] : version.encode());
                    }
                }));
        router.post(ReplicaPaths.SCAN).blockingHandler(rc -> {
            Wire.ScanRequest scan = Wire.decodeScan(body(rc));
            EntryShaper shaper = scan.shaperSpec() == null ? null : shapers.fromSpec(scan.shaperSpec());
            binary(rc, Wire.encodeMutations(coordinator.local().scan(scan.range(), shaper)));
        }, false);
        router.post(ReplicaPaths.FOLD).blockingHandler(rc -> {
            Wire.FoldRequest fold = Wire.decodeFold(body(rc));
            boolean[] assigned = new boolean[fold.ringEnds().length];
            for (int r : fold.assigned()) {
                assigned[r] = true;
            }
            binary(rc, Wire.encodeFoldAnswer(coordinator.local().fold(fold.range(), fold.ringEnds(), assigned,
                    coordinator.partitioner(), folds.foldFromSpec(fold.spec()))));
        }, false);
        router.route(ReplicaPaths.PREFIX + "*").failureHandler(this::failure);
    }

    private void noticeEpoch(RoutingContext rc) {
        String epoch = rc.request().getHeader(ReplicaPaths.EPOCH_HEADER);
        String from = rc.request().getHeader(ReplicaPaths.FROM_HEADER);
        if (epoch != null && from != null) {
            try {
                long theirs = Long.parseLong(epoch);
                long ours = cluster.published().map(Placement::epoch).orElse(0L);
                if (theirs > ours) {
                    fetchTopology(from);
                }
            } catch (NumberFormatException ignored) {
                // a malformed hint is not worth refusing the request for
            }
        }
        rc.next();
    }

    /** Gossip in its smallest form: learn a newer topology from the peer that has it. */
    private void fetchTopology(String from) {
        Member peer = cluster.published().map(p -> p.member(from)).orElse(null);
        if (peer == null || !fetchingTopology.compareAndSet(false, true)) {
            return;
        }
        client.call(peer, "GET", AdminPaths.TOPOLOGY, null).whenComplete((response, error) -> {
            try {
                if (error == null && response.statusCode() == 200) {
                    Topology newer = json.readValue(response.body(), Topology.class);
                    if (cluster.accept(newer)) {
                        LOG.infof("learned topology epoch %d from %s", newer.epoch(), from);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not adopt the topology of %s: %s", from, e.getMessage());
            } finally {
                fetchingTopology.set(false);
            }
        });
    }

    public static byte[] body(RoutingContext rc) {
        return rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    }

    public static void binary(RoutingContext rc, byte[] body) {
        rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                .end(Buffer.buffer(body));
    }

    private void failure(RoutingContext rc) {
        Throwable error = rc.failure();
        int status = error instanceof Wire.CorruptBatchException || error instanceof IllegalArgumentException ? 400 : rc.statusCode() > 0 ? rc.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf(error, "replica request %s failed", rc.request().path());
        }
        String message = error == null ? "request failed" : String.valueOf(error.getMessage());
        JsonReplies.send(rc, json, status, new AdminError(status < 500 ? StatusErrors.code(status) : "replica_error", message));
    }
}
