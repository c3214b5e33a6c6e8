package io.distdb.storage.internal;

import io.distdb.storage.CorruptionException;

/** Unsigned LEB128 integers, the compact length encoding of log records and table blocks. */
public final class Varint {

    private Varint() {
    }

    public static int size(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** Writes {@code value} at {@code pos}; returns the position after it. */
    public static int write(byte[] buf, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    /**
     * Reads a value at {@code pos[0]} and advances {@code pos[0]} past it.
     *
     * @throws CorruptionException if the encoding runs past {@code limit} or is too long
     */
    public static long read(byte[] buf, int[] pos, int limit) {
        long result = 0;
        int shift = 0;
        int p = pos[0];
        while (true) {
            if (p >= limit || shift > 63) {
                throw new CorruptionException("malformed varint at offset " + pos[0]);
            }
            byte b = buf[p++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                pos[0] = p;
                return result;
            }
            shift += 7;
        }
    }

    /** Like {@link #read} for values that must fit a non-negative int. */
    public static int readInt(byte[] buf, int[] pos, int limit) {
        long v = read(buf, pos, limit);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptionException("length out of range at offset " + pos[0] + ": " + v);
        }
        return (int) v;
    }
}
