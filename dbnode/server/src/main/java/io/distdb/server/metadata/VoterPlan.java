package io.distdb.server.metadata;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Who votes in the metadata group and who only listens, derived from the ring's members: three voters
 * (five from five NORMAL members up), chosen among NORMAL members, keeping the voters there are so that a
 * topology change moves as few votes as it can. Every other member of the topology listens. Pure, so the
 * founders of a group compute the same voters without talking to each other.
 */
public record VoterPlan(List<String> voters, List<String> listeners) {

    /** How many voters a cluster with {@code normal} NORMAL members has. */
    public static int voterCount(int normal) {
        return normal >= 5 ? 5 : Math.min(3, normal);
    }

    /** The plan for {@code members}, given the {@code current} voters (empty when founding). */
    public static VoterPlan of(Collection<Member> members, Set<String> current) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::id));
        List<String> normal = sorted.stream().filter(m -> m.state() == MemberState.NORMAL).map(Member::id).toList();
        int count = voterCount(normal.size());
        List<String> voters = new ArrayList<>();
        for (String id : normal) {
            if (voters.size() < count && current.contains(id)) {
                voters.add(id);
            }
        }
        for (String id : normal) {
            if (voters.size() < count && !voters.contains(id)) {
                voters.add(id);
            }
        }
        if (voters.isEmpty()) {
            // No NORMAL member (a moment in a topology change): keep the voters the group has.
            voters.addAll(current);
        }
        List<String> listeners = sorted.stream().map(Member::id).filter(id -> !voters.contains(id)).toList();
        voters.sort(Comparator.naturalOrder());
        return new VoterPlan(List.copyOf(voters), listeners);
    }

    /** Whether the group's current membership already is this plan. */
    public boolean matches(MetadataServer.Membership membership) {
        return Set.copyOf(voters).equals(membership.voters()) && Set.copyOf(listeners).equals(membership.listeners());
    }
}
