package io.distdb.storage.lsm.table;

import io.distdb.storage.lsm.InternalKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's index block decoded once at open into arrays: the last key of every data block and where the
 * block lies. A lookup is one binary search with no decoding and no allocation.
 */
final class BlockIndex {

    private final byte[][] lastKeys;
    private final long[] offsets;
    private final int[] sizes;

    BlockIndex(Block indexBlock) {
        List<byte[]> keys = new ArrayList<>();
        List<BlockHandle> handles = new ArrayList<>();
        Block.BlockIterator it = indexBlock.iterator();
        for (it.seekToFirst(); it.valid(); it.next()) {
            keys.add(it.key());
            handles.add(BlockHandle.decode(it.value()));
        }
        lastKeys = keys.toArray(new byte[0][]);
        offsets = new long[handles.size()];
        sizes = new int[handles.size()];
        for (int i = 0; i < handles.size(); i++) {
            offsets[i] = handles.get(i).offset();
            sizes[i] = handles.get(i).size();
        }
    }

    int blockCount() {
        return lastKeys.length;
    }

    /** The first block whose last key is {@code >= target}, or {@link #blockCount()} if none. */
    int find(byte[] target) {
        int lo = 0;
        int hi = lastKeys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compare(lastKeys[mid], target) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long offset(int block) {
        return offsets[block];
    }

    int size(int block) {
        return sizes[block];
    }

    long memoryBytes() {
        long total = 16L * lastKeys.length + 12L * lastKeys.length;
        for (byte[] k : lastKeys) {
            total += k.length;
        }
        return total;
    }
}
