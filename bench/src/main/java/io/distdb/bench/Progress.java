package io.distdb.bench;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How a benchmark shows that it is still working: every {@code --progress-seconds} (default 10, 0 = never) a
 * line on stderr per running phase, with the time elapsed, the count and rate so far and over the last interval,
 * and how far along the phase is when that is known. Stderr, so that the results on stdout (and their Markdown
 * copy) stay as they are. Each kind of phase has its own factory; every one returns a {@link ProgressPhase} to
 * close when the phase ends.
 */
public final class Progress {

    public static final String FLAG = "progress-seconds";
    public static final long DEFAULT_SECONDS = 10;
    public static final String USAGE =
            "  --progress-seconds=10  a progress line on stderr this often while a phase runs (0: none)\n";

    private final long intervalNanos;
    private final PrintStream out;

    public Progress(long seconds, PrintStream out) {
        if (seconds < 0) {
            throw new IllegalArgumentException("--" + FLAG + " must not be negative: " + seconds);
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
        this.out = out;
    }

    /** From {@code --progress-seconds}, to stderr. */
    public static Progress fromFlags(Flags flags) {
        return new Progress(flags.number(FLAG, DEFAULT_SECONDS), System.err);
    }

    /** A phase that counts nothing (a flush, a node starting, a wait for compactions): the time elapsed only. */
    public ProgressPhase waiting(String phase) {
        return start(phase, ProgressLine.Unit.OPS, 0, () -> ProgressLine.NOT_COUNTED, () -> 0);
    }

    /** A phase of {@code total} operations (0: unknown) counted by its workers through {@link ProgressPhase#add}. */
    public ProgressPhase counting(String phase, long total) {
        return start(phase, ProgressLine.Unit.OPS, 0, null, () -> total);
    }

    /** A phase of {@code total} operations (0: unknown) counted by a counter the workers keep anyway. */
    public ProgressPhase counting(String phase, LongSupplier done, long total) {
        return start(phase, ProgressLine.Unit.OPS, 0, done, () -> total);
    }

    /** A phase that runs for {@code seconds}; how far along it is comes from the clock. */
    public ProgressPhase timed(String phase, long seconds, LongSupplier done) {
        return start(phase, ProgressLine.Unit.OPS, TimeUnit.SECONDS.toNanos(seconds), done, () -> 0);
    }

    /** A phase that moves bytes, e.g. a rebalance: MB so far, MB/s, and the share of {@code total} (0: unknown). */
    public ProgressPhase bytes(String phase, LongSupplier moved, LongSupplier total) {
        return start(phase, ProgressLine.Unit.MB, 0, moved, total);
    }

    private ProgressPhase start(String phase, ProgressLine.Unit unit, long durationNanos, LongSupplier count,
            LongSupplier total) {
        return new ProgressPhase(phase, new ProgressLine(phase, unit, durationNanos), count, total, intervalNanos, out);
    }
}
