package io.distdb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The comparison table: one row per (workload, threads) with each engine's ops/s, the ratio of the first
 * engine to the second, each engine's CPU µs/op and, for fills, each engine's bytes on disk.
 */
final class ReportWriter {

    private ReportWriter() {
    }

    static Table comparison(List<String> engines, List<Result> results) {
        boolean ratio = engines.size() == 2;
        boolean disk = results.stream().anyMatch(r -> r.diskBytes() >= 0);
        List<String> header = new ArrayList<>(List.of("workload", "threads"));
        engines.forEach(e -> header.add(Engine.shortLabel(e) + " ops/s"));
        if (ratio) {
            header.add(Engine.shortLabel(engines.get(0)) + "/" + Engine.shortLabel(engines.get(1)));
        }
        engines.forEach(e -> header.add(Engine.shortLabel(e) + " CPU µs/op"));
        if (disk) {
            engines.forEach(e -> header.add(Engine.shortLabel(e) + " disk MB"));
        }
        Table table = new Table(header, 2);

        Map<String, Map<String, Result>> rows = new LinkedHashMap<>();
        for (Result r : results) {
            rows.computeIfAbsent(r.workload() + "\0" + r.threads(), k -> new LinkedHashMap<>()).put(r.engine(), r);
        }
        for (Map<String, Result> row : rows.values()) {
            Result any = row.values().iterator().next();
            List<String> cells = new ArrayList<>(List.of(any.workload(), Integer.toString(any.threads())));
            engines.forEach(e -> cells.add(format(row.get(e), "%,.0f", Result::opsPerSecond)));
            if (ratio) {
                Result a = row.get(engines.get(0));
                Result b = row.get(engines.get(1));
                cells.add(a == null || b == null || b.opsPerSecond() == 0 ? "-"
                        : String.format(Locale.ROOT, "%.2f", a.opsPerSecond() / b.opsPerSecond()));
            }
            engines.forEach(e -> cells.add(format(row.get(e), "%.2f", Result::cpuMicrosPerOp)));
            if (disk) {
                engines.forEach(e -> cells.add(row.get(e) == null || row.get(e).diskBytes() < 0 ? ""
                        : megabytes(row.get(e).diskBytes())));
            }
            table.add(cells);
        }
        return table;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String format(Result r, String pattern, ToDoubleFunction<Result> figure) {
        return r == null ? "-" : String.format(Locale.ROOT, pattern, figure.applyAsDouble(r));
    }
}
