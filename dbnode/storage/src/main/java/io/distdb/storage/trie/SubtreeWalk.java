package io.distdb.storage.trie;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Lists the keys of one subtree in ascending or descending order, stopping as soon as {@code limit} keys
 * are found, so a small limit costs little even under a large subtree.
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

    private final boolean descending;
    private final int limit;
    private final List<byte[]> keys = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private byte[] path;
    private int pathLength;

    private SubtreeWalk(byte[] pathBefore, int pathBeforeLength, int limit, boolean descending) {
        this.path = Arrays.copyOf(pathBefore, Math.max(16, pathBeforeLength * 2));
        this.pathLength = pathBeforeLength;
        this.limit = limit;
        this.descending = descending;
    }

    /**
     * The keys under {@code start}, whose own path from the root (excluding its label) is the first
     * {@code pathBeforeLength} bytes of {@code pathBefore}.
     */
    static List<byte[]> collect(RadixNode start, byte[] pathBefore, int pathBeforeLength, int limit,
            boolean descending) {
        SubtreeWalk walk = new SubtreeWalk(pathBefore, pathBeforeLength, limit, descending);
        if (limit > 0) {
            if (descending) {
                walk.descend(start);
            } else {
                walk.ascend(start);
            }
        }
        return walk.keys;
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

    /** Returns whether the limit is reached. */
    private boolean enterAscending(RadixNode node) {
        append(node.label);
        if (node.terminal && emit()) {
            return true;
        }
        stack.push(new Frame(node, pathLength, 0));
        return false;
    }

    /** Post-order with children reversed: a node's key is larger than nothing below it. */
    private void descend(RadixNode start) {
        append(start.label);
        stack.push(new Frame(start, pathLength, start.childCount() - 1));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            pathLength = top.pathLength;
            if (top.nextChild >= 0) {
                RadixNode child = top.node.childAt(top.nextChild--);
                append(child.label);
                stack.push(new Frame(child, pathLength, child.childCount() - 1));
            } else {
                stack.pop();
                if (top.node.terminal && emit()) {
                    return;
                }
            }
        }
    }

    private void append(byte[] bytes) {
        int needed = pathLength + bytes.length;
        if (needed > path.length) {
            path = Arrays.copyOf(path, Math.max(needed, path.length * 2));
        }
        System.arraycopy(bytes, 0, path, pathLength, bytes.length);
        pathLength = needed;
    }

    /** Adds the current path as a key; returns whether the limit is reached. */
    private boolean emit() {
        keys.add(Arrays.copyOf(path, pathLength));
        return keys.size() >= limit;
    }
}
