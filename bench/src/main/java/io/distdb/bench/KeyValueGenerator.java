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
    private final boolean text;

    public KeyValueGenerator(long seed, int valueBytes) {
        this(seed, valueBytes, false);
    }

    /** {@code text}: JSON-like text values (compressible, as a document store's) instead of random bytes. */
    public KeyValueGenerator(long seed, int valueBytes, boolean text) {
        if (valueBytes < 1) {
            throw new IllegalArgumentException("value size must be positive: " + valueBytes);
        }
        this.seed = seed;
        this.valueBytes = valueBytes;
        this.text = text;
        if (text && valueBytes < 32) {
            throw new IllegalArgumentException("JSON-like values need at least 32 bytes: " + valueBytes);
        }
    }

    private static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "JP", "IN", "NG", "SE", "CA", "AU"};
    private static final String[] PLANS = {"free", "basic", "pro", "enterprise"};
    private static final String[] WORDS = {"order", "shipped", "pending", "customer", "invoice", "paid", "refund",
        "account", "updated", "address", "delivery", "express", "warehouse", "return", "note", "priority"};

    /**
     * A JSON-like document of exactly {@code valueBytes} (cut or padded with a note of common words), its
     * fields drawn from {@code state}: ids, names, dates and enums, as rows of a document store look.
     */
    private byte[] textValue(long i, long state) {
        StringBuilder sb = new StringBuilder(valueBytes + 64);
        long r = mix64(state);
        sb.append("{\"id\":").append(i)
                .append(",\"user\":\"user").append(Long.remainderUnsigned(r, 1_000_000))
                .append("\",\"email\":\"user").append(Long.remainderUnsigned(r >>> 20, 1_000_000)).append("@example.com\"")
                .append(",\"country\":\"").append(COUNTRIES[(int) Long.remainderUnsigned(r >>> 40, COUNTRIES.length)])
                .append("\",\"plan\":\"").append(PLANS[(int) ((r >>> 50) & 3)]);
        r = mix64(r);
        sb.append("\",\"created\":\"2026-").append(String.format("%02d-%02dT%02d:%02d:%02dZ", 1 + (r & 7),
                        1 + ((r >>> 3) & 15), (r >>> 8) & 15, (r >>> 12) & 31, (r >>> 17) & 31))
                .append("\",\"score\":").append((r >>> 24) & 1023)
                .append(",\"active\":").append(((r >>> 34) & 1) == 0 ? "true" : "false")
                .append(",\"note\":\"");
        while (sb.length() < valueBytes) {
            r = mix64(r);
            sb.append(WORDS[(int) (r & 15)]).append(' ');
        }
        sb.setLength(valueBytes - 2);
        sb.append("\"}");
        byte[] out = sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return out.length == valueBytes ? out : java.util.Arrays.copyOf(out, valueBytes);
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
        long state = mix64(mix64(i + seed) ^ ((long) version << 32 | 0x5bd1e995L));
        if (text) {
            return textValue(i, state);
        }
        byte[] value = new byte[valueBytes];
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
