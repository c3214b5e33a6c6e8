package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatusLineTest {

    @Test
    void readsElapsedOperationsAndCurrentRate() {
        StatusLine s = StatusLine.parse("2026-12-06 22:57:07:123 20 sec: 24690 operations; 1234.57 current ops/sec; "
                + "est completion in 1 hour [READ: Count=617, Max=9000, Min=100, Avg=400.1]");
        assertEquals(new StatusLine(20, 24690, 1234.57), s);
        assertEquals(1234.5, s.rateSoFar(), 1e-9);
        assertEquals("cassandra A: 20 s, 24,690 ops, 1,235 ops/s in the last interval, 1,235 ops/s so far",
                s.describe("cassandra A"));
    }

    @Test
    void theFirstStatusHasNoRate() {
        assertEquals(new StatusLine(0, 0, 0),
                StatusLine.parse("2026-12-06 22:57:07:123 0 sec: 0 operations; est completion in 0 second "));
    }

    @Test
    void otherLinesAreNoStatus() {
        assertNull(StatusLine.parse("Loading workload..."));
        assertTrue(StatusLine.isChatter("DBWrapper: report latency for each error is false"));
        assertTrue(StatusLine.isChatter(""));
        assertFalse(StatusLine.isChatter("Exception in thread \"main\" java.lang.IllegalStateException"));
    }
}
