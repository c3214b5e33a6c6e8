package io.distdb.sql.storage;

import java.util.function.Predicate;

/**
 * Compare-and-set on single keys: how a cluster keeps primary keys and unique indexes unique without one
 * writer. The node decides each call by consensus among the key's replicas (Paxos, as Cassandra's
 * lightweight transactions do), so two nodes that claim the same key at the same time cannot both win.
 * An engine without claims (one node) checks uniqueness under its own write permit instead.
 */
public interface KeyClaims {

    /** Whether the write happened and, when it did not, the live value that stopped it ({@code null}: absent). */
    record Outcome(boolean applied, byte[] current) {
    }

    /**
     * Atomically with respect to every other {@code compareAndSet} of {@code key} from any node: reads the
     * key's live value ({@code null} when absent or deleted) and, if {@code accept} accepts it, writes
     * {@code value} ({@code null} deletes the key).
     *
     * @throws io.distdb.sql.errors.SqlException 40001 or 57P01-like errors of the node when consensus cannot be reached
     */
    Outcome compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value);
}
