package io.distdb.storage.lsm.table;

import io.distdb.storage.lsm.InternalIterator;

/** Walks a table: the index picks the data block, the data block's iterator walks the entries. */
final class TableIterator implements InternalIterator {

    private final Table table;
    private int block = -1;
    private Block.BlockIterator data;

    TableIterator(Table table) {
        this.table = table;
    }

    private void loadBlock(int index) {
        block = index;
        data = index >= 0 && index < table.blockCount() ? table.dataBlock(index).iterator() : null;
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
        loadBlock(table.blockCount() - 1);
        if (data != null) {
            data.seekToLast();
        }
        skipEmptyBackward();
    }

    @Override
    public void seek(byte[] target) {
        loadBlock(table.findBlock(target));
        if (data != null) {
            data.seek(target);
        }
        skipEmptyForward();
    }

    @Override
    public void seekForPrev(byte[] target) {
        // The block whose last key is >= target holds the answer, unless every key there is > target.
        int found = table.findBlock(target);
        if (found == table.blockCount()) {
            seekToLast();
            return;
        }
        loadBlock(found);
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
