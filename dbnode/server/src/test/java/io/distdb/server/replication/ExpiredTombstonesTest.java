package io.distdb.server.replication;

import io.distdb.server.store.Namespace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiredTombstonesTest {

    private static final long NOW = 1_800_000_000_000L;

    private final AtomicLong wall = new AtomicLong(NOW);
    private final ExpiredTombstones filter = new ExpiredTombstones(Duration.ofHours(1), wall::get);

    private static long at(long millis) {
        return millis << HybridClock.LOGICAL_BITS | 7;
    }

    private static byte[] kvKey() {
        return Namespace.KV.key().raw(new byte[] {1, 2}).build();
    }

    @Test
    void dropsReplicatedTombstonesOnlyOnceTheGracePeriodHasPassed() {
        byte[] tombstone = Versioned.tombstone(at(NOW - Duration.ofMinutes(59).toMillis())).encode();
        assertFalse(filter.dropAtBottom(kvKey(), tombstone), "within the grace period");
        wall.addAndGet(Duration.ofMinutes(2).toMillis());
        assertTrue(filter.dropAtBottom(kvKey(), tombstone), "past the grace period");
    }

    @Test
    void neverDropsValuesOrTheNodesOwnState() {
        long old = at(NOW - Duration.ofDays(30).toMillis());
        assertFalse(filter.dropAtBottom(kvKey(), Versioned.value(old, new byte[0]).encode()), "an empty value is no tombstone");
        assertFalse(filter.dropAtBottom(kvKey(), Versioned.value(old, new byte[] {1}).encode()), "a value");
        byte[] tombstone = Versioned.tombstone(old).encode();
        assertFalse(filter.dropAtBottom(Namespace.META.key().raw(new byte[] {1}).build(), tombstone), "META is the node's own");
        assertFalse(filter.dropAtBottom(Namespace.PAXOS.key().raw(new byte[] {1}).build(), tombstone), "PAXOS is the node's own");
        assertFalse(filter.dropAtBottom(kvKey(), new byte[] {9, 9}), "not a versioned value");
    }

    @Test
    void aNegativeGracePeriodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiredTombstones(Duration.ofSeconds(-1), wall::get));
    }
}
