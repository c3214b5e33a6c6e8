package io.distdb.server.metrics;

import io.distdb.storage.StoreStats;

import java.util.function.Supplier;

/**
 * The LSM engine's counters, taken once per scrape rather than once per metric: a scrape reads twenty-odd values
 * within a few milliseconds, and each {@code stats()} call walks the levels and the caches' shards. Short-lived,
 * so the next scrape (seconds later) sees fresh values.
 */
final class StorageStatsCache {

    private static final long MAX_AGE_NANOS = 100_000_000L;

    private final Supplier<StoreStats> source;
    private StoreStats stats;
    private long takenNanos;

    StorageStatsCache(Supplier<StoreStats> source) {
        this.source = source;
    }

    synchronized long get(String counter) {
        long now = System.nanoTime();
        if (stats == null || now - takenNanos > MAX_AGE_NANOS) {
            stats = source.get();
            takenNanos = now;
        }
        return stats.get(counter);
    }
}
