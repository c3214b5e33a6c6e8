package io.distdb.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timed loops. Each touches only pre-generated arrays of a {@link Dataset}, splits its operations
 * evenly over the client threads, and fails loudly if an engine loses a key.
 */
final class Workloads {

    /** Entries a seek reads after the one it lands on (RocksDB db_bench's {@code seek_nexts}). */
    static final int SEEK_NEXTS = 10;

    /** Reads and writes of one read-while-writing phase, measured together. */
    record ReadWhileWriting(Measurement measurement, long reads, long writes) {
    }

    private Workloads() {
    }

    /** Puts keys {@code [from, to)} of the dataset, in index order (which is random key order). */
    static Measurement fill(Engine engine, Dataset data, int from, int to, int threads) {
        return Parallel.run(threads, engine, thread -> {
            int start = from + Parallel.sliceStart(thread, threads, to - from);
            int end = from + Parallel.sliceStart(thread + 1, threads, to - from);
            for (int i = start; i < end; i++) {
                engine.put(data.keys[i], data.values[i]);
            }
            return end - start;
        });
    }

    /** Gets the keys numbered in {@code indexes}; every one must exist. */
    static Measurement readRandom(Engine engine, Dataset data, int[] indexes, int threads) {
        return Parallel.run(threads, engine, thread -> readSlice(engine, data, indexes, thread, threads));
    }

    /** Seeks to the keys numbered in {@code indexes} and reads that entry and the next {@link #SEEK_NEXTS}. */
    static Measurement seekRandom(Engine engine, Dataset data, int[] indexes, int threads) {
        return Parallel.run(threads, engine, thread -> {
            int start = Parallel.sliceStart(thread, threads, indexes.length);
            int end = Parallel.sliceStart(thread + 1, threads, indexes.length);
            for (int i = start; i < end; i++) {
                if (engine.scan(data.keys[indexes[i]], SEEK_NEXTS + 1, Engine.DISCARD) == 0) {
                    throw new IllegalStateException("seek found nothing at or after existing key #" + indexes[i]);
                }
            }
            return end - start;
        });
    }

    /**
     * {@code readers} threads read the keys numbered in {@code indexes} while one more thread overwrites
     * random existing keys as fast as it can, until the last reader is done.
     */
    static ReadWhileWriting readWhileWriting(Engine engine, Dataset data, int[] indexes, int readers) {
        AtomicInteger readersLeft = new AtomicInteger(readers);
        Measurement m = Parallel.run(readers + 1, engine, thread -> {
            if (thread == readers) {
                return overwriteUntil(readersLeft, engine, data);
            }
            try {
                return readSlice(engine, data, indexes, thread, readers);
            } finally {
                readersLeft.decrementAndGet();
            }
        });
        long reads = Arrays.stream(m.opsPerThread(), 0, readers).sum();
        return new ReadWhileWriting(m, reads, m.opsPerThread()[readers]);
    }

    private static long readSlice(Engine engine, Dataset data, int[] indexes, int thread, int threads) {
        int start = Parallel.sliceStart(thread, threads, indexes.length);
        int end = Parallel.sliceStart(thread + 1, threads, indexes.length);
        for (int i = start; i < end; i++) {
            if (engine.get(data.keys[indexes[i]]) == null) {
                throw new IllegalStateException("existing key #" + indexes[i] + " was not found");
            }
        }
        return end - start;
    }

    private static long overwriteUntil(AtomicInteger readersLeft, Engine engine, Dataset data) {
        int[] keys = data.overwrites;
        byte[][] values = data.overwriteValues;
        long writes = 0;
        while (readersLeft.get() > 0) {
            int i = (int) (writes % keys.length);
            engine.put(data.keys[keys[i]], values[(int) (writes % values.length)]);
            writes++;
        }
        return writes;
    }
}
