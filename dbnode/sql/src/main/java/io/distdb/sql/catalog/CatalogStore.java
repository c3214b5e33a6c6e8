package io.distdb.sql.catalog;

import java.util.Map;
import java.util.Set;

/**
 * Where the catalog's definitions and counters live. A standalone engine keeps them in its own store
 * ({@link KvCatalogStore}); a node of a cluster keeps them in the cluster's metadata group, replicated by
 * Raft, so that every node reads the same catalog and a DDL statement through any node is linearizable.
 *
 * <p>Definitions are stored by key ({@code table/<name>}, {@code view/<name>}); the store gives them a
 * version that moves with every change, and a change commits only on the version it was computed from.
 */
public interface CatalogStore {

    /** Every stored definition, by key, as of {@code version}. */
    record Contents(long version, Map<String, byte[]> entries) {
    }

    /** A consistent read of the stored definitions (this node's copy). */
    Contents read();

    /**
     * Applies {@code puts} and {@code deletes} if the catalog is still at {@code expectedVersion}, and
     * returns once the change is visible to statements on every node that can be reached.
     *
     * @return the new version, or -1 when another change was committed first (read again and retry)
     */
    long commit(long expectedVersion, Map<String, byte[]> puts, Set<String> deletes);

    /** Reserves {@code count} values of {@code counter} (which starts at 1) and returns the first. */
    long allocate(String counter, long count);

    /** Calls {@code listener} after every change, including those made through other nodes. */
    void onChange(Runnable listener);

    /**
     * Waits until this node has every change committed before the call: a statement that did not find a
     * name calls it before it gives up, so a definition created through another node is never missed.
     */
    default void sync() {
    }
}
