package io.distdb.storage.lsm.table;

import io.distdb.storage.lsm.InternalIterator;
import java.nio.file.Path;

/**
 * Walks a table: the index picks the data block, the data block's iterator walks the entries. The table
 * is pinned in the {@link TableCache} only while its index is consulted or a block loaded: a block, once
 * loaded, is plain memory, so an idle iterator holds no open file.
 */
final class TableIterator implements InternalIterator {

    private final TableCache cache;
    private final long number;
    private final Path path;
    private int blockCount = -1;
    private int block = -1;
    private Block.BlockIterator data;

    TableIterator(TableCache cache, long number, Path path) {
        this.cache = cache;
        this.number = number;
        this.path = path;
    }

    /** Loads block {@code index}, or, with {@code seekTarget}, the block that may hold it. */
    private void loadBlock(int index, byte[] seekTarget) {
        TableCache.Entry e = cache.acquire(number, path);
        try {
            Table table = e.table();
            blockCount = table.blockCount();
            if (seekTarget != null) {
                index = table.findBlock(seekTarget);
            } else if (index == Integer.MAX_VALUE) {
                index = blockCount - 1;
            }
            block = index;
            data = index >= 0 && index < blockCount ? table.dataBlock(index).iterator() : null;
        } finally {
            e.release();
        }
    }

    private void loadBlock(int index) {
        if (index < 0 || (blockCount >= 0 && index >= blockCount)) {
            block = index;
            data = null;
            return;
        }
        loadBlock(index, null);
    }

    @Override
    public boolean valid() {
        return data != null && data.valid();
    }

    @Override
    public void seekToFirst() {
        loadBlock(0);
        if (data != null) {
            data.seekToFirst();
        }
        skipEmptyForward();
    }

    @Override
    public void seekToLast() {
        loadBlock(Integer.MAX_VALUE, null);
        if (data != null) {
            data.seekToLast();
        }
        skipEmptyBackward();
    }

    @Override
    public void seek(byte[] target) {
        loadBlock(0, target);
        if (data != null) {
            data.seek(target);
        }
        skipEmptyForward();
    }

    @Override
    public void seekForPrev(byte[] target) {
        // The block whose last key is >= target holds the answer, unless every key there is > target.
        loadBlock(0, target);
        if (data == null) {
            seekToLast();
            return;
        }
        data.seekForPrev(target);
        skipEmptyBackward();
    }

    @Override
    public void next() {
        data.next();
        skipEmptyForward();
    }

    @Override
    public void prev() {
        data.prev();
        skipEmptyBackward();
    }

    private void skipEmptyForward() {
        while (data != null && !data.valid()) {
            loadBlock(block + 1);
            if (data != null) {
                data.seekToFirst();
            }
        }
    }

    private void skipEmptyBackward() {
        while (data != null && !data.valid()) {
            loadBlock(block - 1);
            if (data != null) {
                data.seekToLast();
            }
        }
    }

    @Override
    public byte[] key() {
        return data.key();
    }

    @Override
    public byte[] value() {
        return data.value();
    }
}
