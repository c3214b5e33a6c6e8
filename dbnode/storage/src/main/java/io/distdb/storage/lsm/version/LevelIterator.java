package io.distdb.storage.lsm.version;

import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import java.util.List;

/**
 * Iterates one level of disjoint, sorted tables as if it were one table, opening only the table the
 * cursor is in. This keeps a seek to O(log tables) instead of a seek in every table of the level.
 */
public final class LevelIterator implements InternalIterator {

    private final List<TableFile> files;
    private int fileIndex = -1;
    private InternalIterator current;

    public LevelIterator(List<TableFile> files) {
        this.files = files;
    }

    private void open(int index) {
        fileIndex = index;
        current = index >= 0 && index < files.size() ? files.get(index).iterator() : null;
    }

    @Override
    public boolean valid() {
        return current != null && current.valid();
    }

    @Override
    public void seekToFirst() {
        open(0);
        if (current != null) {
            current.seekToFirst();
        }
        skipForward();
    }

    @Override
    public void seekToLast() {
        open(files.size() - 1);
        if (current != null) {
            current.seekToLast();
        }
        skipBackward();
    }

    @Override
    public void seek(byte[] target) {
        // First table whose largest key is >= target.
        int lo = 0;
        int hi = files.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compare(files.get(mid).largest(), target) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        open(lo);
        if (current != null) {
            current.seek(target);
        }
        skipForward();
    }

    @Override
    public void seekForPrev(byte[] target) {
        // Last table whose smallest key is <= target.
        int lo = 0;
        int hi = files.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compare(files.get(mid).smallest(), target) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        open(lo - 1);
        if (current != null) {
            current.seekForPrev(target);
        }
        skipBackward();
    }

    @Override
    public void next() {
        current.next();
        skipForward();
    }

    @Override
    public void prev() {
        current.prev();
        skipBackward();
    }

    private void skipForward() {
        while (current != null && !current.valid()) {
            open(fileIndex + 1);
            if (current != null) {
                current.seekToFirst();
            }
        }
    }

    private void skipBackward() {
        while (current != null && !current.valid()) {
            open(fileIndex - 1);
            if (current != null) {
                current.seekToLast();
            }
        }
    }

    @Override
    public byte[] key() {
        return current.key();
    }

    @Override
    public byte[] value() {
        return current.value();
    }
}
