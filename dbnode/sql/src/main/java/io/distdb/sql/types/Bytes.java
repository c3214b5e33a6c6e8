package io.distdb.sql.types;

import java.util.Arrays;
import java.util.HexFormat;

/** A BYTEA value: immutable bytes with value equality and unsigned byte order. */
public record Bytes(byte[] bytes) implements Comparable<Bytes> {

    public Bytes {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** PostgreSQL's hex output form, {@code \x0a1b}. */
    @Override
    public String toString() {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }
}
