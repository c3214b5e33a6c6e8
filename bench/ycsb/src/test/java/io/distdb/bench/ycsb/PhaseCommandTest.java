package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseCommandTest {

    @Test
    void travelsAsOneLine() {
        PhaseCommand c = new PhaseCommand("distdb\nA", false, "io.distdb.bench.ycsb.RedisClient", "/w/workloada",
                Map.of("recordcount", "2000", "maxexecutiontime", "10"), 8, "/logs/redis-workloada.txt");
        String line = c.toLine();
        assertFalse(line.contains("\n"), line);
        assertEquals(c, PhaseCommand.fromLine(line));
    }

    @Test
    void theCommandsPropertiesOverrideTheWorkloadFilesAsYcsbsDashPDoes(@TempDir Path dir) throws Exception {
        Path workload = Files.writeString(dir.resolve("workloada"),
                "workload=site.ycsb.workloads.CoreWorkload\nrecordcount=1000\nreadproportion=0.5\n");
        Properties p = InProcessPhase.properties(new PhaseCommand("x", true, "site.ycsb.BasicDB", workload.toString(),
                Map.of("recordcount", "2000"), 4, dir.resolve("out.txt").toString()));
        assertEquals("2000", p.getProperty("recordcount"));
        assertEquals("0.5", p.getProperty("readproportion"));
        assertEquals("false", p.getProperty("dotransactions"));
        assertEquals("4", p.getProperty("threadcount"));
        assertEquals("site.ycsb.BasicDB", p.getProperty("db"));
    }
}
