package io.distdb.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.errors.UnavailableException;
import io.distdb.server.replication.paxos.CasResult;
import io.distdb.server.replication.paxos.PaxosCodec;
import io.distdb.server.replication.paxos.PaxosContentionException;
import io.distdb.server.replication.paxos.PaxosService;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A key's compare-and-set on the admin port: the acceptor's side (prepare, propose, commit), which proposing nodes
 * call on the key's replicas with the peer credential, and a compare-and-set this node proposes, for operators
 * checking a key (with the admin token) and for tests of the consensus path without SQL. Registered after the replica
 * routes ({@link ReplicaRoutes}), whose body and failure handlers cover these paths too.
 */
@Singleton
public class PaxosRoutes {

    private final PaxosService paxos;
    private final ObjectMapper json;

    public PaxosRoutes(PaxosService paxos, ObjectMapper json) {
        this.paxos = paxos;
        this.json = json;
    }

    void register(@Observes @Priority(25) ManagementInterface management) {
        Router router = management.router();
        router.post(ReplicaPaths.PAXOS_PREPARE).blockingHandler(rc -> {
            PaxosCodec.Request prepare = PaxosCodec.decodePrepare(ReplicaRoutes.body(rc));
            ReplicaRoutes.binary(rc, PaxosCodec.promise(paxos.acceptor().prepare(prepare.key(), prepare.ballot())));
        }, false);
        router.post(ReplicaPaths.PAXOS_PROPOSE).blockingHandler(rc -> {
            PaxosCodec.Request propose = PaxosCodec.decodeProposal(ReplicaRoutes.body(rc));
            ReplicaRoutes.binary(rc, PaxosCodec.flag(paxos.acceptor().propose(propose.key(), propose.proposal())));
        }, false);
        router.post(ReplicaPaths.PAXOS_COMMIT).blockingHandler(rc -> {
            PaxosCodec.Request commit = PaxosCodec.decodeProposal(ReplicaRoutes.body(rc));
            paxos.acceptor().commit(commit.key(), commit.proposal());
            ReplicaRoutes.binary(rc, new byte[0]);
        }, false);
        router.post(ReplicaPaths.PAXOS_CAS).blockingHandler(this::compareAndSet, false);
    }

    /** {@code {"key": hex, "value": hex or null, "expectAbsent": bool}}, answered with {@code {"applied", "current"}}. */
    private void compareAndSet(RoutingContext rc) {
        if (!JsonReplies.bodyIsJson(rc, json)) {
            return;
        }
        HexFormat hex = HexFormat.of();
        JsonNode request;
        try {
            request = json.readTree(ReplicaRoutes.body(rc));
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        if (request == null || !request.path("key").isTextual()) {
            throw new IllegalArgumentException("expected {\"key\": hex, \"value\": hex or null, \"expectAbsent\": bool}");
        }
        byte[] key = hex.parseHex(request.get("key").textValue());
        byte[] value = request.path("value").isTextual() ? hex.parseHex(request.get("value").textValue()) : null;
        JsonNode expectation = request.path("expectAbsent");
        if (!expectation.isMissingNode() && !expectation.isBoolean()) {
            throw new IllegalArgumentException("'expectAbsent' must be true or false");
        }
        boolean expectAbsent = expectation.asBoolean(true);
        try {
            CasResult outcome = paxos.compareAndSet(key, current -> !expectAbsent || current == null, value);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("applied", outcome.applied());
            answer.put("current", outcome.current() == null ? null : hex.formatHex(outcome.current()));
            JsonReplies.send(rc, json, 200, answer);
        } catch (PaxosContentionException | UnavailableException e) { // 409 contention; 503 unavailable, Paxos' own too
            JsonReplies.refuse(rc, json, e);
        }
    }
}
