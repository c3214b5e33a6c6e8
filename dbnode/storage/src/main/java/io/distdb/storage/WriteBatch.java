package io.distdb.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Puts and deletes that a store applies together, atomically, in the order they were added. */
public final class WriteBatch {

    /** One operation; {@code value} is {@code null} for a delete. */
    public record Op(byte[] key, byte[] value) {
        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long approximateBytes;

    public WriteBatch put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ops.add(new Op(key, value));
        approximateBytes += key.length + value.length;
        return this;
    }

    public WriteBatch delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        ops.add(new Op(key, null));
        approximateBytes += key.length;
        return this;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Sum of key and value lengths. */
    public long approximateBytes() {
        return approximateBytes;
    }
}
