package io.distdb.server.replication;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al.): timestamps are wall-clock milliseconds in the high 48 bits and
 * a logical counter in the low 16. They never go backwards on a node, even when the wall clock does, and
 * a node that sees a timestamp from a peer moves past it, so a write that causally follows another always
 * carries a larger timestamp. Last-write-wins compares these timestamps.
 */
public final class HybridClock {

    static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private final LongSupplier wallMillis;
    private final AtomicLong last = new AtomicLong();

    public HybridClock() {
        this(System::currentTimeMillis);
    }

    public HybridClock(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /** A timestamp larger than every timestamp this clock has issued or seen. */
    public long now() {
        long physical = wallMillis.getAsLong() << LOGICAL_BITS;
        return last.updateAndGet(previous -> Math.max(previous + 1, physical));
    }

    /** Moves this clock past {@code remote}, a timestamp seen from another node. */
    public void observe(long remote) {
        last.accumulateAndGet(remote, Math::max);
    }

    public static long physicalMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    public static long logical(long timestamp) {
        return timestamp & LOGICAL_MASK;
    }
}
