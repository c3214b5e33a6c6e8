package io.distdb.bench;

import java.util.SplittableRandom;

/**
 * Everything the timed loops touch, generated before any timing starts: the keys and values of the
 * fill, and the random key numbers each read, seek and overwrite uses. Both engines get identical arrays.
 */
final class Dataset {

    /** Distinct values the read-while-writing writer cycles through (version 1 of the first keys). */
    private static final int OVERWRITE_VALUE_POOL = 65_536;

    final byte[][] keys;
    final byte[][] values;
    final int[] reads;
    final int[] seeks;
    final int[] warmupReads;
    final int[] overwrites;
    final byte[][] overwriteValues;

    private Dataset(BenchConfig config) {
        KeyValueGenerator generator = new KeyValueGenerator(config.seed(), config.valueBytes(), config.textValues());
        int n = config.keys();
        keys = new byte[n][];
        values = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = generator.key(i);
            values[i] = generator.value(i);
        }
        reads = randomIndexes(config.reads(), n, config.seed() + 1);
        seeks = randomIndexes(config.seeks(), n, config.seed() + 2);
        warmupReads = randomIndexes(warmupOps(Math.max(config.reads(), config.seeks())), n, config.seed() + 3);
        overwrites = randomIndexes(Math.max(config.reads(), 100_000), n, config.seed() + 4);
        overwriteValues = new byte[Math.min(n, OVERWRITE_VALUE_POOL)][];
        for (int i = 0; i < overwriteValues.length; i++) {
            overwriteValues[i] = generator.value(i, 1);
        }
    }

    static Dataset generate(BenchConfig config) {
        return new Dataset(config);
    }

    int size() {
        return keys.length;
    }

    /** How many untimed operations warm an engine up before a timed phase of {@code timedOps}. */
    static int warmupOps(long timedOps) {
        return (int) Math.max(1, Math.min(timedOps / 10, 100_000));
    }

    private static int[] randomIndexes(int count, int bound, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] indexes = new int[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = random.nextInt(bound);
        }
        return indexes;
    }
}
