package io.distdb.storage.trie;

import io.distdb.storage.KeyValue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A map from byte-array keys to byte-array values in a compressed (radix, Patricia) trie, answering
 * "which keys start with this prefix" and "which keys lie in this range" in key order without visiting
 * the other keys. Used as a set, through {@link #insert}, every key maps to the empty value. Keys are ordered unsigned-lexicographically, the
 * order of {@link io.distdb.storage.Bytes#compare}.
 *
 * <p>Compression: an edge holds a run of bytes rather than one byte, and every node that ends no key has
 * at least two children. {@link #delete} restores this by dropping emptied leaves and merging a node into
 * its only child, so the trie never holds more than about twice as many nodes as keys.
 *
 * <p>Thread safety: safe for concurrent use. An internal {@link ReentrantReadWriteLock} lets any number
 * of readers ({@link #contains}, {@link #size}, {@link #prefixSearch}) run together, while a writer
 * ({@link #insert}, {@link #delete}) runs alone. A prefix search holds the read lock while it walks, so
 * searches without a limit over a large trie delay writers; pass a limit where the caller needs only
 * the first keys.
 *
 * <p>Keys are copied in and out, so callers may reuse their arrays. The empty key cannot be stored
 * ({@link IllegalArgumentException}) and {@code null} is rejected everywhere ({@link NullPointerException}).
 */
public final class RadixTrie {

    private static final byte[] EMPTY = new byte[0];

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock readLock = lock.readLock();
    private final Lock writeLock = lock.writeLock();
    private final RadixNode root = new RadixNode(EMPTY, false);
    private int size;

    /** Adds {@code key} (with the empty value if it is new); returns {@code true} if it was not already present. */
    public boolean insert(byte[] key) {
        checkKey(key);
        writeLock.lock();
        try {
            RadixNode node = nodeFor(key);
            if (node.terminal) {
                return false;
            }
            setValue(node, EMPTY);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Maps {@code key} to a copy of {@code value}; returns the value it replaced, or {@code null}. */
    public byte[] put(byte[] key, byte[] value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        byte[] copy = value.clone();
        writeLock.lock();
        try {
            return setValue(nodeFor(key), copy);
        } finally {
            writeLock.unlock();
        }
    }

    /** The value of {@code key}, or {@code null} if the trie does not hold it. */
    public byte[] get(byte[] key) {
        checkKey(key);
        readLock.lock();
        try {
            RadixNode node = find(key);
            return node == null || !node.terminal ? null : node.value.clone();
        } finally {
            readLock.unlock();
        }
    }

    private byte[] setValue(RadixNode node, byte[] value) {
        byte[] previous = node.terminal ? node.value : null;
        if (!node.terminal) {
            node.terminal = true;
            size++;
        }
        node.value = value;
        return previous;
    }

    /** The node that ends {@code key}, created (not yet terminal) if the trie has none. */
    private RadixNode nodeFor(byte[] key) {
        RadixNode node = root;
        int pos = 0;
        while (pos < key.length) {
            RadixNode child = node.child(key[pos]);
            if (child == null) {
                RadixNode leaf = new RadixNode(Arrays.copyOfRange(key, pos, key.length), false);
                node.putChild(leaf);
                return leaf;
            }
            int common = commonLength(child.label, key, pos);
            if (common < child.label.length) {
                // The key leaves the edge part way: the new upper node ends where they part.
                child = split(child, common);
                node.putChild(child);
            }
            node = child;
            pos += common;
        }
        return node;
    }

    /** Cuts {@code child}'s label after {@code at} bytes; returns the new upper node holding the head. */
    private static RadixNode split(RadixNode child, int at) {
        RadixNode head = new RadixNode(Arrays.copyOf(child.label, at), false);
        child.label = Arrays.copyOfRange(child.label, at, child.label.length);
        head.putChild(child);
        return head;
    }

    /**
     * Removes {@code key}; returns {@code true} if it was present. Removes the node if it became an empty
     * leaf, and merges a node that ends no key into its only child, keeping the trie compressed.
     */
    public boolean delete(byte[] key) {
        checkKey(key);
        writeLock.lock();
        try {
            return deleteLocked(key);
        } finally {
            writeLock.unlock();
        }
    }

    private boolean deleteLocked(byte[] key) {
        RadixNode parent = null;
        RadixNode node = root;
        int pos = 0;
        while (pos < key.length) {
            RadixNode child = node.child(key[pos]);
            if (child == null || !labelMatches(child.label, key, pos)) {
                return false;
            }
            parent = node;
            node = child;
            pos += child.label.length;
        }
        if (!node.terminal) {
            return false;
        }
        node.terminal = false;
        node.value = null;
        size--;
        // node != root, as the root never ends a key, so parent is set.
        if (node.childCount() == 0) {
            parent.removeChild(node.label[0]);
            if (parent != root && !parent.terminal && parent.childCount() == 1) {
                parent.absorbOnlyChild();
            }
        } else if (node.childCount() == 1) {
            node.absorbOnlyChild();
        }
        return true;
    }

    /** Whether {@code key} is present. */
    public boolean contains(byte[] key) {
        checkKey(key);
        readLock.lock();
        try {
            RadixNode node = find(key);
            return node != null && node.terminal;
        } finally {
            readLock.unlock();
        }
    }

    /** The node whose path is exactly {@code key}, terminal or not, or {@code null}. */
    private RadixNode find(byte[] key) {
        RadixNode node = root;
        int pos = 0;
        while (pos < key.length) {
            RadixNode child = node.child(key[pos]);
            if (child == null || !labelMatches(child.label, key, pos)) {
                return null;
            }
            node = child;
            pos += child.label.length;
        }
        return node;
    }

    /** The number of keys. */
    public int size() {
        readLock.lock();
        try {
            return size;
        } finally {
            readLock.unlock();
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The first {@code limit} keys that start with {@code prefix}, ascending. */
    public List<byte[]> prefixSearch(byte[] prefix, int limit) {
        return prefixSearch(prefix, limit, false);
    }

    /**
     * The first {@code limit} keys that start with {@code prefix}, in ascending or descending order; the
     * empty prefix matches every key. Only the matching subtree is visited, and only until {@code limit}
     * keys are found.
     *
     * @param limit the most keys to return, {@code Integer.MAX_VALUE} for all; must not be negative
     */
    public List<byte[]> prefixSearch(byte[] prefix, int limit, boolean descending) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        readLock.lock();
        try {
            // Find the highest node whose path starts with the prefix; pathBefore is the path above it.
            RadixNode node = root;
            int pathBefore = 0;
            int pos = 0;
            while (pos < prefix.length) {
                RadixNode child = node.child(prefix[pos]);
                if (child == null) {
                    return List.of();
                }
                int compared = Math.min(child.label.length, prefix.length - pos);
                if (!Arrays.equals(child.label, 0, compared, prefix, pos, pos + compared)) {
                    return List.of();
                }
                node = child;
                pathBefore = pos;
                pos += child.label.length;
            }
            return SubtreeWalk.keys(node, prefix, pathBefore, limit, descending);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Up to {@code limit} entries with {@code from <= key < to}, in ascending or descending order; a
     * {@code null} bound is open. Subtrees wholly outside the range are skipped, so the cost grows with
     * the trie's depth and the entries returned, not with the keys before {@code from}.
     */
    public List<KeyValue> range(byte[] from, byte[] to, int limit, boolean descending) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        // Every key between the bounds starts with their common prefix: walk only the subtree under it.
        byte[] common = EMPTY;
        if (from != null && to != null) {
            int differ = Arrays.mismatch(from, to);
            common = differ < 0 ? from : Arrays.copyOf(from, differ);
        }
        readLock.lock();
        try {
            RadixNode node = root;
            int pathBefore = 0;
            int pos = 0;
            while (pos < common.length) {
                RadixNode child = node.child(common[pos]);
                if (child == null) {
                    return List.of();
                }
                int compared = Math.min(child.label.length, common.length - pos);
                if (!Arrays.equals(child.label, 0, compared, common, pos, pos + compared)) {
                    return List.of();
                }
                node = child;
                pathBefore = pos;
                pos += child.label.length;
            }
            return SubtreeWalk.entries(node, common, pathBefore, from, to, limit, descending);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Checks the structural invariants and returns the number of nodes, root included. For tests: an
     * empty trie has exactly one node.
     *
     * @throws IllegalStateException if an invariant is broken
     */
    int checkStructure() {
        readLock.lock();
        try {
            if (root.label.length != 0 || root.terminal) {
                throw new IllegalStateException("the root must have an empty label and end no key");
            }
            int nodes = 0;
            int keys = 0;
            Deque<RadixNode> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                RadixNode node = pending.pop();
                nodes++;
                if (node.terminal) {
                    keys++;
                }
                if (node != root && !node.terminal && node.childCount() < 2) {
                    throw new IllegalStateException("a node that ends no key has " + node.childCount()
                            + " children: the trie is not compressed");
                }
                for (int i = 0; i < node.childCount(); i++) {
                    RadixNode child = node.childAt(i);
                    if (child.label.length == 0) {
                        throw new IllegalStateException("a child has an empty label");
                    }
                    if (child.label[0] != node.firstByteAt(i)) {
                        throw new IllegalStateException("a child is filed under the wrong first byte");
                    }
                    if (i > 0 && (node.firstByteAt(i - 1) & 0xFF) >= (node.firstByteAt(i) & 0xFF)) {
                        throw new IllegalStateException("children are not in ascending unsigned order");
                    }
                    pending.push(child);
                }
            }
            if (keys != size) {
                throw new IllegalStateException("size is " + size + " but " + keys + " nodes end a key");
            }
            return nodes;
        } finally {
            readLock.unlock();
        }
    }

    private static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    /** How many leading bytes of {@code label} equal the bytes of {@code key} from {@code pos}. */
    private static int commonLength(byte[] label, byte[] key, int pos) {
        int max = Math.min(label.length, key.length - pos);
        int mismatch = Arrays.mismatch(label, 0, max, key, pos, pos + max);
        return mismatch < 0 ? max : mismatch;
    }

    /** Whether the whole of {@code label} appears in {@code key} at {@code pos}. */
    private static boolean labelMatches(byte[] label, byte[] key, int pos) {
        return key.length - pos >= label.length
                && Arrays.equals(label, 0, label.length, key, pos, pos + label.length);
    }
}
