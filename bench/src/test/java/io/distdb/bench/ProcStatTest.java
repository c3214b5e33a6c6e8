package io.distdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void cpuTicksAreUserPlusSystemEvenWithSpacesInTheCommandName() {
        String stat = "4242 (C2 Compiler) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";
        assertEquals(1234 + 567, ProcStat.cpuTicks(stat));
    }

    @Test
    void residentBytesFromVmRss() {
        assertEquals(2048L * 1024, ProcStat.residentBytes(List.of("Name:\tjava", "VmPeak:\t 9999 kB", "VmRSS:\t    2048 kB")));
        assertEquals(0, ProcStat.residentBytes(List.of("Name:\tzombie")));
    }

    @Test
    void thisProcessHasUsedCpuAndMemory() {
        List<ProcessHandle> self = List.of(ProcessHandle.current());
        assertTrue(ProcStat.cpuMicros(self) > 0);
        assertTrue(ProcStat.rssBytes(self) > 1_000_000);
    }
}
