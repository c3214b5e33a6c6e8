package io.distdb.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Operations done by each client thread of a timed phase, its wall time, and the CPU time the whole
 * process used meanwhile: client threads, the engine's background flush and compaction threads (native
 * ones too), the JIT and the garbage collector.
 */
record Measurement(long[] opsPerThread, long nanos, long cpuNanos) {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Wall clock and process CPU clock at the start of a phase. */
    record Start(long nanos, long cpuNanos) {
        Measurement stop(long... opsPerThread) {
            return new Measurement(opsPerThread, System.nanoTime() - nanos, processCpuNanos() - cpuNanos);
        }
    }

    static Start start() {
        return new Start(System.nanoTime(), processCpuNanos());
    }

    static long processCpuNanos() {
        long cpu = OS.getProcessCpuTime();
        if (cpu < 0) {
            throw new IllegalStateException("this JVM cannot read the process CPU time");
        }
        return cpu;
    }

    long ops() {
        return Arrays.stream(opsPerThread).sum();
    }

    double opsPerSecond(long ops) {
        return ops * 1e9 / nanos;
    }

    double cpuMicrosPerOp(long ops) {
        return ops == 0 ? 0 : cpuNanos / 1e3 / ops;
    }

    double seconds() {
        return nanos / 1e9;
    }
}
