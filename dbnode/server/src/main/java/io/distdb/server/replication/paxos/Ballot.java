package io.distdb.server.replication.paxos;

import java.util.Comparator;

/**
 * A Paxos ballot: a hybrid-clock timestamp of the proposing node and that node's id. The clock never issues
 * the same timestamp twice on a node and the id tells nodes apart, so no two proposals share a ballot; the
 * timestamp also becomes the committed value's write timestamp, so a later ballot's write wins under
 * last-write-wins.
 */
public record Ballot(long timestamp, String node) implements Comparable<Ballot> {

    private static final Comparator<Ballot> ORDER = Comparator.comparingLong(Ballot::timestamp).thenComparing(Ballot::node);

    @Override
    public int compareTo(Ballot other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(Ballot other) {
        return other == null || compareTo(other) > 0;
    }

    /** The larger of two ballots, either may be {@code null}. */
    public static Ballot max(Ballot a, Ballot b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return timestamp + "@" + node;
    }
}
