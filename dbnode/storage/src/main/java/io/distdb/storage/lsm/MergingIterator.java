package io.distdb.storage.lsm;

import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges sorted children into one sorted stream. A scan runs in one direction for its whole life, so the
 * iterator is built for one direction and only supports the moves of that direction. Ties on equal
 * internal keys cannot happen: every version has its own sequence number.
 */
public final class MergingIterator implements InternalIterator {

    private final List<InternalIterator> children;
    private final boolean descending;
    private final PriorityQueue<InternalIterator> heap;
    private InternalIterator current;

    public MergingIterator(List<InternalIterator> children, boolean descending) {
        this.children = children;
        this.descending = descending;
        this.heap = new PriorityQueue<>(Math.max(1, children.size()), descending
                ? (a, b) -> InternalKey.compare(b.key(), a.key())
                : (a, b) -> InternalKey.compare(a.key(), b.key()));
    }

    @Override
    public boolean valid() {
        return current != null;
    }

    @Override
    public void seekToFirst() {
        requireDirection(false);
        children.forEach(InternalIterator::seekToFirst);
        rebuild();
    }

    @Override
    public void seekToLast() {
        requireDirection(true);
        children.forEach(InternalIterator::seekToLast);
        rebuild();
    }

    @Override
    public void seek(byte[] target) {
        requireDirection(false);
        children.forEach(c -> c.seek(target));
        rebuild();
    }

    @Override
    public void seekForPrev(byte[] target) {
        requireDirection(true);
        children.forEach(c -> c.seekForPrev(target));
        rebuild();
    }

    @Override
    public void next() {
        requireDirection(false);
        advance();
    }

    @Override
    public void prev() {
        requireDirection(true);
        advance();
    }

    private void advance() {
        InternalIterator top = heap.poll();
        if (descending) {
            top.prev();
        } else {
            top.next();
        }
        if (top.valid()) {
            heap.add(top);
        }
        current = heap.peek();
    }

    private void rebuild() {
        heap.clear();
        for (InternalIterator child : children) {
            if (child.valid()) {
                heap.add(child);
            }
        }
        current = heap.peek();
    }

    private void requireDirection(boolean wantDescending) {
        if (wantDescending != descending) {
            throw new IllegalStateException("merging iterator built for " + (descending ? "descending" : "ascending") + " scans");
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

    @Override
    public void close() {
        children.forEach(InternalIterator::close);
    }
}
