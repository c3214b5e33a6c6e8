package io.distdb.server.replication.paxos;

import java.util.ArrayList;
import java.util.List;

/**
 * The acceptors of one key: its natural replicas and, while a range moves, the pending ones that will own
 * it. As in Cassandra, every pending replica is added to the participants and to the quorum (a majority of
 * the natural replicas plus all pending ones), so that a quorum before the move and one after it always
 * share an acceptor whichever ring ends up owning the key.
 */
public record ReplicaSet(List<String> natural, List<String> pending) {

    public ReplicaSet {
        natural = List.copyOf(natural);
        pending = List.copyOf(pending);
        if (natural.isEmpty()) {
            throw new IllegalArgumentException("a key without replicas");
        }
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
