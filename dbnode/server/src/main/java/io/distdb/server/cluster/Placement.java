package io.distdb.server.cluster;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.Topology;
import io.distdb.server.ring.Ring;
import io.distdb.server.ring.TokenRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where every token lives under one topology. A topology in transition has two rings: the <em>read</em>
 * ring of the members that hold data now (NORMAL and LEAVING) and the <em>write</em> ring of the members
 * that will hold it (NORMAL and JOINING). Reads go to the read ring until the next, settled topology;
 * writes go to both, and the replicas only the write ring has are <em>pending</em> (Cassandra's pending
 * endpoints): they count toward the acknowledgement on top of the consistency level, so that a write is
 * on enough replicas whichever ring ends up owning the range. Immutable.
 */
public final class Placement {

    private final Topology topology;
    private final Map<String, Member> members;
    private final Ring readRing;
    private final Ring writeRing;
    private final int replicationFactor;

    private Placement(Topology topology) {
        this.topology = topology;
        this.members = topology.members().stream().collect(Collectors.toMap(Member::id, Function.identity(), (a, b) -> a, TreeMap::new));
        this.readRing = Ring.of(ids(topology, MemberState.NORMAL, MemberState.LEAVING), topology.vnodes());
        this.writeRing = Ring.of(ids(topology, MemberState.NORMAL, MemberState.JOINING), topology.vnodes());
        this.replicationFactor = topology.replicationFactor();
    }

    public static Placement of(Topology topology) {
        return new Placement(topology);
    }

    private static List<String> ids(Topology topology, MemberState... states) {
        Set<MemberState> wanted = Set.of(states);
        return topology.members().stream().filter(m -> wanted.contains(m.state())).map(Member::id).toList();
    }

    public Topology topology() {
        return topology;
    }

    public long epoch() {
        return topology.epoch();
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    /** No member is joining or leaving: the read and write rings are the same. */
    public boolean isSettled() {
        return topology.members().stream().allMatch(m -> m.state() == MemberState.NORMAL);
    }

    public Member member(String id) {
        return members.get(id);
    }

    /** Every member, sorted by id. */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /** The replicas that serve reads of {@code token}, primary first. */
    public List<String> readReplicas(long token) {
        return readRing.replicas(token, replicationFactor);
    }

    /** The replicas that take writes of {@code token}. */
    public WriteTargets writeTargets(long token) {
        List<String> natural = readRing.replicas(token, replicationFactor);
        if (isSettled()) {
            return new WriteTargets(natural, List.of());
        }
        List<String> pending = new ArrayList<>();
        for (String id : writeRing.replicas(token, replicationFactor)) {
            if (!natural.contains(id)) {
                pending.add(id);
            }
        }
        return new WriteTargets(natural, pending);
    }

    /** Whether {@code memberId} holds {@code token} in either ring. */
    public boolean owns(String memberId, long token) {
        return readRing.replicas(token, replicationFactor).contains(memberId)
                || writeRing.replicas(token, replicationFactor).contains(memberId);
    }

    /** The members a query that spans partitions must ask: the read ring. */
    public List<String> readMembers() {
        return readRing.members();
    }

    /** The read ring's ranges, for checking that a scattered query heard from enough replicas of each. */
    public List<TokenRange> readRanges() {
        return readRing.ranges();
    }

    /**
     * The ranges whose replicas differ between the read ring and the write ring, each with both replica
     * sets: what a rebalance has to move. Empty when settled.
     */
    public List<Transfer> transfers() {
        if (isSettled() || readRing.isEmpty() || writeRing.isEmpty()) {
            return List.of();
        }
        long[] bounds = mergedTokens(readRing.tokens(), writeRing.tokens());
        List<Transfer> transfers = new ArrayList<>();
        for (int k = 0; k < bounds.length; k++) {
            long end = bounds[k];
            long start = bounds[(k + bounds.length - 1) % bounds.length];
            List<String> from = readRing.replicas(end, replicationFactor);
            List<String> to = writeRing.replicas(end, replicationFactor);
            if (!new LinkedHashSet<>(from).equals(new LinkedHashSet<>(to))) {
                transfers.add(new Transfer(new TokenRange(start, end), from, to));
            }
        }
        return transfers;
    }

    private static long[] mergedTokens(long[] a, long[] b) {
        long[] all = new long[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    /** The replicas a write must reach: the natural ones and, during a move, the pending ones. */
    public record WriteTargets(List<String> natural, List<String> pending) {

        public List<String> all() {
            if (pending.isEmpty()) {
                return natural;
            }
            List<String> all = new ArrayList<>(natural);
            all.addAll(pending);
            return all;
        }
    }

    /**
     * One range whose replicas change: it moves from {@code from} to {@code to}. The members that gain it
     * are streamed to by the members that lose it, paired in id order (Cassandra's strict source choice:
     * the loser's copy, not any copy, keeps quorum intersection across the move); if more members gain it
     * than lose it, the remaining ones are streamed to by the first member that keeps it.
     */
    public record Transfer(TokenRange range, List<String> from, List<String> to) {

        public List<String> gaining() {
            return to.stream().filter(id -> !from.contains(id)).sorted().toList();
        }

        public List<String> losing() {
            return from.stream().filter(id -> !to.contains(id)).sorted().toList();
        }

        /** The member that streams this range to {@code target}. */
        public String sourceFor(String target) {
            List<String> gaining = gaining();
            List<String> losing = losing();
            int i = gaining.indexOf(target);
            if (i < 0) {
                throw new IllegalArgumentException(target + " does not gain " + range);
            }
            if (i < losing.size()) {
                return losing.get(i);
            }
            return from.stream().filter(to::contains).findFirst().orElse(from.get(0));
        }
    }
}
