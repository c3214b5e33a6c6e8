package io.distdb.storage;

/**
 * Lets the layer above an engine drop values it no longer needs while the engine rewrites its files: the
 * LSM engine asks during compactions whose output is the bottom level for the key (nothing older can lie
 * deeper), the hash log during merges (which always rewrite the oldest data). The engine knows nothing of
 * what values mean; a data node uses it to forget replicated tombstones once their grace period has passed.
 *
 * <p>Contract:
 * <ul>
 *   <li>Only the newest version of a key is offered, and only a live value (never an engine delete). When
 *       the filter says drop, that version and every older version of the key are removed: afterwards the
 *       key is absent, exactly as if it had been deleted with {@link KvStore#delete}.
 *   <li>So the filter must only drop values its owner already reads as "absent" (tombstones of the layer
 *       above): a reader may see such a value until the rewrite and the key absent after it.
 *   <li>LSM: a version some open snapshot does not see (the snapshot is older than it) is never offered, so
 *       no snapshot loses an older version it can read; a snapshot that sees the dropped value may see the
 *       key absent after the compaction.
 *   <li>It is called from the engine's background compaction or merge thread, possibly concurrently with
 *       readers and writers; it must be fast, side-effect free and thread-safe, and must not call the store.
 *       The same value may be offered again in a later rewrite if the filter kept it (for example when its
 *       grace period had not yet passed), so time-based decisions are safe.
 * </ul>
 */
@FunctionalInterface
public interface CompactionFilter {

    /**
     * Whether {@code value}, the newest version of {@code key}, may be dropped together with every older
     * version of the key. Neither array may be modified or kept.
     */
    boolean dropAtBottom(byte[] key, byte[] value);
}
