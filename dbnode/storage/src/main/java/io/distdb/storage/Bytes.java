package io.distdb.storage;

import java.util.Arrays;
import java.util.Comparator;

/** Helpers for byte-array keys. */
public final class Bytes {

    /** Unsigned lexicographic order, the order of every key in DistDB. */
    public static final Comparator<byte[]> ORDER = Bytes::compare;

    private Bytes() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or {@code null} if there
     * is none (the prefix is empty or all 0xFF).
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    /** The smallest key greater than {@code key}: {@code key} followed by one zero byte. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    public static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Printable ASCII as is, everything else as {@code \xNN}; long keys are cut. */
    public static String toDisplayString(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(bytes.length, 64);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (shown < bytes.length) {
            out.append("...(").append(bytes.length).append(" bytes)");
        }
        return out.toString();
    }
}
