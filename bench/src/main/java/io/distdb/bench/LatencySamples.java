package io.distdb.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** The bookkeeping shared by the benchmarks' closed-loop clients: latency samples per thread and client CPU time. */
public final class LatencySamples {

    private LatencySamples() {
    }

    /** Every thread's samples ({@code counts[t]} of {@code latencies[t]}, in ns) in one sorted array. */
    public static long[] sorted(long[][] latencies, int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < counts.length; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return all;
    }

    /** The latency at quantile {@code q} of sorted nanosecond samples, in µs; 0 without samples. */
    public static long percentileMicros(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000;
    }

    /** CPU time of this JVM so far, in µs (0 if the platform does not tell). */
    public static long processCpuMicros() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime() / 1000);
        }
        return 0;
    }
}
