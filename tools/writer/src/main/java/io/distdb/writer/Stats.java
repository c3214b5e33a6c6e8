package io.distdb.writer;

import java.util.Arrays;

/**
 * Counts and latency percentiles of the requests that started in a time window. Latencies are kept in a growing
 * {@code long[]} (8 bytes a request), which is small next to a log of the same requests.
 */
final class Stats {

    private final long from;
    private final long to;
    private long ok;
    private long errors;
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private long[] latencies = new long[1024];
    private int count;

    /** Requests with {@code from <= startMillis < to} count. */
    Stats(long from, long to) {
        this.from = from;
        this.to = to;
    }

    void add(LogRecord record) {
        long start = record.startMillis();
        if (start < from || start >= to) {
            return;
        }
        if (record.ok()) {
            ok++;
        } else {
            errors++;
        }
        firstMillis = Math.min(firstMillis, start);
        lastMillis = Math.max(lastMillis, start);
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = record.latencyMicros();
    }

    /** {@code {"ok","errors","p50Micros","p99Micros","maxMicros","firstMillis","lastMillis"}}, zeros when empty. */
    String toJson() {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        boolean empty = count == 0;
        return "{\"ok\":" + ok
                + ",\"errors\":" + errors
                + ",\"p50Micros\":" + percentile(sorted, 50)
                + ",\"p99Micros\":" + percentile(sorted, 99)
                + ",\"maxMicros\":" + (empty ? 0 : sorted[count - 1])
                + ",\"firstMillis\":" + (empty ? 0 : firstMillis)
                + ",\"lastMillis\":" + (empty ? 0 : lastMillis)
                + "}";
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code p} percent of the values at or below it,
     * always one of the measured values.
     */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        long rank = Math.max(1, (p * (long) sorted.length + 99) / 100); // ceil(p / 100 * n)
        return sorted[(int) rank - 1];
    }
}
