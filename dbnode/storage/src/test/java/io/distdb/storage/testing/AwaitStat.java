package io.distdb.storage.testing;

import io.distdb.storage.KvStore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a store's counter to reach a value: the event a test of background work needs, rather than a
 * sleep. The bound only keeps a broken build from hanging; it is no assertion about speed.
 */
public final class AwaitStat {

    private static final long BOUND_NANOS = TimeUnit.MINUTES.toNanos(2);

    private AwaitStat() {
    }

    /** Waits until {@code stat} is at least {@code min}. */
    public static void atLeast(KvStore store, String stat, long min) throws InterruptedException {
        atLeast(store, stat, min, () -> { });
    }

    /** Waits until {@code stat} is at least {@code min}, running {@code meanwhile} between looks. */
    public static void atLeast(KvStore store, String stat, long min, Runnable meanwhile) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (store.stats().get(stat) < min) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stat + " never reached " + min + ": " + store.stats());
            }
            meanwhile.run();
            Thread.sleep(5);
        }
    }
}
