package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YcsbReportTest {

    private static YcsbRun.Result result(double throughput, double p50) {
        return new YcsbRun.Result(throughput, 10_000, Map.of("READ", new YcsbRun.OpStats(1000, p50, p50 * 4, 0)));
    }

    @Test
    void ratiosAreTheFirstSystemOverEachOther() {
        String table = YcsbReport.render(List.of("distdb", "cassandra", "redis"), List.of("c"), s -> s,
                Map.of("distdb", Map.of("c", result(3000, 300)), "cassandra", Map.of("c", result(2000, 400)),
                        "redis", Map.of("c", result(6000, 100))),
                Map.of("distdb", Map.of("c", 250.0)), Map.of("redis", Map.of("c", 40.0)),
                Map.of("cassandra", Map.of("c", 1_500_000_000L)),
                Map.of("distdb", Map.of("c", "0.50")));
        String row = table.lines().filter(l -> l.startsWith("| C |")).findFirst().orElseThrow();
        assertTrue(row.contains("| 3,000 | 2,000 | 6,000 | **1.500** | **0.500** |"), row);
        assertTrue(table.contains("| distdb/cassandra | distdb/redis |"), table);
        assertTrue(table.contains("| C | 250.0 |  |  |  |  | 40.0 |  | 1,500 |  |"), table);
        assertTrue(table.contains("| C | READ | 300 | 1,200 | 400 | 1,600 | 100 | 400 |"), table);
    }

    @Test
    void aPhaseOneSystemLacksStaysBlank() {
        String table = YcsbReport.render(List.of("distdb3", "cassandra3"), List.of("load", "e"), s -> s,
                Map.of("distdb3", Map.of("load", result(1000, 900)), "cassandra3", Map.of()),
                Map.of(), Map.of(), Map.of(), Map.of());
        assertTrue(table.contains("| load (insert) | 1,000 |  |  |"), table);
    }
}
