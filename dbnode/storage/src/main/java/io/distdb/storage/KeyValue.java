package io.distdb.storage;

/** One entry returned by a scan. */
public record KeyValue(byte[] key, byte[] value) {

    @Override
    public String toString() {
        return Bytes.toDisplayString(key) + "=" + Bytes.toDisplayString(value);
    }
}
