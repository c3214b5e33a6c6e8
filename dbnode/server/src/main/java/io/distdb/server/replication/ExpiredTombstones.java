package io.distdb.server.replication;

import io.distdb.server.config.NodeConfig;
import io.distdb.server.store.Namespace;
import io.distdb.server.store.ExpiryPolicy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets the engines drop replicated tombstones once they are older than the grace period
 * ({@code distdb.storage.tombstone-grace}), when they rewrite the key's oldest data (the LSM's bottom
 * level, the hash log's merge). Until then a tombstone is kept so that a replica which missed the delete
 * learns it, by hinted handoff, read repair or streaming, instead of handing the old value back. The
 * node's own namespaces (META, PAXOS) hold no replicated values and are never touched.
 */
@Singleton
public class ExpiredTombstones implements ExpiryPolicy {

    private final long graceMillis;
    private final LongSupplier wallMillis;

    @Inject
    public ExpiredTombstones(NodeConfig config) {
        this(config.storage().tombstoneGrace(), System::currentTimeMillis);
    }

    ExpiredTombstones(Duration grace, LongSupplier wallMillis) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("distdb.storage.tombstone-grace must not be negative: " + grace);
        }
        this.graceMillis = grace.toMillis();
        this.wallMillis = wallMillis;
    }

    public Duration grace() {
        return Duration.ofMillis(graceMillis);
    }

    @Override
    public boolean dropAtBottom(byte[] key, byte[] value) {
        if (key.length == 0 || (key[0] & 0xFF) <= (Namespace.PAXOS.tag() & 0xFF)) {
            return false;
        }
        long cutoff = (wallMillis.getAsLong() - graceMillis) << HybridClock.LOGICAL_BITS;
        return Versioned.isTombstoneBefore(value, cutoff);
    }
}
