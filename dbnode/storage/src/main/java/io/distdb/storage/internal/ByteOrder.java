package io.distdb.storage.internal;

/** Big-endian fixed-width integers in byte arrays. */
public final class ByteOrder {

    private ByteOrder() {
    }

    public static void putInt(byte[] buf, int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
    }

    public static int getInt(byte[] buf, int pos) {
        return ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
    }

    public static void putLong(byte[] buf, int pos, long v) {
        putInt(buf, pos, (int) (v >>> 32));
        putInt(buf, pos + 4, (int) v);
    }

    public static long getLong(byte[] buf, int pos) {
        return ((long) getInt(buf, pos) << 32) | (getInt(buf, pos + 4) & 0xFFFFFFFFL);
    }
}
