package io.distdb.storage.trie;

import java.util.Arrays;

/**
 * One node of a {@link RadixTrie}: the label of the edge that leads into it, whether a key ends here, and
 * its children.
 *
 * <p>Children are kept in two exact-size parallel arrays sorted by the unsigned value of the first byte of
 * their label: the first bytes for a binary search, and the nodes. That costs two small arrays per inner
 * node and none per leaf, instead of a hash map per node, and yields children already in key order.
 * Every child starts with a different byte, so the first byte alone identifies it. Not thread-safe: the
 * trie guards all access.
 */
final class RadixNode {

    private static final byte[] NO_BYTES = new byte[0];
    private static final RadixNode[] NO_CHILDREN = new RadixNode[0];

    /** The bytes on the edge from the parent; empty only for the root. */
    byte[] label;
    /** Whether the path from the root to the end of this node's label is a key. */
    boolean terminal;
    /** The value stored with the key this node ends; {@code null} when it ends none. */
    byte[] value;

    private byte[] firstBytes = NO_BYTES;
    private RadixNode[] children = NO_CHILDREN;

    RadixNode(byte[] label, boolean terminal) {
        this.label = label;
        this.terminal = terminal;
    }

    int childCount() {
        return children.length;
    }

    /** The child at {@code index} in ascending key order. */
    RadixNode childAt(int index) {
        return children[index];
    }

    /** The first byte of the child at {@code index}, as kept for the search. */
    byte firstByteAt(int index) {
        return firstBytes[index];
    }

    /** The child whose label starts with {@code first}, or {@code null}. */
    RadixNode child(byte first) {
        int index = indexOf(first);
        return index >= 0 ? children[index] : null;
    }

    /** Adds {@code child}, or replaces the child that starts with the same byte. */
    void putChild(RadixNode child) {
        byte first = child.label[0];
        int index = indexOf(first);
        if (index >= 0) {
            children[index] = child;
            return;
        }
        int at = -index - 1;
        int count = children.length;
        byte[] newFirstBytes = new byte[count + 1];
        RadixNode[] newChildren = new RadixNode[count + 1];
        System.arraycopy(firstBytes, 0, newFirstBytes, 0, at);
        System.arraycopy(children, 0, newChildren, 0, at);
        newFirstBytes[at] = first;
        newChildren[at] = child;
        System.arraycopy(firstBytes, at, newFirstBytes, at + 1, count - at);
        System.arraycopy(children, at, newChildren, at + 1, count - at);
        firstBytes = newFirstBytes;
        children = newChildren;
    }

    /** Removes the child that starts with {@code first}; it must exist. */
    void removeChild(byte first) {
        int at = indexOf(first);
        if (at < 0) {
            throw new IllegalStateException("no child starts with byte " + (first & 0xFF));
        }
        int count = children.length;
        if (count == 1) {
            firstBytes = NO_BYTES;
            children = NO_CHILDREN;
            return;
        }
        byte[] newFirstBytes = new byte[count - 1];
        RadixNode[] newChildren = new RadixNode[count - 1];
        System.arraycopy(firstBytes, 0, newFirstBytes, 0, at);
        System.arraycopy(children, 0, newChildren, 0, at);
        System.arraycopy(firstBytes, at + 1, newFirstBytes, at, count - at - 1);
        System.arraycopy(children, at + 1, newChildren, at, count - at - 1);
        firstBytes = newFirstBytes;
        children = newChildren;
    }

    /**
     * Folds the only child into this node, so that a node which ends no key never has a single child.
     * The parent's slot still points here and the first byte of the label does not change, so the parent
     * needs no update.
     */
    void absorbOnlyChild() {
        if (children.length != 1 || terminal) {
            throw new IllegalStateException("only a non-terminal node with one child can absorb it");
        }
        RadixNode child = children[0];
        byte[] merged = Arrays.copyOf(label, label.length + child.label.length);
        System.arraycopy(child.label, 0, merged, label.length, child.label.length);
        label = merged;
        terminal = child.terminal;
        value = child.value;
        firstBytes = child.firstBytes;
        children = child.children;
    }

    /** Binary search by unsigned byte value; {@code -(insertion point) - 1} when absent. */
    private int indexOf(byte first) {
        int target = first & 0xFF;
        int low = 0;
        int high = firstBytes.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int value = firstBytes[mid] & 0xFF;
            if (value < target) {
                low = mid + 1;
            } else if (value > target) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
