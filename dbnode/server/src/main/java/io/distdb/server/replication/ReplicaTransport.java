package io.distdb.server.replication;

import io.distdb.admin.api.Member;
import io.distdb.storage.ScanRange;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the coordinator reaches the replicas on other nodes. A future that fails means no answer (lost, refused,
 * timed out, or a peer that answered with an error); futures complete on this node's own threads, never on an event
 * loop, because callers store hints and apply repairs — except those of {@link #read} and {@link #apply}, which
 * complete on the I/O thread that received the answer, so a client request waits for no thread hand-off: their
 * callers only count answers there and take anything that blocks elsewhere. The transport layer implements it
 * ({@code transport.PeerClient}, over the replica endpoints on the peers' admin ports).
 */
public interface ReplicaTransport {

    /** Applies versioned writes on {@code target}; the future completes on an I/O thread (see above). */
    CompletableFuture<Void> apply(Member target, List<Mutation> mutations);

    /** Applies a streamed batch (hints, rebalancing); streams allow longer than a client request. */
    CompletableFuture<Void> stream(Member target, List<Mutation> mutations);

    /** The replica's version of {@code key}, or {@code null} if it has none; completes on an I/O thread (see above). */
    CompletableFuture<Versioned> read(Member target, byte[] key);

    /** A page of the replica's entries of {@code range}, shaped by the shaper {@code shaperSpec} describes (if any). */
    CompletableFuture<List<Mutation>> scan(Member target, ScanRange range, byte[] shaperSpec);

    /** The replica's digests and partial result of a fold; a fold reads a whole range, so it may take as long as a stream. */
    CompletableFuture<LocalReplica.FoldAnswer> fold(Member target, Wire.FoldRequest request);
}
