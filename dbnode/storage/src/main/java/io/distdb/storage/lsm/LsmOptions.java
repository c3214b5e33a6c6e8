package io.distdb.storage.lsm;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.CompactionFilter;
import io.distdb.storage.Durability;
import io.distdb.storage.StoreLimits;

/**
 * Tuning of an {@link LsmStore}. Defaults suit a data node; tests shrink the sizes to force flushes and compactions.
 *
 * @param compression how data blocks of newly written tables are stored (default {@link Compression#LZ4});
 *     tables written under either setting stay readable
 * @param maxOpenTables how many tables may be open at once (file handle, index block and Bloom filter in
 *     memory); the least recently used unpinned one is closed to open another (default 500, minimum 1)
 * @param compactionFilter asked, during compactions into the bottom level of a key, whether the key's newest
 *     value may be dropped with its older versions; {@code null} (the default) drops nothing beyond what the
 *     engine itself drops
 */
public record LsmOptions(
        Durability durability,
        long syncIntervalMillis,
        long memtableBytes,
        int maxImmutableMemtables,
        int blockBytes,
        int blockRestartInterval,
        int bloomBitsPerKey,
        long blockCacheBytes,
        long tableTargetBytes,
        long levelOneBytes,
        int levelSizeMultiplier,
        int levelZeroCompactionTrigger,
        int levelZeroStopTrigger,
        boolean backgroundCompaction,
        StoreLimits limits,
        ChannelFactory channels,
        Compression compression,
        int maxOpenTables,
        CompactionFilter compactionFilter) {

    public static final int MAX_LEVELS = 7;

    public LsmOptions {
        if (memtableBytes < 1024) {
            throw new IllegalArgumentException("memtableBytes must be at least 1024: " + memtableBytes);
        }
        if (blockBytes < 64 || blockRestartInterval < 1 || bloomBitsPerKey < 0 || blockCacheBytes < 0) {
            throw new IllegalArgumentException("invalid table options");
        }
        if (maxImmutableMemtables < 1 || levelZeroCompactionTrigger < 1 || levelZeroStopTrigger < levelZeroCompactionTrigger) {
            throw new IllegalArgumentException("invalid flush or compaction triggers");
        }
        if (levelSizeMultiplier < 2 || tableTargetBytes < 1024 || levelOneBytes < tableTargetBytes) {
            throw new IllegalArgumentException("invalid level sizes");
        }
        if (compression == null) {
            throw new IllegalArgumentException("compression must not be null");
        }
        if (maxOpenTables < 1) {
            throw new IllegalArgumentException("maxOpenTables must be at least 1: " + maxOpenTables);
        }
        if (durability == Durability.INTERVAL && syncIntervalMillis <= 0) {
            throw new IllegalArgumentException("syncIntervalMillis must be positive with INTERVAL durability");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.durability = durability;
        b.syncIntervalMillis = syncIntervalMillis;
        b.memtableBytes = memtableBytes;
        b.maxImmutableMemtables = maxImmutableMemtables;
        b.blockBytes = blockBytes;
        b.blockRestartInterval = blockRestartInterval;
        b.bloomBitsPerKey = bloomBitsPerKey;
        b.blockCacheBytes = blockCacheBytes;
        b.tableTargetBytes = tableTargetBytes;
        b.levelOneBytes = levelOneBytes;
        b.levelSizeMultiplier = levelSizeMultiplier;
        b.levelZeroCompactionTrigger = levelZeroCompactionTrigger;
        b.levelZeroStopTrigger = levelZeroStopTrigger;
        b.backgroundCompaction = backgroundCompaction;
        b.limits = limits;
        b.channels = channels;
        b.compression = compression;
        b.maxOpenTables = maxOpenTables;
        b.compactionFilter = compactionFilter;
        return b;
    }

    public static final class Builder {
        private Durability durability = Durability.SYNC;
        private long syncIntervalMillis = 100;
        private long memtableBytes = 64L << 20;
        private int maxImmutableMemtables = 2;
        private int blockBytes = 4096;
        private int blockRestartInterval = 16;
        private int bloomBitsPerKey = 10;
        private long blockCacheBytes = 64L << 20;
        private long tableTargetBytes = 16L << 20;
        private long levelOneBytes = 128L << 20;
        private int levelSizeMultiplier = 10;
        private int levelZeroCompactionTrigger = 4;
        private int levelZeroStopTrigger = 12;
        private boolean backgroundCompaction = true;
        private StoreLimits limits = StoreLimits.DEFAULT;
        private ChannelFactory channels = ChannelFactory.DEFAULT;
        private Compression compression = Compression.LZ4;
        private int maxOpenTables = 500;
        private CompactionFilter compactionFilter;

        public Builder durability(Durability v) { durability = v; return this; }
        public Builder syncIntervalMillis(long v) { syncIntervalMillis = v; return this; }
        public Builder memtableBytes(long v) { memtableBytes = v; return this; }
        public Builder maxImmutableMemtables(int v) { maxImmutableMemtables = v; return this; }
        public Builder blockBytes(int v) { blockBytes = v; return this; }
        public Builder blockRestartInterval(int v) { blockRestartInterval = v; return this; }
        public Builder bloomBitsPerKey(int v) { bloomBitsPerKey = v; return this; }
        public Builder blockCacheBytes(long v) { blockCacheBytes = v; return this; }
        public Builder tableTargetBytes(long v) { tableTargetBytes = v; return this; }
        public Builder levelOneBytes(long v) { levelOneBytes = v; return this; }
        public Builder levelSizeMultiplier(int v) { levelSizeMultiplier = v; return this; }
        public Builder levelZeroCompactionTrigger(int v) { levelZeroCompactionTrigger = v; return this; }
        public Builder levelZeroStopTrigger(int v) { levelZeroStopTrigger = v; return this; }
        public Builder backgroundCompaction(boolean v) { backgroundCompaction = v; return this; }
        public Builder limits(StoreLimits v) { limits = v; return this; }
        public Builder channels(ChannelFactory v) { channels = v; return this; }
        public Builder compression(Compression v) { compression = v; return this; }
        public Builder maxOpenTables(int v) { maxOpenTables = v; return this; }
        public Builder compactionFilter(CompactionFilter v) { compactionFilter = v; return this; }

        public LsmOptions build() {
            return new LsmOptions(durability, syncIntervalMillis, memtableBytes, maxImmutableMemtables, blockBytes,
                    blockRestartInterval, bloomBitsPerKey, blockCacheBytes, tableTargetBytes, levelOneBytes,
                    levelSizeMultiplier, levelZeroCompactionTrigger, levelZeroStopTrigger, backgroundCompaction,
                    limits, channels, compression, maxOpenTables, compactionFilter);
        }
    }
}
