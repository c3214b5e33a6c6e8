package io.distdb.bench.ycsb;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Markdown tables of a YCSB comparison of any number of systems: throughput per phase with the ratios of the
 * first system to each other one, server and client CPU per operation and resident memory, and latency percentiles per
 * operation type. Missing figures (a phase a system did not run) are left blank.
 */
final class YcsbReport {

    private YcsbReport() {
    }

    /**
     * @param systems in report order; the first is the numerator of every ratio
     * @param phases  {@code load} and the workload letters, in order
     * @param results system -> phase -> YCSB result; the other maps are keyed the same way
     */
    static String render(List<String> systems, List<String> phases, Function<String, String> names,
            Map<String, Map<String, YcsbRun.Result>> results, Map<String, Map<String, Double>> cpuPerOp,
            Map<String, Map<String, Double>> clientCpuPerOp, Map<String, Map<String, Long>> rssBytes, Map<String, Map<String, String>> loadAverages) {
        StringBuilder out = new StringBuilder();
        String first = systems.get(0);
        List<String> others = systems.subList(1, systems.size());

        out.append("| workload |");
        systems.forEach(s -> out.append(' ').append(names.apply(s)).append(" ops/s |"));
        others.forEach(s -> out.append(' ').append(names.apply(first)).append('/').append(names.apply(s)).append(" |"));
        out.append(" failed ops | load avg before |\n| --- |");
        out.append(" ---: |".repeat(systems.size() + others.size() + 2)).append('\n');
        for (String phase : phases) {
            out.append("| ").append(YcsbBenchmark.phaseName(phase)).append(" |");
            systems.forEach(s -> out.append(' ').append(cell(result(results, s, phase), r -> num(r.throughput()))).append(" |"));
            YcsbRun.Result base = result(results, first, phase);
            for (String s : others) {
                YcsbRun.Result other = result(results, s, phase);
                out.append(' ').append(base == null || other == null || other.throughput() == 0 ? ""
                        : String.format(Locale.ROOT, "**%.3f**", base.throughput() / other.throughput())).append(" |");
            }
            out.append(' ').append(joined(systems, s -> cell(result(results, s, phase), r -> Long.toString(r.failures()))))
                    .append(" | ").append(joined(systems, s -> value(loadAverages, s, phase, v -> v))).append(" |\n");
        }

        out.append("\nServer CPU per operation (µs, all server processes), YCSB client JVM CPU per operation (µs) and ")
                .append("servers' resident memory after the phase (MB):\n\n");
        out.append("| workload |");
        systems.forEach(s -> out.append(' ').append(names.apply(s)).append(" CPU µs/op |"));
        systems.forEach(s -> out.append(' ').append(names.apply(s)).append(" client µs/op |"));
        systems.forEach(s -> out.append(' ').append(names.apply(s)).append(" RSS MB |"));
        out.append("\n| --- |").append(" ---: |".repeat(3 * systems.size())).append('\n');
        for (String phase : phases) {
            out.append("| ").append(YcsbBenchmark.phaseName(phase)).append(" |");
            systems.forEach(s -> out.append(' ')
                    .append(value(cpuPerOp, s, phase, v -> String.format(Locale.ROOT, "%.1f", v))).append(" |"));
            systems.forEach(s -> out.append(' ').append(value(clientCpuPerOp, s, phase,
                    v -> v < 0 ? "" : String.format(Locale.ROOT, "%.1f", v))).append(" |"));
            systems.forEach(s -> out.append(' ').append(value(rssBytes, s, phase, v -> num(v / 1e6))).append(" |"));
            out.append('\n');
        }

        out.append("\nLatency per operation type (µs, YCSB HdrHistogram):\n\n");
        out.append("| workload | operation |");
        systems.forEach(s -> out.append(' ').append(names.apply(s)).append(" p50 | ").append(names.apply(s)).append(" p99 |"));
        out.append("\n| --- | --- |").append(" ---: |".repeat(2 * systems.size())).append('\n');
        for (String phase : phases) {
            YcsbRun.Result base = result(results, first, phase);
            if (base == null) {
                continue;
            }
            for (String op : base.ops().keySet()) {
                out.append("| ").append(YcsbBenchmark.phaseName(phase)).append(" | ").append(op).append(" |");
                for (String s : systems) {
                    YcsbRun.Result r = result(results, s, phase);
                    YcsbRun.OpStats stats = r == null ? null : r.ops().get(op);
                    out.append(' ').append(stats == null ? "" : num(stats.p50())).append(" | ")
                            .append(stats == null ? "" : num(stats.p99())).append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static YcsbRun.Result result(Map<String, Map<String, YcsbRun.Result>> results, String system, String phase) {
        Map<String, YcsbRun.Result> bySystem = results.get(system);
        return bySystem == null ? null : bySystem.get(phase);
    }

    private static <T> String value(Map<String, Map<String, T>> values, String system, String phase,
            Function<T, String> format) {
        Map<String, T> bySystem = values.get(system);
        T v = bySystem == null ? null : bySystem.get(phase);
        return v == null ? "" : format.apply(v);
    }

    private static String cell(YcsbRun.Result r, Function<YcsbRun.Result, String> format) {
        return r == null ? "" : format.apply(r);
    }

    private static String joined(List<String> systems, Function<String, String> cell) {
        return String.join(" / ", systems.stream().map(cell).toList());
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
