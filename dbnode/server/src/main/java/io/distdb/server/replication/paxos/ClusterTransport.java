package io.distdb.server.replication.paxos;

import io.distdb.server.cluster.ClusterView;
import io.distdb.server.replication.HintStore;
import io.distdb.server.replication.Mutation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Paxos messages between nodes: this node's own acceptor is called directly, the others through {@code remote}
 * (the transport layer's, over the node-to-node endpoints of their admin ports). A replica that misses a commit
 * gets the write as a hint, like any write it misses, so it converges even if no later proposer comes along.
 */
final class ClusterTransport implements PaxosTransport {

    private final ClusterView cluster;
    private final PaxosAcceptor local;
    private final PaxosTransport remote;
    private final HintStore hints;

    ClusterTransport(ClusterView cluster, PaxosAcceptor local, PaxosTransport remote, HintStore hints) {
        this.cluster = cluster;
        this.local = local;
        this.remote = remote;
        this.hints = hints;
    }

    @Override
    public CompletableFuture<Promise> prepare(String replica, byte[] key, Ballot ballot) {
        if (isSelf(replica)) {
            return here(() -> local.prepare(key, ballot));
        }
        return remote.prepare(replica, key, ballot);
    }

    @Override
    public CompletableFuture<Boolean> propose(String replica, byte[] key, Proposal proposal) {
        if (isSelf(replica)) {
            return here(() -> local.propose(key, proposal));
        }
        return remote.propose(replica, key, proposal);
    }

    @Override
    public CompletableFuture<Void> commit(String replica, byte[] key, Proposal proposal) {
        CompletableFuture<Void> done;
        if (isSelf(replica)) {
            done = here(() -> {
                local.commit(key, proposal);
                return null;
            });
        } else {
            done = remote.commit(replica, key, proposal);
        }
        return done.whenComplete((ok, error) -> {
            if (error != null) {
                hints.offer(replica, List.of(new Mutation(key, proposal.update())));
            }
        });
    }

    private boolean isSelf(String replica) {
        return replica.equals(cluster.selfId());
    }

    private static <T> CompletableFuture<T> here(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
