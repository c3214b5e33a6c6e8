package io.distdb.server.metrics;

import io.distdb.server.store.NodeStorage;
import io.distdb.storage.lsm.LsmOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * The storage engines' state and work, read from their stats at scrape time, and the latency of their log
 * fsyncs, which the engines report through a listener as they happen.
 */
@Singleton
public class StorageMetrics implements MeterBinder {

    private final NodeStorage storage;
    // Fields, not locals: Micrometer's gauges and function counters hold their state object only weakly.
    private final StorageStatsCache stats;
    private final StorageStatsCache hashLog;

    public StorageMetrics(NodeStorage storage) {
        this.storage = storage;
        this.stats = new StorageStatsCache(storage::lsmStats);
        this.hashLog = new StorageStatsCache(() -> storage.hashLogStats().orElseThrow());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "distdb.lsm.memtable", "memtableBytes", "bytes", "Bytes in the active memtable");
        gauge(registry, "distdb.lsm.memtables.immutable", "immutableMemtables", null, "Full memtables waiting to be flushed");
        gauge(registry, "distdb.lsm.tables.size", "tableBytes", "bytes", "Bytes of every table of every level");
        for (int level = 0; level < LsmOptions.MAX_LEVELS; level++) {
            String counter = "level" + level + ".tables";
            Gauge.builder("distdb.lsm.tables", stats, s -> s.get(counter))
                    .description("Tables per level")
                    .tag("level", Integer.toString(level))
                    .register(registry);
        }
        gauge(registry, "distdb.lsm.compactions.pending", "pendingCompactions", null,
                "Levels over their size budget, each waiting for a compaction");
        counter(registry, "distdb.lsm.compactions", "compactions", null, "Compactions finished");
        counter(registry, "distdb.lsm.compaction.read", "compactionBytesRead", "bytes", "Bytes compactions read");
        counter(registry, "distdb.lsm.compaction.written", "compactionBytesWritten", "bytes", "Bytes compactions wrote");
        counter(registry, "distdb.lsm.flushes", "flushes", null, "Memtables flushed to level-0 tables");
        counter(registry, "distdb.lsm.write.stalls", "writeStalls", null, "Writes that waited for a flush or compaction");
        gauge(registry, "distdb.lsm.block.cache.size", "blockCacheBytes", "bytes", "Bytes of decoded blocks in the block cache");
        counter(registry, "distdb.lsm.block.cache.hits", "blockCacheHits", null, "Block reads served by the block cache");
        counter(registry, "distdb.lsm.block.cache.misses", "blockCacheMisses", null, "Block reads that went to disk");
        counter(registry, "distdb.lsm.bloom.filter.useful", "bloomFilterSkips", null,
                "Point lookups a table's Bloom filter answered alone (the key is not there), saving a block read");
        counter(registry, "distdb.lsm.bloom.filter.false.positives", "bloomFilterFalsePositives", null,
                "Point lookups a table's Bloom filter let through to a table without the key");
        if (storage.hashLogStats().isPresent()) {
            bindHashLog(registry);
        }
        Timer lsmSyncs = fsyncTimer(registry, "lsm");
        Timer hashLogSyncs = fsyncTimer(registry, "hashlog");
        storage.onLogSync(nanos -> lsmSyncs.record(nanos, TimeUnit.NANOSECONDS),
                nanos -> hashLogSyncs.record(nanos, TimeUnit.NANOSECONDS));
    }

    /** The hash log that holds the key-value entries (the default engine for them). */
    private void bindHashLog(MeterRegistry registry) {
        Gauge.builder("distdb.hashlog.keys", hashLog, s -> s.get("liveKeys"))
                .description("Live keys in the hash log").register(registry);
        Gauge.builder("distdb.hashlog.disk", hashLog, s -> s.get("diskBytes"))
                .description("Bytes of the hash log's segments and hint files").baseUnit("bytes").register(registry);
        Gauge.builder("distdb.hashlog.dead", hashLog, s -> s.get("deadBytes"))
                .description("Bytes of overwritten or deleted records a merge would reclaim").baseUnit("bytes").register(registry);
        FunctionCounter.builder("distdb.hashlog.merges", hashLog, s -> s.get("merges"))
                .description("Merges of the hash log's segments").register(registry);
    }

    private static Timer fsyncTimer(MeterRegistry registry, String engine) {
        return Timer.builder("distdb.wal.fsync.duration")
                .description("Latency of the engines' log fsyncs (with durability=sync; none with durability=none)")
                .tag("engine", engine)
                .serviceLevelObjectives(LatencyBuckets.FSYNC)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String counter, String unit, String description) {
        Gauge.builder(name, stats, s -> s.get(counter)).description(description).baseUnit(unit).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String counter, String unit, String description) {
        FunctionCounter.builder(name, stats, s -> s.get(counter)).description(description).baseUnit(unit).register(registry);
    }
}
