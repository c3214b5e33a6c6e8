package io.distdb.server.metrics;

import java.time.Duration;

/**
 * Fixed histogram buckets: a dozen or so per timer keeps the scrape small and lets Prometheus aggregate
 * quantiles across nodes, which client-side percentiles cannot.
 */
final class LatencyBuckets {

    /** Client requests: a cached read takes well under a millisecond, a QUORUM write across zones tens of them. */
    static final Duration[] REQUEST = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);

    /** Write-ahead log fsyncs: tens of microseconds on NVMe, milliseconds on network disks. */
    static final Duration[] FSYNC = millis(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000);

    private LatencyBuckets() {
    }

    private static Duration[] millis(double... values) {
        Duration[] buckets = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
        }
        return buckets;
    }
}
