package io.distdb.storage.internal;

/** A fast 64-bit hash of byte ranges (Murmur3's 64-bit finaliser over 8-byte words), for Bloom filters. */
public final class Hashing {

    private static final long SEED = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    public static long hash64(byte[] buf, int offset, int length) {
        long h = SEED ^ (length * 0xC6A4A7935BD1E995L);
        int end = offset + length;
        int p = offset;
        for (; p + 8 <= end; p += 8) {
            h = (h ^ mix(ByteOrder.getLong(buf, p))) * 0x9FB21C651E98DF25L;
        }
        long tail = 0;
        for (int shift = 0; p < end; p++, shift += 8) {
            tail |= (buf[p] & 0xFFL) << shift;
        }
        h = (h ^ mix(tail)) * 0x9FB21C651E98DF25L;
        return mix(h);
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }
}
