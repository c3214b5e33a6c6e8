package io.distdb.server.replication.paxos;

import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.replication.Consistency;
import io.distdb.server.replication.Coordinator;
import io.distdb.server.replication.HintStore;
import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Versioned;
import io.distdb.server.store.KeyLocks;
import jakarta.inject.Singleton;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The node's compare-and-set of single replicated keys. On a cluster this node proposes by Paxos among
 * the key's replicas ({@link PaxosProposer}) and serves as an acceptor for the keys it holds
 * ({@link #acceptor()}, which the transport layer serves to other nodes); {@code remote} reaches the acceptors of
 * the other nodes; on a cluster of one a per-key lock is enough.
 */
@Singleton
public class PaxosService {

    /** Retries of a contended key before giving up; the timeout usually ends it first. */
    private static final int ATTEMPTS = 64;

    private final ClusterView cluster;
    private final Coordinator coordinator;
    private final LocalReplica local;
    private final PaxosAcceptor acceptor;
    private final PaxosProposer proposer;
    private final KeyLocks locks = new KeyLocks(256);

    public PaxosService(ClusterView cluster, Coordinator coordinator, PaxosTransport remote, HintStore hints, NodeConfig config) {
        this.cluster = cluster;
        this.coordinator = coordinator;
        this.local = coordinator.local();
        this.acceptor = new PaxosAcceptor(local);
        ClusterTransport transport = new ClusterTransport(cluster, acceptor, remote, hints);
        long timeout = 4 * config.cluster().requestTimeoutMillis();
        this.proposer = new PaxosProposer(transport, key -> replicas(coordinator, key), local.clock(), cluster.selfId(),
                timeout, ATTEMPTS);
    }

    public PaxosAcceptor acceptor() {
        return acceptor;
    }

    /** See {@link PaxosProposer#compareAndSet}; the commit waits for a quorum. */
    public CasResult compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value) {
        return compareAndSet(key, accept, value, Consistency.QUORUM);
    }

    /** See {@link PaxosProposer#compareAndSet}; the commit waits for the replicas {@code consistency} needs (at least a quorum). */
    public CasResult compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value, Consistency consistency) {
        if (cluster.isLocalOnly()) {
            return locally(key, accept, value);
        }
        return proposer.compareAndSet(key, accept, value, k -> replicas(coordinator, k, consistency));
    }

    private CasResult locally(byte[] key, Predicate<byte[]> accept, byte[] value) {
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            Versioned current = local.read(key);
            byte[] live = current == null || current.tombstone() ? null : current.payload();
            if (!accept.test(live)) {
                return new CasResult(false, live);
            }
            long now = local.clock().now();
            local.apply(key, value == null ? Versioned.tombstone(now) : Versioned.value(now, value));
            return new CasResult(true, null);
        } finally {
            lock.unlock();
        }
    }

    private static ReplicaSet replicas(Coordinator coordinator, byte[] key) {
        return replicas(coordinator, key, Consistency.QUORUM);
    }

    private static ReplicaSet replicas(Coordinator coordinator, byte[] key, Consistency consistency) {
        Placement placement = coordinator.cluster().placement();
        Placement.WriteTargets targets = placement.writeTargets(coordinator.partitioner().token(key));
        return ReplicaSet.of(targets.natural(), targets.pending(), consistency);
    }
}
