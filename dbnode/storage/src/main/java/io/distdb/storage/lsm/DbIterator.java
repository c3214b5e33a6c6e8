package io.distdb.storage.lsm;

import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import java.util.NoSuchElementException;

/**
 * Turns the merged stream of internal keys into what a user sees at one sequence number: for each key,
 * its newest visible version, with deleted keys left out, inside the range bounds, up to the limit.
 */
final class DbIterator implements KvIterator {

    private final InternalIterator it;
    private final long sequence;
    private final ScanRange range;
    private final Runnable onClose;
    private int returned;
    private KeyValue next;
    /** The user key last decided going forward; older versions of it are skipped. */
    private byte[] decided;
    private boolean closed;

    DbIterator(InternalIterator it, long sequence, ScanRange range, Runnable onClose) {
        this.it = it;
        this.sequence = sequence;
        this.range = range;
        this.onClose = onClose;
        if (range.isDescending()) {
            if (range.to() == null) {
                it.seekToLast();
            } else {
                // Sorts before every version of `to`, so this lands on the last key below the bound.
                it.seekForPrev(InternalKey.encode(range.to(), InternalKey.MAX_SEQUENCE, InternalKey.TYPE_PUT));
            }
        } else {
            if (range.from() == null) {
                it.seekToFirst();
            } else {
                it.seek(InternalKey.lookupKey(range.from(), InternalKey.MAX_SEQUENCE));
            }
        }
        advance();
    }

    private void advance() {
        next = null;
        if (closed || returned >= range.limit()) {
            return;
        }
        next = range.isDescending() ? findPrevious() : findNext();
        if (next != null) {
            returned++;
        }
    }

    private KeyValue findNext() {
        while (it.valid()) {
            byte[] key = it.key();
            if (InternalKey.sequence(key) <= sequence) {
                if (decided != null && InternalKey.compareUserKey(key, decided) == 0) {
                    it.next(); // an older version of a key already decided
                    continue;
                }
                byte[] userKey = InternalKey.userKey(key);
                if (range.to() != null && Bytes.compare(userKey, range.to()) >= 0) {
                    return null;
                }
                decided = userKey;
                if (InternalKey.type(key) == InternalKey.TYPE_PUT) {
                    KeyValue kv = new KeyValue(userKey, it.value());
                    it.next();
                    return kv;
                }
            }
            it.next();
        }
        return null;
    }

    private KeyValue findPrevious() {
        // Going backwards, the versions of a key come oldest first: remember the newest visible one.
        byte[] userKey = null;
        byte type = 0;
        byte[] value = null;
        boolean visible = false;
        while (it.valid()) {
            byte[] key = it.key();
            if (userKey != null && InternalKey.compareUserKey(key, userKey) != 0) {
                if (visible && type == InternalKey.TYPE_PUT) {
                    return new KeyValue(userKey, value);
                }
                userKey = null;
                visible = false;
            }
            if (userKey == null) {
                userKey = InternalKey.userKey(key);
                if (range.from() != null && Bytes.compare(userKey, range.from()) < 0) {
                    return null;
                }
            }
            if (InternalKey.sequence(key) <= sequence) {
                visible = true;
                type = InternalKey.type(key);
                value = type == InternalKey.TYPE_PUT ? it.value() : null;
            }
            it.prev();
        }
        if (userKey != null && visible && type == InternalKey.TYPE_PUT) {
            return new KeyValue(userKey, value);
        }
        return null;
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public KeyValue next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        KeyValue out = next;
        advance();
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            next = null;
            it.close();
            onClose.run();
        }
    }
}
