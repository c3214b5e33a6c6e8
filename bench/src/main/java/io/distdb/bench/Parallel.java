package io.distdb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one task per client thread, all released at once, and measures from release to the last one's end. */
final class Parallel {

    /** The work of client thread {@code thread}; returns how many operations it did. */
    @FunctionalInterface
    interface Task {
        long run(int thread) throws Exception;
    }

    private Parallel() {
    }

    static Measurement run(int threads, Engine engine, Task task) {
        long[] ops = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(threads + 1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    engine.onClientThreadStart();
                    ready.await();
                    ops[thread] = task.run(thread);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.reset(); // frees the main thread if this one failed before the start
                }
            }, "bench-client-" + t);
            workers.add(worker);
            worker.start();
        }
        try {
            ready.await();
            Measurement.Start start = Measurement.start();
            for (Thread worker : workers) {
                worker.join();
            }
            Measurement measurement = start.stop(ops);
            if (failure.get() != null) {
                throw new IllegalStateException("a client thread failed: " + failure.get(), failure.get());
            }
            return measurement;
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a client thread failed before the start: " + failure.get(), failure.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running client threads", e);
        }
    }

    /** Start (inclusive) of thread {@code thread}'s share of {@code total} items. */
    static int sliceStart(int thread, int threads, int total) {
        return (int) ((long) total * thread / threads);
    }
}
