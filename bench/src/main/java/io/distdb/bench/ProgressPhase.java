package io.distdb.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One phase being watched: a daemon thread prints a {@link ProgressLine} every interval until the phase is closed.
 * The workers are never slowed down by it: they only add to a {@link LongAdder} (or to a counter they keep anyway),
 * and the thread reads it once per interval. A phase shorter than the interval prints nothing; its result line is
 * the tool's own.
 */
public final class ProgressPhase implements AutoCloseable {

    private final LongAdder counter = new LongAdder();
    private final ProgressLine line;
    private final LongSupplier count;
    private final LongSupplier total;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final Thread ticker;
    private volatile Supplier<String> detail = () -> null;
    private boolean closed;

    /**
     * @param count the count so far ({@code null}: this phase's own counter, fed by {@link #add}), or a supplier of
     *              {@link ProgressLine#NOT_COUNTED}
     * @param total the count at which the phase is done, 0 if unknown; read at every line (a rebalance learns its
     *              total as it goes)
     */
    ProgressPhase(String name, ProgressLine line, LongSupplier count, LongSupplier total, long intervalNanos,
            PrintStream out) {
        this.line = line;
        this.count = count == null ? counter::sum : count;
        this.total = total;
        this.out = out;
        if (intervalNanos > 0) {
            ticker = new Thread(() -> tick(intervalNanos), "progress " + name);
            ticker.setDaemon(true);
            ticker.start();
        } else {
            ticker = null;
        }
    }

    /** Adds {@code n} to this phase's own counter; workers call it every so many operations, not for each one. */
    public void add(long n) {
        counter.add(n);
    }

    /** This phase's own counter, for workers that add to it directly. */
    public LongAdder counter() {
        return counter;
    }

    /** Appends {@code detail}'s text (failures, per-node states) to every line from now on; returns this phase. */
    public ProgressPhase detail(Supplier<String> detail) {
        this.detail = detail;
        return this;
    }

    /** Stops the lines; none is printed once this returns. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (ticker != null) {
            LockSupport.unpark(ticker);
        }
    }

    private void tick(long intervalNanos) {
        long next = startNanos + intervalNanos;
        while (true) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                continue;
            }
            print(System.nanoTime() - startNanos);
            // Ticks stay on multiples of the interval; one missed (a long GC pause) is skipped, not printed twice.
            while (next <= System.nanoTime()) {
                next += intervalNanos;
            }
        }
    }

    private void print(long elapsedNanos) {
        String text;
        try {
            text = line.next(elapsedNanos, count.getAsLong(), total.getAsLong(), detail.get());
        } catch (RuntimeException e) {
            text = "[progress] cannot read the progress: " + e;
        }
        synchronized (this) {
            if (!closed) {
                out.println(text);
            }
        }
    }
}
