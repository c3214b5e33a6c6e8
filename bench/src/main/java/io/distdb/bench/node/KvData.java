package io.distdb.bench.node;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The key-value entries of the benchmark, computed from their number rather than held: key {@code i} is 16 bytes
 * (32 hex digits), a bijective mix of {@code i} followed by another mix of it, so keys are distinct and arrive in
 * no particular order; its value is one of {@link #VARIANTS} seeded strings of letters and digits, chosen by
 * {@code i} and a version (0 for the load, others for overwrites), so an answer can be checked without storing
 * what was written.
 */
final class KvData {

    static final int VARIANTS = 64;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final long count;
    private final byte[][] putBodies = new byte[VARIANTS][];
    private final byte[][] getSuffixes = new byte[VARIANTS][];
    private final int valueBytes;

    KvData(long count, int valueBytes, long seed) {
        if (valueBytes < 1) {
            throw new IllegalArgumentException("--value-bytes must be positive: " + valueBytes);
        }
        this.count = count;
        this.valueBytes = valueBytes;
        SplittableRandom random = new SplittableRandom(seed);
        for (int v = 0; v < VARIANTS; v++) {
            StringBuilder value = new StringBuilder(valueBytes);
            for (int c = 0; c < valueBytes; c++) {
                value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            putBodies[v] = ("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"" + value + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);
            getSuffixes[v] = ("\"value\":\"" + value + "\"}").getBytes(StandardCharsets.US_ASCII);
        }
    }

    long count() {
        return count;
    }

    int valueBytes() {
        return valueBytes;
    }

    /** Size of the PUT body (the stored JSON entry is about as large). */
    int bodyBytes() {
        return putBodies[0].length;
    }

    /** {@code /api/v1/kv/<hex key i>}. */
    String path(long i) {
        HexFormat hex = HexFormat.of();
        return "/api/v1/kv/" + hex.toHexDigits(mix(i)) + hex.toHexDigits(mix(~i * 0x9E3779B97F4A7C15L));
    }

    byte[] putBody(long i, int version) {
        return putBodies[variant(i, version)];
    }

    /** The end of a GET answer of entry {@code i} at {@code version}: its value and the closing brace. */
    byte[] getSuffix(long i, int version) {
        return getSuffixes[variant(i, version)];
    }

    private static int variant(long i, int version) {
        return (int) Math.floorMod(i * 31 + version, (long) VARIANTS);
    }

    /** SplitMix64's finalizer: a bijection of 64-bit values. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
