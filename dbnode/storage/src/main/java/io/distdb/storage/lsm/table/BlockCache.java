package io.distdb.storage.lsm.table;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A size-bounded LRU cache of decoded data blocks shared by every table of a store. Split into shards,
 * each with its own lock, so concurrent readers rarely wait for each other.
 */
public final class BlockCache {

    private static final int SHARDS = 16;

    private final Shard[] shards = new Shard[SHARDS];

    public BlockCache(long capacityBytes) {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(capacityBytes / SHARDS);
        }
    }

    /**
     * The cache key of a block: file number and offset packed into one long, then mixed (an odd multiply
     * and an xor-shift, both invertible, so keys stay unique). Unmixed, keys of different files differ
     * only in high bits that {@code Long.hashCode} folds onto the offsets' low bits, and the shards' hash
     * bins degrade into trees.
     */
    public static long key(long fileNumber, long blockOffset) {
        long packed = (fileNumber << 40) ^ blockOffset;
        long mixed = packed * 0x9E3779B97F4A7C15L;
        return mixed ^ (mixed >>> 29);
    }

    public Block get(long key) {
        return shard(key).get(key);
    }

    /**
     * The block if cached, else {@code null}, without counting a miss: a memory-only probe that misses is
     * followed by a {@link #get} that counts it.
     */
    public Block peek(long key) {
        return shard(key).peek(key);
    }

    public void put(long key, Block block) {
        shard(key).put(key, block);
    }

    public long usedBytes() {
        long used = 0;
        for (Shard s : shards) {
            used += s.usedBytes();
        }
        return used;
    }

    public long hits() {
        long n = 0;
        for (Shard s : shards) {
            n += s.hits;
        }
        return n;
    }

    public long misses() {
        long n = 0;
        for (Shard s : shards) {
            n += s.misses;
        }
        return n;
    }

    private Shard shard(long key) {
        return shards[(int) (key >>> 60) & (SHARDS - 1)];
    }

    private static final class Shard {
        private final long capacity;
        private final LinkedHashMap<Long, Block> map = new LinkedHashMap<>(256, 0.75f, true);
        private long used;
        private long hits;
        private long misses;

        Shard(long capacity) {
            this.capacity = capacity;
        }

        synchronized Block get(long key) {
            Block b = map.get(key);
            if (b == null) {
                misses++;
            } else {
                hits++;
            }
            return b;
        }

        synchronized Block peek(long key) {
            Block b = map.get(key);
            if (b != null) {
                hits++;
            }
            return b;
        }

        synchronized void put(long key, Block block) {
            if (block.sizeInBytes() > capacity) {
                return;
            }
            Block old = map.put(key, block);
            if (old != null) {
                used -= old.sizeInBytes();
            }
            used += block.sizeInBytes();
            var it = map.entrySet().iterator();
            while (used > capacity && it.hasNext()) {
                Map.Entry<Long, Block> eldest = it.next();
                used -= eldest.getValue().sizeInBytes();
                it.remove();
            }
        }

        synchronized long usedBytes() {
            return used;
        }
    }
}
