package io.distdb.storage.hashlog;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.CompactionFilter;
import io.distdb.storage.Durability;
import io.distdb.storage.StoreLimits;
import java.util.Objects;

/**
 * Tuning of a {@link HashLogStore}. Defaults suit a data node; tests shrink {@code maxSegmentBytes} to force
 * roll-overs and turn {@code backgroundMerge} off to merge on demand.
 *
 * @param durability when a write is forced to disk before it is acknowledged
 * @param syncIntervalMillis how often the background thread fsyncs with {@link Durability#INTERVAL}
 * @param maxSegmentBytes the active segment rolls over once the next write would make it larger than this
 *     (a single write is never split, so one huge write may exceed it)
 * @param mergeTriggerDeadFraction background merge starts when dead bytes reach this fraction of the immutable
 *     segments' bytes
 * @param backgroundMerge whether merges are started automatically; {@link HashLogStore#merge()} always works
 * @param limits key and value size limits checked before anything is written
 * @param channels opens every file the engine reads or writes
 * @param compactionFilter asked, for every live value a merge would copy, whether to drop the key instead
 *     (no copy, no hint entry; the key is absent afterwards); {@code null} (the default) keeps every live value
 */
public record HashLogOptions(
        Durability durability,
        long syncIntervalMillis,
        long maxSegmentBytes,
        double mergeTriggerDeadFraction,
        boolean backgroundMerge,
        StoreLimits limits,
        ChannelFactory channels,
        CompactionFilter compactionFilter) {

    public HashLogOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(channels, "channels");
        if (durability == Durability.INTERVAL && syncIntervalMillis <= 0) {
            throw new IllegalArgumentException("syncIntervalMillis must be positive with INTERVAL durability");
        }
        if (maxSegmentBytes < 64) {
            throw new IllegalArgumentException("maxSegmentBytes must be at least 64: " + maxSegmentBytes);
        }
        if (!(mergeTriggerDeadFraction > 0 && mergeTriggerDeadFraction <= 1)) {
            throw new IllegalArgumentException("mergeTriggerDeadFraction must be in (0, 1]: " + mergeTriggerDeadFraction);
        }
    }

    public static HashLogOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.durability = durability;
        b.syncIntervalMillis = syncIntervalMillis;
        b.maxSegmentBytes = maxSegmentBytes;
        b.mergeTriggerDeadFraction = mergeTriggerDeadFraction;
        b.backgroundMerge = backgroundMerge;
        b.limits = limits;
        b.channels = channels;
        b.compactionFilter = compactionFilter;
        return b;
    }

    public static final class Builder {
        private Durability durability = Durability.SYNC;
        private long syncIntervalMillis = 100;
        private long maxSegmentBytes = 64L << 20;
        private double mergeTriggerDeadFraction = 0.5;
        private boolean backgroundMerge = true;
        private StoreLimits limits = StoreLimits.DEFAULT;
        private ChannelFactory channels = ChannelFactory.DEFAULT;
        private CompactionFilter compactionFilter;

        public Builder durability(Durability v) { durability = v; return this; }
        public Builder syncIntervalMillis(long v) { syncIntervalMillis = v; return this; }
        public Builder maxSegmentBytes(long v) { maxSegmentBytes = v; return this; }
        public Builder mergeTriggerDeadFraction(double v) { mergeTriggerDeadFraction = v; return this; }
        public Builder backgroundMerge(boolean v) { backgroundMerge = v; return this; }
        public Builder limits(StoreLimits v) { limits = v; return this; }
        public Builder channels(ChannelFactory v) { channels = v; return this; }
        public Builder compactionFilter(CompactionFilter v) { compactionFilter = v; return this; }

        public HashLogOptions build() {
            return new HashLogOptions(durability, syncIntervalMillis, maxSegmentBytes, mergeTriggerDeadFraction,
                    backgroundMerge, limits, channels, compactionFilter);
        }
    }
}
