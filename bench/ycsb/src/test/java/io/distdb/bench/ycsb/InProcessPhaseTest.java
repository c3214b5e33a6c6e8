package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two phases in one JVM against YCSB's {@code BasicDB}, which answers every operation with OK at once. */
class InProcessPhaseTest {

    @Test
    void eachPhaseCountsItsOwnOperationsOnly(@TempDir Path dir) throws Exception {
        Path workload = Files.writeString(dir.resolve("workload"), """
                workload=site.ycsb.workloads.CoreWorkload
                readproportion=1
                updateproportion=0
                scanproportion=0
                insertproportion=0
                requestdistribution=uniform
                """);
        Map<String, String> p = Map.of("recordcount", "300", "operationcount", "500", "basicdb.verbose", "false",
                "measurementtype", "hdrhistogram", "hdrhistogram.percentiles", "50,99");
        Path load = dir.resolve("load.txt");
        InProcessPhase.run(new PhaseCommand("load", true, "site.ycsb.BasicDB", workload.toString(), p, 3,
                load.toString()));
        Path reads = dir.resolve("c.txt");
        InProcessPhase.run(new PhaseCommand("C", false, "site.ycsb.BasicDB", workload.toString(), p, 3,
                reads.toString()));

        YcsbRun.Result loaded = YcsbRun.parse(Files.readAllLines(load));
        assertEquals(300, loaded.ops().get("INSERT").operations());
        YcsbRun.Result read = YcsbRun.parse(Files.readAllLines(reads));
        assertEquals(500, read.ops().get("READ").operations());
        assertTrue(!read.ops().containsKey("INSERT"), "the load's inserts stay in the load's measurements: " + read);
        assertTrue(read.throughput() > 0, read.toString());
    }

    @Test
    void theTimeCapEndsAPhase(@TempDir Path dir) throws Exception {
        Path workload = Files.writeString(dir.resolve("workload"), """
                workload=site.ycsb.workloads.CoreWorkload
                readproportion=1
                updateproportion=0
                insertproportion=0
                """);
        Path out = dir.resolve("capped.txt");
        long start = System.nanoTime();
        InProcessPhase.run(new PhaseCommand("capped", false, "site.ycsb.BasicDB", workload.toString(),
                Map.of("recordcount", "100", "operationcount", "2000000000", "maxexecutiontime", "1",
                        "basicdb.verbose", "false", "basicdb.simulatedelay", "1"),
                2, out.toString()));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertTrue(YcsbRun.parse(Files.readAllLines(out)).ops().get("READ").operations() > 0);
    }
}
