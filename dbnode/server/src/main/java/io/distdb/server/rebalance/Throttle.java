package io.distdb.server.rebalance;

/** Paces a stream to a number of bytes per second by sleeping whenever it is ahead of that rate. */
final class Throttle {

    private final long bytesPerSecond;
    private final long started = System.nanoTime();
    private long sent;

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void acquire(long bytes) throws InterruptedException {
        sent += bytes;
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = sent * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - started);
        if (aheadNanos > 1_000_000) {
            Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
        }
    }
}
