package io.distdb.storage.lsm.table;

import io.distdb.storage.lsm.InternalIterator;

/** Walks a table: the index block picks the data block, the data block's iterator walks the entries. */
final class TableIterator implements InternalIterator {

    private final Table table;
    private final Block.BlockIterator index;
    private Block.BlockIterator data;

    TableIterator(Table table, Block.BlockIterator index) {
        this.table = table;
        this.index = index;
    }

    private void loadBlock() {
        data = index.valid() ? table.dataBlock(BlockHandle.decode(index.value())).iterator() : null;
    }

    @Override
    public boolean valid() {
        return data != null && data.valid();
    }

    @Override
    public void seekToFirst() {
        index.seekToFirst();
        loadBlock();
        if (data != null) {
            data.seekToFirst();
        }
        skipEmptyForward();
    }

    @Override
    public void seekToLast() {
        index.seekToLast();
        loadBlock();
        if (data != null) {
            data.seekToLast();
        }
        skipEmptyBackward();
    }

    @Override
    public void seek(byte[] target) {
        index.seek(target);
        loadBlock();
        if (data != null) {
            data.seek(target);
        }
        skipEmptyForward();
    }

    @Override
    public void seekForPrev(byte[] target) {
        // The block whose last key is >= target holds the answer, unless every key there is > target.
        index.seek(target);
        if (!index.valid()) {
            seekToLast();
            return;
        }
        loadBlock();
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
            index.next();
            loadBlock();
            if (data != null) {
                data.seekToFirst();
            }
        }
    }

    private void skipEmptyBackward() {
        while (data != null && !data.valid()) {
            index.prev();
            loadBlock();
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
