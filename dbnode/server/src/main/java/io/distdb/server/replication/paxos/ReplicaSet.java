package io.distdb.server.replication.paxos;

import java.util.ArrayList;
import java.util.List;

/**
 * The acceptors of one key: its natural replicas and, while a range moves, the pending ones that will own
 * it. As in Cassandra, every pending replica is added to the participants and to the quorum (a majority of
 * the natural replicas plus all pending ones), so that a quorum before the move and one after it always
 * share an acceptor whichever ring ends up owning the key.
 */
public record ReplicaSet(List<String> natural, List<String> pending, int commitAcks) {

    public ReplicaSet {
        natural = List.copyOf(natural);
        pending = List.copyOf(pending);
        if (natural.isEmpty()) {
            throw new IllegalArgumentException("a key without replicas");
        }
        commitAcks = Math.max(commitAcks, natural.size() / 2 + 1 + pending.size());
    }

    /** A key's acceptors whose commit needs a quorum of acknowledgements. */
    public ReplicaSet(List<String> natural, List<String> pending) {
        this(natural, pending, 0);
    }

    /**
     * A key's acceptors whose commit needs the acknowledgements of {@code consistency} (never fewer than a
     * quorum): the Paxos rounds decide among a majority, the commit is the write the client asked for.
     */
    public static ReplicaSet of(List<String> natural, List<String> pending, io.distdb.server.replication.Consistency consistency) {
        return new ReplicaSet(natural, pending, consistency.required(natural.size()) + pending.size());
    }

    public List<String> participants() {
        List<String> all = new ArrayList<>(natural);
        all.addAll(pending);
        return all;
    }

    /** How many participants must answer each phase. */
    public int quorum() {
        return natural.size() / 2 + 1 + pending.size();
    }
}
