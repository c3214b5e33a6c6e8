package io.distdb.writer;

/**
 * Hands out start times, evenly spaced, for a total rate shared by all write threads: each thread asks for the
 * next slot and waits until it. When the threads fall behind (the node is slow or unreachable) the schedule
 * forgives all but {@link #MAX_BACKLOG_NANOS} of the delay, so that recovery brings at most one second's worth of
 * extra writes instead of a burst that would skew the latencies measured right after a disruption.
 */
final class Pacer {

    static final long MAX_BACKLOG_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private long next;
    private boolean started;

    /** @param ratePerSecond writes per second in total; 0 means no pacing (as fast as the threads go) */
    Pacer(double ratePerSecond) {
        this.intervalNanos = ratePerSecond <= 0 ? 0 : Math.max(1, Math.round(1_000_000_000d / ratePerSecond));
    }

    /**
     * The {@link System#nanoTime()} at which the caller should start its next write.
     *
     * @param now the current {@link System#nanoTime()}
     */
    synchronized long nextSlot(long now) {
        if (intervalNanos == 0) {
            return now;
        }
        if (!started || next - now < -MAX_BACKLOG_NANOS) {
            next = started ? now - MAX_BACKLOG_NANOS : now;
            started = true;
        }
        long slot = next;
        next += intervalNanos;
        return slot;
    }
}
