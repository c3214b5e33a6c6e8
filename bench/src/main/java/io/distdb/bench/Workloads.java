package io.distdb.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The timed loops. Each touches only pre-generated arrays of a {@link Dataset}, splits its operations
 * evenly over the client threads, and fails loudly if an engine loses a key.
 */
final class Workloads {

    /** Entries a seek reads after the one it lands on (RocksDB db_bench's {@code seek_nexts}). */
    static final int SEEK_NEXTS = 10;

    /**
     * Operations a client thread does between two additions to the phase's progress counter: one shared counter
     * touched per operation would cost the fastest engines a measurable share of their time.
     */
    static final int PROGRESS_BATCH = 1024;

    /** Reads and writes of one read-while-writing phase, measured together. */
    record ReadWhileWriting(Measurement measurement, long reads, long writes) {
    }

    private Workloads() {
    }

    /**
     * Puts keys {@code [from, to)} of the dataset, in index order (which is random key order); adds the puts done
     * to {@code done} as it goes.
     */
    static Measurement fill(Engine engine, Dataset data, int from, int to, int threads, LongAdder done) {
        return Parallel.run(threads, engine, thread -> {
            int start = from + Parallel.sliceStart(thread, threads, to - from);
            int end = from + Parallel.sliceStart(thread + 1, threads, to - from);
            for (int batch = start; batch < end; batch += PROGRESS_BATCH) {
                int batchEnd = Math.min(end, batch + PROGRESS_BATCH);
                for (int i = batch; i < batchEnd; i++) {
                    engine.put(data.keys[i], data.values[i]);
                }
                done.add(batchEnd - batch);
            }
            return end - start;
        });
    }

    /** Gets the keys numbered in {@code indexes}; every one must exist. Adds the reads done to {@code done}. */
    static Measurement readRandom(Engine engine, Dataset data, int[] indexes, int threads, LongAdder done) {
        return Parallel.run(threads, engine, thread -> readSlice(engine, data, indexes, thread, threads, done));
    }

    /**
     * Seeks to the keys numbered in {@code indexes} and reads that entry and the next {@link #SEEK_NEXTS}; adds the
     * seeks done to {@code done}.
     */
    static Measurement seekRandom(Engine engine, Dataset data, int[] indexes, int threads, LongAdder done) {
        return Parallel.run(threads, engine, thread -> {
            int start = Parallel.sliceStart(thread, threads, indexes.length);
            int end = Parallel.sliceStart(thread + 1, threads, indexes.length);
            for (int batch = start; batch < end; batch += PROGRESS_BATCH) {
                int batchEnd = Math.min(end, batch + PROGRESS_BATCH);
                for (int i = batch; i < batchEnd; i++) {
                    if (engine.scan(data.keys[indexes[i]], SEEK_NEXTS + 1, Engine.DISCARD) == 0) {
                        throw new IllegalStateException("seek found nothing at or after existing key #" + indexes[i]);
                    }
                }
                done.add(batchEnd - batch);
            }
            return end - start;
        });
    }

    /**
     * {@code readers} threads read the keys numbered in {@code indexes} while one more thread overwrites
     * random existing keys as fast as it can, until the last reader is done. Adds the reads done to
     * {@code readsDone} (the reads decide when the phase ends).
     */
    static ReadWhileWriting readWhileWriting(Engine engine, Dataset data, int[] indexes, int readers,
            LongAdder readsDone) {
        AtomicInteger readersLeft = new AtomicInteger(readers);
        Measurement m = Parallel.run(readers + 1, engine, thread -> {
            if (thread == readers) {
                return overwriteUntil(readersLeft, engine, data);
            }
            try {
                return readSlice(engine, data, indexes, thread, readers, readsDone);
            } finally {
                readersLeft.decrementAndGet();
            }
        });
        long reads = Arrays.stream(m.opsPerThread(), 0, readers).sum();
        return new ReadWhileWriting(m, reads, m.opsPerThread()[readers]);
    }

    private static long readSlice(Engine engine, Dataset data, int[] indexes, int thread, int threads,
            LongAdder done) {
        int start = Parallel.sliceStart(thread, threads, indexes.length);
        int end = Parallel.sliceStart(thread + 1, threads, indexes.length);
        for (int batch = start; batch < end; batch += PROGRESS_BATCH) {
            int batchEnd = Math.min(end, batch + PROGRESS_BATCH);
            for (int i = batch; i < batchEnd; i++) {
                if (engine.get(data.keys[indexes[i]]) == null) {
                    throw new IllegalStateException("existing key #" + indexes[i] + " was not found");
                }
            }
            done.add(batchEnd - batch);
        }
        return end - start;
    }

    private static long overwriteUntil(AtomicInteger readersLeft, Engine engine, Dataset data) {
        int[] keys = data.overwrites;
        byte[][] values = data.overwriteValues;
        long writes = 0;
        // At least one write: on a busy machine the readers of a small run can finish before this thread starts.
        do {
            int i = (int) (writes % keys.length);
            engine.put(data.keys[keys[i]], values[(int) (writes % values.length)]);
            writes++;
        } while (readersLeft.get() > 0);
        return writes;
    }
}
