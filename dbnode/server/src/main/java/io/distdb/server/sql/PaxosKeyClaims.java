package io.distdb.server.sql;

import io.distdb.server.errors.UnavailableException;
import io.distdb.server.replication.Consistency;
import io.distdb.server.replication.RequestConsistency;
import io.distdb.server.replication.paxos.CasResult;
import io.distdb.server.replication.paxos.PaxosContentionException;
import io.distdb.server.replication.paxos.PaxosService;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.storage.KeyClaims;
import io.quarkus.arc.Arc;
import jakarta.inject.Singleton;

import java.util.function.Predicate;

/**
 * The SQL engine's key claims on a cluster: each one a compare-and-set by Paxos among the key's replicas.
 * Failures become SQL errors the client can act on: lost contention is 40001 (retry the statement),
 * too few replicas is 57P03 (HTTP 503).
 */
@Singleton
public class PaxosKeyClaims implements KeyClaims {

    private final PaxosService paxos;
    private final RequestConsistency requestConsistency;

    public PaxosKeyClaims(PaxosService paxos, RequestConsistency requestConsistency) {
        this.paxos = paxos;
        this.requestConsistency = requestConsistency;
    }

    /** The client's consistency level: a claim's commit is the write the client asked for. */
    private Consistency consistency() {
        return Arc.container().requestContext().isActive() ? requestConsistency.level() : Consistency.DEFAULT;
    }

    @Override
    public Outcome compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value) {
        try {
            CasResult result = paxos.compareAndSet(key, accept, value, consistency());
            return new Outcome(result.applied(), result.current());
        } catch (PaxosContentionException e) {
            throw SqlErrors.serializationFailure("could not serialize access to a key claimed concurrently by other "
                    + "writers: " + e.getMessage());
        } catch (UnavailableException e) { // too few replicas for a Paxos phase, or for the topology
            throw SqlErrors.unavailable(e.getMessage());
        }
    }
}
