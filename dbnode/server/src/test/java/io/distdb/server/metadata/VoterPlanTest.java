package io.distdb.server.metadata;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VoterPlanTest {

    private static List<Member> members(MemberState state, String... ids) {
        List<Member> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new Member(id, id + ":9090", state));
        }
        return out;
    }

    @Test
    void threeVotersUpToFourNormalMembersAndFiveFromFive() {
        assertEquals(List.of("a"), VoterPlan.of(members(MemberState.NORMAL, "a"), Set.of()).voters());
        assertEquals(List.of("a", "b", "c"), VoterPlan.of(members(MemberState.NORMAL, "d", "c", "b", "a"), Set.of()).voters());
        VoterPlan five = VoterPlan.of(members(MemberState.NORMAL, "a", "b", "c", "d", "e", "f"), Set.of("a", "b", "c"));
        assertEquals(List.of("a", "b", "c", "d", "e"), five.voters());
        assertEquals(List.of("f"), five.listeners());
    }

    @Test
    void joiningMembersListenAndLeavingVotersHandTheirVotesToNormalMembers() {
        List<Member> growing = new ArrayList<>(members(MemberState.NORMAL, "a", "b", "c"));
        growing.addAll(members(MemberState.JOINING, "d", "e"));
        VoterPlan plan = VoterPlan.of(growing, Set.of("a", "b", "c"));
        assertEquals(List.of("a", "b", "c"), plan.voters());
        assertEquals(List.of("d", "e"), plan.listeners());

        List<Member> shrinking = new ArrayList<>(members(MemberState.LEAVING, "a", "b"));
        shrinking.addAll(members(MemberState.NORMAL, "c", "d", "e"));
        plan = VoterPlan.of(shrinking, Set.of("a", "b", "c", "d", "e"));
        assertEquals(List.of("c", "d", "e"), plan.voters());
        assertEquals(List.of("a", "b"), plan.listeners());
    }

    @Test
    void theVotersThereAreKeepTheirVotesSoAChangeMovesAsFewAsItCan() {
        VoterPlan plan = VoterPlan.of(members(MemberState.NORMAL, "a", "b", "c", "d"), Set.of("b", "c", "d"));
        assertEquals(List.of("b", "c", "d"), plan.voters());
        assertEquals(List.of("a"), plan.listeners());
    }
}
