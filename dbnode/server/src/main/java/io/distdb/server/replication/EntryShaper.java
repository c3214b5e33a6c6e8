package io.distdb.server.replication;

/**
 * What each replica does to the live entries of a scan before sending them, so that the coordinator gets
 * less: a value reduced to what the query reads, or, for an entry the query does not want, a tombstone at
 * the entry's own timestamp. The tombstone matters: merged with the other replicas' answers it still hides
 * their older versions of the key, exactly as the full value would have, so filtering on replicas never
 * brings back an outdated row. The coordinator keeps checking everything it receives; shaping only saves
 * work and bytes.
 */
public interface EntryShaper {

    /** The shaper's description, sent to other replicas, which rebuild it with {@link EntryShapers}. */
    byte[] spec();

    /** What to send for a live (non-tombstone) stored version of {@code key}. */
    Versioned shape(byte[] key, Versioned live);
}
