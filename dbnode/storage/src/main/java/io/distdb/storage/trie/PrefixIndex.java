package io.distdb.storage.trie;

import io.distdb.storage.Bytes;
import io.distdb.storage.KvStore;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory prefix search over the keys of a store that start with {@code keyPrefix}, for engines
 * whose own scans are unordered or too slow for type-ahead search. The index holds the keys with
 * {@code keyPrefix} removed: with prefix {@code "w/"}, store key {@code "w/trial"} is indexed as
 * {@code "trial"}.
 *
 * <p>The index is not persisted. {@link #rebuild} fills it from the store at start-up; afterwards callers
 * call {@link #add} after each put and {@link #remove} after each delete. A key equal to
 * {@code keyPrefix} itself has nothing left to index and is skipped, like keys outside the prefix.
 *
 * <p>Thread-safe (see {@link RadixTrie}). The store and the index are two structures, so callers that
 * write the same key from several threads serialize those writes, or the index may end up with the
 * older of two outcomes.
 */
public final class PrefixIndex {

    private final byte[] keyPrefix;
    private final RadixTrie trie = new RadixTrie();

    /** An empty index of the store keys under {@code keyPrefix}; the empty prefix covers every key. */
    public PrefixIndex(byte[] keyPrefix) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix").clone();
    }

    /**
     * Builds the index from every key of {@code store} under {@code keyPrefix}. Uses
     * {@link KvStore#forEachKey}, so it works on engines without ordered scans. Call it before the
     * store takes writes: a write during the walk may or may not be seen.
     */
    public static PrefixIndex rebuild(KvStore store, byte[] keyPrefix) {
        Objects.requireNonNull(store, "store");
        PrefixIndex index = new PrefixIndex(keyPrefix);
        store.forEachKey(index::add);
        return index;
    }

    /**
     * Indexes {@code storeKey} if it lies under the prefix; returns {@code true} if it was newly added.
     * Other keys are ignored, so a caller may pass every key it writes.
     */
    public boolean add(byte[] storeKey) {
        return covers(storeKey) && trie.insert(strip(storeKey));
    }

    /** Forgets {@code storeKey}; returns {@code true} if it was indexed. Other keys are ignored. */
    public boolean remove(byte[] storeKey) {
        return covers(storeKey) && trie.delete(strip(storeKey));
    }

    /** Whether {@code storeKey} is indexed. */
    public boolean contains(byte[] storeKey) {
        return covers(storeKey) && trie.contains(strip(storeKey));
    }

    /**
     * The first {@code limit} indexed keys (without {@code keyPrefix}) that start with {@code prefix},
     * ascending or descending; the empty prefix matches all.
     */
    public List<byte[]> search(byte[] prefix, int limit, boolean descending) {
        return trie.prefixSearch(prefix, limit, descending);
    }

    /** As {@link #search(byte[], int, boolean)}, ascending. */
    public List<byte[]> search(byte[] prefix, int limit) {
        return trie.prefixSearch(prefix, limit, false);
    }

    /** The number of indexed keys. */
    public int size() {
        return trie.size();
    }

    public byte[] keyPrefix() {
        return keyPrefix.clone();
    }

    private boolean covers(byte[] storeKey) {
        Objects.requireNonNull(storeKey, "storeKey");
        return storeKey.length > keyPrefix.length && Bytes.startsWith(storeKey, keyPrefix);
    }

    private byte[] strip(byte[] storeKey) {
        return Arrays.copyOfRange(storeKey, keyPrefix.length, storeKey.length);
    }
}
