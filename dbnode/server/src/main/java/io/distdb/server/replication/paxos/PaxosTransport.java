package io.distdb.server.replication.paxos;

import java.util.concurrent.CompletableFuture;

/**
 * How a proposer reaches the acceptors of a key, by member id. A future that fails means no answer (lost,
 * refused, timed out); the proposer never relies on an answer it did not get. Implementations decide what
 * to do for a replica that missed a commit (the node keeps a hint, as for any write).
 */
public interface PaxosTransport {

    CompletableFuture<Promise> prepare(String replica, byte[] key, Ballot ballot);

    CompletableFuture<Boolean> propose(String replica, byte[] key, Proposal proposal);

    CompletableFuture<Void> commit(String replica, byte[] key, Proposal proposal);
}
