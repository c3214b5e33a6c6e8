package io.distdb.storage.trie;

import io.distdb.storage.KeyValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Lists the entries of one subtree in ascending or descending order, within optional bounds
 * {@code from <= key < to}, stopping as soon as {@code limit} entries are found, so a small limit costs
 * little even under a large subtree. A child whose whole subtree lies outside the bounds is skipped
 * without being entered: every key below a node starts with that node's path, so comparing the path with
 * the bounds decides for the subtree at once.
 *
 * <p>The walk uses an explicit stack rather than recursion: a chain of keys such as {@code a, aa, aaa...}
 * makes the trie as deep as its longest key, which could overflow the thread stack.
 */
final class SubtreeWalk {

    /** A node on the stack, the next child to visit, and the path length at the end of its label. */
    private static final class Frame {
        final RadixNode node;
        final int pathLength;
        int nextChild;

        Frame(RadixNode node, int pathLength, int nextChild) {
            this.node = node;
            this.pathLength = pathLength;
            this.nextChild = nextChild;
        }
    }

    /** What the walk does with a node's subtree: enter it, or pass it by. */
    private enum Fit { ENTER, SKIP }

    private final boolean descending;
    private final int limit;
    private final byte[] from;
    private final byte[] to;
    private final List<KeyValue> found = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private byte[] path;
    private int pathLength;

    private SubtreeWalk(byte[] pathBefore, int pathBeforeLength, byte[] from, byte[] to, int limit, boolean descending) {
        this.path = Arrays.copyOf(pathBefore, Math.max(16, pathBeforeLength * 2));
        this.pathLength = pathBeforeLength;
        this.from = from;
        this.to = to;
        this.limit = limit;
        this.descending = descending;
    }

    /**
     * The keys under {@code start}, whose own path from the root (excluding its label) is the first
     * {@code pathBeforeLength} bytes of {@code pathBefore}.
     */
    static List<byte[]> keys(RadixNode start, byte[] pathBefore, int pathBeforeLength, int limit, boolean descending) {
        List<KeyValue> entries = new SubtreeWalk(pathBefore, pathBeforeLength, null, null, limit, descending).walk(start);
        List<byte[]> keys = new ArrayList<>(entries.size());
        for (KeyValue entry : entries) {
            keys.add(entry.key());
        }
        return keys;
    }

    /**
     * The entries under {@code start} (with its path before it as in {@link #keys}) with {@code from <= key < to};
     * a null bound is open.
     */
    static List<KeyValue> entries(RadixNode start, byte[] pathBefore, int pathBeforeLength, byte[] from, byte[] to,
            int limit, boolean descending) {
        return new SubtreeWalk(pathBefore, pathBeforeLength, from, to, limit, descending).walk(start);
    }

    private List<KeyValue> walk(RadixNode start) {
        if (limit > 0) {
            if (descending) {
                descend(start);
            } else {
                ascend(start);
            }
        }
        return found;
    }

    /** Pre-order: a node's key is smaller than every key below it. */
    private void ascend(RadixNode start) {
        if (enterAscending(start)) {
            return;
        }
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (top.nextChild < top.node.childCount()) {
                RadixNode child = top.node.childAt(top.nextChild++);
                pathLength = top.pathLength;
                if (enterAscending(child)) {
                    return;
                }
            } else {
                stack.pop();
            }
        }
    }

    /** Returns whether the walk is over (the limit reached, or past {@code to}). */
    private boolean enterAscending(RadixNode node) {
        append(node.label);
        // Ascending, everything after a subtree at or above `to` is larger still; one wholly below `from` is skipped.
        Fit fit = fit();
        if (fit == Fit.SKIP && afterTo()) {
            return true;
        }
        if (fit == Fit.SKIP) {
            return false;
        }
        if (node.terminal && atOrAfterFrom() && emit(node)) {
            return true;
        }
        stack.push(new Frame(node, pathLength, 0));
        return false;
    }

    /** Post-order with children reversed: a node's key is larger than nothing below it. */
    private void descend(RadixNode start) {
        append(start.label);
        if (fit() != Fit.ENTER) {
            return;
        }
        stack.push(new Frame(start, pathLength, start.childCount() - 1));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            pathLength = top.pathLength;
            if (top.nextChild >= 0) {
                RadixNode child = top.node.childAt(top.nextChild--);
                append(child.label);
                Fit fit = fit();
                if (fit == Fit.SKIP && !afterTo()) {
                    // Wholly below `from`: descending, everything after it is smaller still.
                    return;
                }
                if (fit == Fit.ENTER) {
                    stack.push(new Frame(child, pathLength, child.childCount() - 1));
                }
            } else {
                stack.pop();
                if (top.node.terminal && atOrAfterFrom() && emit(top.node)) {
                    return;
                }
            }
        }
    }

    /** Whether the subtree under the current path may hold keys within the bounds. */
    private Fit fit() {
        if (afterTo()) {
            return Fit.SKIP;
        }
        if (from != null && Arrays.compareUnsigned(path, 0, pathLength, from, 0, from.length) < 0
                && !isPrefixOfFrom()) {
            return Fit.SKIP;
        }
        return Fit.ENTER;
    }

    /** Whether every key under the current path is at or after {@code to}. */
    private boolean afterTo() {
        return to != null && Arrays.compareUnsigned(path, 0, pathLength, to, 0, to.length) >= 0;
    }

    private boolean isPrefixOfFrom() {
        return pathLength <= from.length && Arrays.equals(path, 0, pathLength, from, 0, pathLength);
    }

    private boolean atOrAfterFrom() {
        return from == null || Arrays.compareUnsigned(path, 0, pathLength, from, 0, from.length) >= 0;
    }

    private void append(byte[] bytes) {
        int needed = pathLength + bytes.length;
        if (needed > path.length) {
            path = Arrays.copyOf(path, Math.max(needed, path.length * 2));
        }
        System.arraycopy(bytes, 0, path, pathLength, bytes.length);
        pathLength = needed;
    }

    /** Adds the current path and the node's value; returns whether the limit is reached. */
    private boolean emit(RadixNode node) {
        found.add(new KeyValue(Arrays.copyOf(path, pathLength), node.value.clone()));
        return found.size() >= limit;
    }
}
