package io.distdb.bench;

/**
 * Deterministic benchmark data. Key number {@code i} is 16 bytes: a bijective 64-bit hash of {@code i}
 * (so writing keys 0, 1, 2... inserts them in random key order), then {@code i} itself (so a key read
 * back from a scan tells which value it must hold). Values are pseudo-random bytes, incompressible.
 * The same seed gives the same keys and values on every run and for every engine.
 */
public final class KeyValueGenerator {

    public static final int KEY_BYTES = 16;

    private final long seed;
    private final int valueBytes;

    public KeyValueGenerator(long seed, int valueBytes) {
        if (valueBytes < 1) {
            throw new IllegalArgumentException("value size must be positive: " + valueBytes);
        }
        this.seed = seed;
        this.valueBytes = valueBytes;
    }

    public int valueBytes() {
        return valueBytes;
    }

    public byte[] key(long i) {
        byte[] key = new byte[KEY_BYTES];
        putLong(key, 0, mix64(i ^ seed));
        putLong(key, 8, i);
        return key;
    }

    /** The number {@code i} that {@link #key(long)} was made from. */
    public static long indexOf(byte[] key) {
        long i = 0;
        for (int b = 8; b < KEY_BYTES; b++) {
            i = (i << 8) | (key[b] & 0xFF);
        }
        return i;
    }

    /** The value a fill writes under key {@code i}. */
    public byte[] value(long i) {
        return value(i, 0);
    }

    /** Version {@code version} of the value of key {@code i}; overwrites use versions above 0. */
    public byte[] value(long i, int version) {
        byte[] value = new byte[valueBytes];
        long state = mix64(mix64(i + seed) ^ ((long) version << 32 | 0x5bd1e995L));
        int pos = 0;
        while (pos < valueBytes) {
            state += 0x9E3779B97F4A7C15L;
            long bits = mix64(state);
            for (int b = 0; b < 8 && pos < valueBytes; b++, bits >>>= 8) {
                value[pos++] = (byte) bits;
            }
        }
        return value;
    }

    /** SplitMix64's finalizer: a bijection on 64-bit values that scatters consecutive inputs. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void putLong(byte[] target, int offset, long v) {
        for (int b = 7; b >= 0; b--, v >>>= 8) {
            target[offset + b] = (byte) v;
        }
    }
}
