package io.distdb.server.replication;

import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalReplicaTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void clockNeverGoesBackwardsAndMovesPastWhatItSees() {
        AtomicLong wall = new AtomicLong(1_000);
        HybridClock clock = new HybridClock(wall::get);
        long a = clock.now();
        wall.set(500); // the wall clock steps back
        long b = clock.now();
        assertTrue(b > a);
        clock.observe(HybridClock.physicalMillis(a) + 10_000L << HybridClock.LOGICAL_BITS);
        long c = clock.now();
        assertTrue(HybridClock.physicalMillis(c) >= 11_000, "moved past the remote timestamp");
        wall.set(20_000);
        assertEquals(20_000, HybridClock.physicalMillis(clock.now()));
    }

    @Test
    void replicasConvergeWhateverOrderAndRepetitionTheWritesArriveIn() throws Exception {
        List<Versioned> writes = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            writes.add(i % 7 == 0 ? Versioned.tombstone(i * 10L) : Versioned.value(i * 10L, bytes("v" + i)));
        }
        writes.add(Versioned.value(400, bytes("same-timestamp-other-payload")));
        Versioned expected = writes.stream().reduce((x, y) -> y.supersedes(x) ? y : x).orElseThrow();
        Random random = new Random(5);
        for (int replica = 0; replica < 5; replica++) {
            List<Versioned> delivery = new ArrayList<>(writes);
            delivery.addAll(writes.subList(0, 10)); // duplicates: retries and repairs
            Collections.shuffle(delivery, random);
            try (KvStore store = LsmStore.open(dir.resolve("r" + replica),
                    LsmOptions.builder().durability(Durability.NONE).build())) {
                LocalReplica versioned = new LocalReplica(store, new HybridClock());
                for (Versioned write : delivery) {
                    versioned.apply(bytes("k"), write);
                }
                assertEquals(expected, versioned.read(bytes("k")), "replica " + replica);
            }
        }
    }

    @Test
    void aTombstoneKeepsAnOlderValueFromComingBack() throws Exception {
        try (KvStore store = LsmStore.open(dir.resolve("t"), LsmOptions.builder().durability(Durability.NONE).build())) {
            LocalReplica versioned = new LocalReplica(store, new HybridClock());
            assertTrue(versioned.apply(bytes("k"), Versioned.value(10, bytes("old"))));
            assertTrue(versioned.apply(bytes("k"), Versioned.tombstone(20)));
            assertFalse(versioned.apply(bytes("k"), Versioned.value(15, bytes("late replica"))));
            assertTrue(versioned.read(bytes("k")).tombstone());
            assertTrue(versioned.apply(bytes("k"), Versioned.value(30, bytes("new"))));
            assertArrayEquals(bytes("new"), versioned.read(bytes("k")).payload());
        }
    }
}
