package io.distdb.bench.ycsb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one YCSB phase (load or transactions), parsed from the measurements in YCSB's text format that
 * the system's client JVM writes for it ({@link ClientJvm}, {@link InProcessPhase}).
 */
final class YcsbRun {

    /** Figures of one operation type: count, latency percentiles in µs, and non-OK returns. */
    record OpStats(long operations, double p50, double p99, long failures) {
    }

    /**
     * What one phase measured: overall throughput and runtime, and per operation type; {@code clientCpuMicros}, the
     * CPU time (user + system) of the YCSB client JVM during the phase, or -1 if unknown.
     */
    record Result(double throughput, double runtimeMs, Map<String, OpStats> ops, long clientCpuMicros) {
        Result(double throughput, double runtimeMs, Map<String, OpStats> ops) {
            this(throughput, runtimeMs, ops, -1);
        }

        Result withClientCpu(long micros) {
            return new Result(throughput, runtimeMs, ops, micros);
        }

        long failures() {
            return ops.values().stream().mapToLong(OpStats::failures).sum();
        }

        long operations() {
            return ops.values().stream().mapToLong(o -> o.operations() + o.failures()).sum();
        }
    }

    private YcsbRun() {
    }

    /** Parses lines such as {@code [READ], 99thPercentileLatency(us), 512}. */
    static Result parse(List<String> lines) {
        double throughput = 0;
        double runtime = 0;
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, double[]> latencies = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(", ", 3);
            if (parts.length != 3 || !parts[0].startsWith("[")) {
                continue;
            }
            String section = parts[0].substring(1, parts[0].length() - 1);
            String metric = parts[1];
            String value = parts[2].trim();
            if (section.equals("OVERALL")) {
                if (metric.equals("Throughput(ops/sec)")) {
                    throughput = Double.parseDouble(value);
                } else if (metric.equals("RunTime(ms)")) {
                    runtime = Double.parseDouble(value);
                }
                continue;
            }
            if (section.equals("CLEANUP") || section.endsWith("-FAILED")) {
                // A failed operation is also counted under its own type by a Return= line.
                continue;
            }
            long[] count = counts.computeIfAbsent(section, s -> new long[2]);
            double[] latency = latencies.computeIfAbsent(section, s -> new double[2]);
            switch (metric) {
                case "Operations" -> count[0] = Long.parseLong(value);
                case "50thPercentileLatency(us)" -> latency[0] = Double.parseDouble(value);
                case "99thPercentileLatency(us)" -> latency[1] = Double.parseDouble(value);
                default -> {
                    if (metric.startsWith("Return=") && !metric.equals("Return=OK")) {
                        count[1] += Long.parseLong(value);
                    }
                }
            }
        }
        Map<String, OpStats> ops = new LinkedHashMap<>();
        counts.forEach((op, count) -> {
            if (count[0] == 0 && count[1] == 0) {
                return; // not an operation type: YCSB's GC counters
            }
            double[] latency = latencies.get(op);
            ops.put(op, new OpStats(count[0], latency[0], latency[1], count[1]));
        });
        return new Result(throughput, runtime, ops);
    }
}
