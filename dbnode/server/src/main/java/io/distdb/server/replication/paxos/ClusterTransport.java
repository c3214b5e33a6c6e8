package io.distdb.server.replication.paxos;

import io.distdb.admin.api.Member;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.replication.HintStore;
import io.distdb.server.replication.Mutation;
import io.distdb.server.replication.ReplicaClient;
import io.distdb.server.replication.ReplicaPaths;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Paxos messages between nodes: this node's own acceptor is called directly, the others over the replica
 * endpoints on their admin ports. A replica that misses a commit gets the write as a hint, like any write
 * it misses, so it converges even if no later proposer comes along.
 */
final class ClusterTransport implements PaxosTransport {

    private final ClusterView cluster;
    private final PaxosAcceptor local;
    private final ReplicaClient client;
    private final HintStore hints;

    ClusterTransport(ClusterView cluster, PaxosAcceptor local, ReplicaClient client, HintStore hints) {
        this.cluster = cluster;
        this.local = local;
        this.client = client;
        this.hints = hints;
    }

    @Override
    public CompletableFuture<Promise> prepare(String replica, byte[] key, Ballot ballot) {
        if (isSelf(replica)) {
            return here(() -> local.prepare(key, ballot));
        }
        return client.paxos(member(replica), ReplicaPaths.PAXOS_PREPARE, PaxosCodec.prepare(key, ballot))
                .thenApply(PaxosCodec::decodePromise);
    }

    @Override
    public CompletableFuture<Boolean> propose(String replica, byte[] key, Proposal proposal) {
        if (isSelf(replica)) {
            return here(() -> local.propose(key, proposal));
        }
        return client.paxos(member(replica), ReplicaPaths.PAXOS_PROPOSE, PaxosCodec.proposal(key, proposal))
                .thenApply(PaxosCodec::decodeFlag);
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
            done = client.paxos(member(replica), ReplicaPaths.PAXOS_COMMIT, PaxosCodec.proposal(key, proposal))
                    .thenApply(body -> null);
        }
        return done.whenComplete((ok, error) -> {
            if (error != null) {
                hints.add(replica, List.of(new Mutation(key, proposal.update())));
            }
        });
    }

    private boolean isSelf(String replica) {
        return replica.equals(cluster.selfId());
    }

    private Member member(String replica) {
        Member member = cluster.placement().member(replica);
        if (member == null) {
            throw new IllegalStateException("replica " + replica + " is not a member of the topology");
        }
        return member;
    }

    private static <T> CompletableFuture<T> here(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
