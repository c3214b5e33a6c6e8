package io.distdb.server.replication;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A replicated value: its hybrid-logical-clock timestamp, and either the payload or a tombstone. Replicas
 * keep the version with the largest timestamp (last write wins); a delete is a tombstone version so that
 * a replica that missed it cannot bring the old value back.
 *
 * <p>Stored as {@code [format 1][timestamp 8][flags 1][payload]}.
 */
public record Versioned(long timestamp, boolean tombstone, byte[] payload) {

    private static final byte FORMAT = 1;
    private static final byte TOMBSTONE = 1;
    static final int HEADER_BYTES = 10;

    public static Versioned value(long timestamp, byte[] payload) {
        return new Versioned(timestamp, false, payload);
    }

    public static Versioned tombstone(long timestamp) {
        return new Versioned(timestamp, true, new byte[0]);
    }

    /** Whether this version replaces {@code other} under last-write-wins (ties keep the tombstone, then the larger payload, so every replica picks the same). */
    public boolean supersedes(Versioned other) {
        if (other == null) {
            return true;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        if (tombstone != other.tombstone) {
            return tombstone;
        }
        return Arrays.compareUnsigned(payload, other.payload) > 0;
    }

    /** The version that supersedes all others among {@code versions} (nulls ignored), or {@code null}. */
    public static Versioned newest(Iterable<Versioned> versions) {
        Versioned newest = null;
        for (Versioned v : versions) {
            if (v != null && v.supersedes(newest)) {
                newest = v;
            }
        }
        return newest;
    }

    public byte[] encode() {
        return ByteBuffer.allocate(HEADER_BYTES + payload.length)
                .put(FORMAT).putLong(timestamp).put(tombstone ? TOMBSTONE : 0).put(payload).array();
    }

    /**
     * Whether {@code stored} is an encoded tombstone with a timestamp before {@code cutoff}, read from the
     * header alone (no copy of the value), for the engines' compaction filter.
     */
    public static boolean isTombstoneBefore(byte[] stored, long cutoff) {
        if (stored.length != HEADER_BYTES || stored[0] != FORMAT || stored[HEADER_BYTES - 1] != TOMBSTONE) {
            return false;
        }
        return ByteBuffer.wrap(stored).getLong(1) < cutoff;
    }

    public static Versioned decode(byte[] stored) {
        if (stored.length < HEADER_BYTES || stored[0] != FORMAT) {
            throw new IllegalStateException("stored value is not a versioned value (format " + (stored.length == 0 ? "none" : stored[0]) + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        buffer.get();
        long timestamp = buffer.getLong();
        boolean tombstone = buffer.get() == TOMBSTONE;
        return new Versioned(timestamp, tombstone, Arrays.copyOfRange(stored, HEADER_BYTES, stored.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && v.timestamp == timestamp && v.tombstone == tombstone && Arrays.equals(v.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Versioned[" + timestamp + (tombstone ? ", tombstone" : ", " + payload.length + " bytes") + "]";
    }
}
