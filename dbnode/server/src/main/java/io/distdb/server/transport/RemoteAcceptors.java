package io.distdb.server.transport;

import io.distdb.admin.api.Member;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.replication.paxos.Ballot;
import io.distdb.server.replication.paxos.PaxosCodec;
import io.distdb.server.replication.paxos.PaxosTransport;
import io.distdb.server.replication.paxos.Promise;
import io.distdb.server.replication.paxos.Proposal;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;

/**
 * Paxos messages to the acceptors of other nodes, over the node-to-node endpoints of their admin ports
 * ({@link PaxosRoutes} answers them). The proposer's own node is not called here: {@code paxos.ClusterTransport}
 * calls its acceptor directly and keeps a hint for a replica that misses a commit.
 */
@Singleton
public class RemoteAcceptors implements PaxosTransport {

    private final ClusterView cluster;
    private final PeerClient client;

    public RemoteAcceptors(ClusterView cluster, PeerClient client) {
        this.cluster = cluster;
        this.client = client;
    }

    @Override
    public CompletableFuture<Promise> prepare(String replica, byte[] key, Ballot ballot) {
        return client.paxos(member(replica), ReplicaPaths.PAXOS_PREPARE, PaxosCodec.prepare(key, ballot))
                .thenApply(PaxosCodec::decodePromise);
    }

    @Override
    public CompletableFuture<Boolean> propose(String replica, byte[] key, Proposal proposal) {
        return client.paxos(member(replica), ReplicaPaths.PAXOS_PROPOSE, PaxosCodec.proposal(key, proposal))
                .thenApply(PaxosCodec::decodeFlag);
    }

    @Override
    public CompletableFuture<Void> commit(String replica, byte[] key, Proposal proposal) {
        return client.paxos(member(replica), ReplicaPaths.PAXOS_COMMIT, PaxosCodec.proposal(key, proposal))
                .thenApply(body -> null);
    }

    private Member member(String replica) {
        Member member = cluster.placement().member(replica);
        if (member == null) {
            throw new IllegalStateException("replica " + replica + " is not a member of the topology");
        }
        return member;
    }
}
