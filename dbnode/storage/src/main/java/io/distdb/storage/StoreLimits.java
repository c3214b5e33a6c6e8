package io.distdb.storage;

/** Size limits a store enforces on every write, before anything is written. */
public record StoreLimits(int maxKeyBytes, int maxValueBytes) {

    public static final StoreLimits DEFAULT = new StoreLimits(16 * 1024, 16 * 1024 * 1024);

    public StoreLimits {
        if (maxKeyBytes <= 0 || maxValueBytes < 0) {
            throw new IllegalArgumentException("limits must be positive: key " + maxKeyBytes + ", value " + maxValueBytes);
        }
    }

    /** Checks one key (and value, unless {@code null} for a delete); throws {@link IllegalArgumentException}. */
    public void check(byte[] key, byte[] value) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.length > maxKeyBytes) {
            throw new IllegalArgumentException("key is " + key.length + " bytes, over the limit of " + maxKeyBytes
                    + " bytes: " + Bytes.toDisplayString(key));
        }
        if (value != null && value.length > maxValueBytes) {
            throw new IllegalArgumentException("value of key " + Bytes.toDisplayString(key) + " is " + value.length
                    + " bytes, over the limit of " + maxValueBytes + " bytes");
        }
    }

    /** Checks every operation of a batch, so that a bad one rejects the batch before any is applied. */
    public void check(WriteBatch batch) {
        for (WriteBatch.Op op : batch.ops()) {
            check(op.key(), op.value());
        }
    }
}
