package io.distdb.server.ring;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingTest {

    private static final int VNODES = 256;
    private static final int KEYS = 200_000;

    private static byte[] key(int i) {
        return ("user" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyNodeDerivesTheSameRingFromTheSameMembers() {
        Ring a = Ring.of(List.of("n0", "n1", "n2", "n3"), 32);
        Ring b = Ring.of(List.of("n3", "n1", "n0", "n2"), 32);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long token = random.nextLong();
            assertEquals(a.replicas(token, 3), b.replicas(token, 3));
        }
    }

    @Test
    void replicasAreDistinctMembersPrimaryFirst() {
        Ring ring = Ring.of(List.of("n0", "n1", "n2", "n3", "n4"), 8);
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            long token = random.nextLong();
            List<String> replicas = ring.replicas(token, 3);
            assertEquals(3, new HashSet<>(replicas).size());
            assertEquals(ring.replicas(token, 1).get(0), replicas.get(0));
            assertEquals(replicas, ring.replicas(token, 5).subList(0, 3));
        }
        assertEquals(2, Ring.of(List.of("a", "b"), 4).replicas(1, 3).size());
        assertTrue(Ring.of(List.of(), 4).replicas(1, 3).isEmpty());
    }

    @Test
    void rangesCoverTheTokenSpaceOnceAndAgreeWithReplicas() {
        Ring ring = Ring.of(List.of("n0", "n1", "n2"), 16);
        List<TokenRange> ranges = ring.ranges();
        double total = ranges.stream().mapToDouble(TokenRange::fraction).sum();
        assertEquals(1.0, total, 1e-9);
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            long token = random.nextLong();
            long containing = ranges.stream().filter(r -> r.contains(token)).count();
            assertEquals(1, containing, "token " + token);
        }
        // A range's tokens all have the replicas of its end token.
        for (TokenRange range : ranges) {
            assertEquals(ring.replicas(range.end(), 2), ring.replicas(range.end() - 1 == range.start() ? range.end() : range.end() - 1, 2));
        }
        TokenRange whole = Ring.of(List.of("solo"), 1).ranges().get(0);
        assertTrue(whole.contains(Long.MIN_VALUE) && whole.contains(Long.MAX_VALUE) && whole.contains(0));
    }

    /** Adding two nodes to three moves about 2/5 of the keys, and leaves every node near the mean share. */
    @Test
    void growingFromThreeToFiveNodesMovesTheIdealShareAndStaysBalanced() {
        Ring before = Ring.of(List.of("distdb-0", "distdb-1", "distdb-2"), VNODES);
        Ring after = Ring.of(List.of("distdb-0", "distdb-1", "distdb-2", "distdb-3", "distdb-4"), VNODES);
        int moved = 0;
        Map<String, Integer> share = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            long token = Tokens.of(key(i));
            String oldOwner = before.replicas(token, 1).get(0);
            String newOwner = after.replicas(token, 1).get(0);
            if (!oldOwner.equals(newOwner)) {
                moved++;
            }
            share.merge(newOwner, 1, Integer::sum);
        }
        double movedShare = (double) moved / KEYS;
        double ideal = 2.0 / 5.0;
        double mean = (double) KEYS / after.members().size();
        double worst = share.values().stream().mapToDouble(c -> Math.abs(c - mean) / mean).max().orElseThrow();
        System.out.printf("3 -> 5 nodes, %d vnodes, %d keys: moved %.1f%% of keys (ideal %.1f%%, off by %.1f%% of ideal); "
                        + "largest deviation of a node's share from the mean %.1f%%; shares %s%n",
                VNODES, KEYS, 100 * movedShare, 100 * ideal, 100 * Math.abs(movedShare - ideal) / ideal, 100 * worst, share);
        assertTrue(Math.abs(movedShare - ideal) / ideal <= 0.10, "moved share " + movedShare);
        assertTrue(worst <= 0.20, "worst deviation " + worst);
    }
}
