package io.distdb.storage.lsm.table;

import io.distdb.storage.internal.Hashing;
import java.util.Arrays;

/**
 * A Bloom filter over the user keys of one table, so a point read skips tables that cannot hold the
 * key. Uses double hashing of one 64-bit hash. Layout: {@code [bit array][probe count:1]}.
 */
public final class BloomFilter {

    private final byte[] bits;
    private final int bitCount;
    private final int probes;

    private BloomFilter(byte[] bits, int probes) {
        this.bits = bits;
        this.bitCount = bits.length * 8;
        this.probes = probes;
    }

    /** Reads a filter written by {@link Builder#finish()}; an empty array means "no filter". */
    public static BloomFilter decode(byte[] encoded) {
        if (encoded.length < 2) {
            return null;
        }
        return new BloomFilter(Arrays.copyOf(encoded, encoded.length - 1), encoded[encoded.length - 1]);
    }

    public static long hash(byte[] userKey) {
        return Hashing.hash64(userKey, 0, userKey.length);
    }

    public boolean mayContain(long hash) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32);
        for (int i = 0; i < probes; i++) {
            int bit = position(h1 + i * h2, bitCount);
            if ((bits[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Maps a 32-bit hash onto {@code [0, bitCount)} by multiply-and-shift, avoiding a division per probe. */
    private static int position(int hash, int bitCount) {
        return (int) (((hash & 0xFFFFFFFFL) * bitCount) >>> 32);
    }

    public int sizeInBytes() {
        return bits.length + 1;
    }

    /** Collects key hashes while a table is written. */
    public static final class Builder {
        private final int bitsPerKey;
        private long[] hashes = new long[1024];
        private int count;

        public Builder(int bitsPerKey) {
            this.bitsPerKey = bitsPerKey;
        }

        public void add(long hash) {
            if (count == hashes.length) {
                hashes = Arrays.copyOf(hashes, count * 2);
            }
            hashes[count++] = hash;
        }

        public byte[] finish() {
            if (bitsPerKey == 0 || count == 0) {
                return new byte[0];
            }
            int probes = Math.max(1, Math.min(30, (int) Math.round(bitsPerKey * 0.69)));
            int bitCount = Math.max(64, (int) Math.min(Integer.MAX_VALUE - 64L, (long) count * bitsPerKey));
            int bytes = (bitCount + 7) / 8;
            byte[] out = new byte[bytes + 1];
            bitCount = bytes * 8;
            for (int k = 0; k < count; k++) {
                long hash = hashes[k];
                int h1 = (int) hash;
                int h2 = (int) (hash >>> 32);
                for (int i = 0; i < probes; i++) {
                    int bit = position(h1 + i * h2, bitCount);
                    out[bit >>> 3] |= (byte) (1 << (bit & 7));
                }
            }
            out[bytes] = (byte) probes;
            return out;
        }
    }
}
