package io.distdb.server.cluster;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.Topology;
import io.distdb.server.ring.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTest {

    private static Topology topology(long epoch, int rf, MemberState added, String... ids) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            members.add(new Member(ids[i], "h" + i + ":9090", i < 3 ? MemberState.NORMAL : added));
        }
        return new Topology(epoch, rf, 32, members);
    }

    private static long token(int i) {
        return Tokens.of(("key-" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whileMembersJoinWritesReachOldAndNewOwnersAndReadsStayOnTheOld() {
        Placement settled = Placement.of(topology(1, 3, MemberState.NORMAL, "a", "b", "c"));
        Placement joining = Placement.of(topology(2, 3, MemberState.JOINING, "a", "b", "c", "d", "e"));
        Placement done = Placement.of(topology(3, 3, MemberState.NORMAL, "a", "b", "c", "d", "e"));
        int withPending = 0;
        for (int i = 0; i < 2000; i++) {
            long t = token(i);
            assertEquals(settled.readReplicas(t), joining.readReplicas(t), "reads stay on the old owners during the move");
            Placement.WriteTargets targets = joining.writeTargets(t);
            assertEquals(settled.readReplicas(t), targets.natural());
            Set<String> union = new HashSet<>(targets.all());
            assertTrue(union.containsAll(done.readReplicas(t)), "writes also reach every future owner");
            assertFalse(targets.pending().stream().anyMatch(targets.natural()::contains));
            withPending += targets.pending().isEmpty() ? 0 : 1;
        }
        assertTrue(withPending > 0);
        assertTrue(done.writeTargets(token(1)).pending().isEmpty());
    }

    @Test
    void everyGainedReplicaHasExactlyOneSourceThatHoldsTheRangeNow() {
        Placement joining = Placement.of(topology(2, 3, MemberState.JOINING, "a", "b", "c", "d", "e"));
        assertFalse(joining.transfers().isEmpty());
        for (Placement.Transfer transfer : joining.transfers()) {
            for (String target : transfer.gaining()) {
                String source = transfer.sourceFor(target);
                assertTrue(transfer.from().contains(source), "streams come from a current owner");
                assertFalse(transfer.to().contains(source) && !transfer.losing().isEmpty(),
                        "while some owner loses the range, that one streams it");
            }
        }
        Placement leaving = Placement.of(new Topology(2, 3, 32, List.of(
                new Member("a", "h:1", MemberState.NORMAL), new Member("b", "h:2", MemberState.NORMAL),
                new Member("c", "h:3", MemberState.NORMAL), new Member("d", "h:4", MemberState.LEAVING))));
        for (Placement.Transfer transfer : leaving.transfers()) {
            assertEquals(List.of("d"), transfer.losing());
            assertEquals("d", transfer.sourceFor(transfer.gaining().get(0)), "a leaving node hands over its own ranges");
        }
    }
}
