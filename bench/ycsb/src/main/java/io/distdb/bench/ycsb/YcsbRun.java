package io.distdb.bench.ycsb;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YCSB phase (load or transactions) in a child JVM running {@code site.ycsb.Client}, and the figures
 * parsed from its text output. A child JVM because YCSB's client ends with {@code System.exit}, and so
 * that every phase starts with the same fresh client JVM for both databases.
 */
final class YcsbRun {

    /** Figures of one operation type: count, latency percentiles in µs, and non-OK returns. */
    record OpStats(long operations, double p50, double p99, long failures) {
    }

    /**
     * What one phase measured: overall throughput and runtime, and per operation type; {@code clientCpuMicros}, the
     * CPU time (user + system) of the YCSB client JVM over its whole life (start-up included), or -1 if unknown.
     */
    record Result(double throughput, double runtimeMs, Map<String, OpStats> ops, long clientCpuMicros) {
        Result(double throughput, double runtimeMs, Map<String, OpStats> ops) {
            this(throughput, runtimeMs, ops, -1);
        }

        long failures() {
            return ops.values().stream().mapToLong(OpStats::failures).sum();
        }

        long operations() {
            return ops.values().stream().mapToLong(o -> o.operations() + o.failures()).sum();
        }
    }

    /** GNU time, to read the client JVM's CPU time when it exits; absent on some machines. */
    private static final Path TIME = Path.of("/usr/bin/time");

    private YcsbRun() {
    }

    /**
     * Runs {@code site.ycsb.Client} with {@code -load} or {@code -t}; its stdout (the measurements) is
     * kept in {@code output}; its stderr goes to this process's stderr, the periodic status lines rewritten as
     * progress lines that start with {@code label} (system and phase).
     */
    static Result run(String label, boolean load, String dbClass, Path workload, Map<String, String> properties,
            int threads, Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        Path cpuFile = Path.of(output + ".cpu");
        Files.deleteIfExists(cpuFile);
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            command.addAll(List.of(TIME.toString(), "-o", cpuFile.toString(), "-f", "%U %S"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("site.ycsb.Client");
        command.add(load ? "-load" : "-t");
        command.add("-db");
        command.add(dbClass);
        command.add("-P");
        command.add(workload.toString());
        properties.forEach((name, value) -> {
            command.add("-p");
            command.add(name + "=" + value);
        });
        command.add("-threads");
        command.add(Integer.toString(threads));
        command.add("-s");
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Thread relay = new Thread(() -> relayStatus(label, process.getErrorStream()), "ycsb-status");
        relay.setDaemon(true);
        relay.start();
        int exit = process.waitFor();
        relay.join(5000);
        if (exit != 0) {
            throw new IOException("YCSB exited with " + exit + "; its output is in " + output);
        }
        Result result = parse(Files.readAllLines(output));
        if (timed && Files.exists(cpuFile)) {
            try {
                String[] userSystem = Files.readString(cpuFile).strip().split("\\s+");
                long micros = Math.round((Double.parseDouble(userSystem[0]) + Double.parseDouble(userSystem[1])) * 1e6);
                return new Result(result.throughput(), result.runtimeMs(), result.ops(), micros);
            } catch (RuntimeException unreadable) {
                return result;
            }
        }
        return result;
    }

    private static void relayStatus(String label, java.io.InputStream stderr) {
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(stderr, java.nio.charset.StandardCharsets.UTF_8))) {
            long lastSeconds = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                StatusLine status = StatusLine.parse(line);
                if (status == null) {
                    if (!StatusLine.isChatter(line)) {
                        System.err.println(line);
                    }
                } else if (status.seconds() > 0 && status.seconds() > lastSeconds) {
                    // YCSB's first status comes at 0 s, and its last repeats the last interval's second.
                    YcsbBenchmark.progress(status.describe(label));
                    lastSeconds = status.seconds();
                }
            }
        } catch (IOException closed) {
            // the client is gone
        }
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
