package io.distdb.writer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PacerTest {

    private static final long MS = 1_000_000;

    @Test
    void spacesStartsEvenlyForTheTotalRate() {
        Pacer pacer = new Pacer(100); // one write every 10 ms, whichever thread asks
        assertEquals(5 * MS, pacer.nextSlot(5 * MS));
        assertEquals(15 * MS, pacer.nextSlot(5 * MS));
        assertEquals(25 * MS, pacer.nextSlot(6 * MS));
        assertEquals(35 * MS, pacer.nextSlot(30 * MS));
    }

    @Test
    void forgivesAllButOneSecondOfBacklogAfterAStall() {
        Pacer pacer = new Pacer(100);
        pacer.nextSlot(0);
        // 10 s without a request (every thread waiting on a node that does not answer).
        long now = 10_000 * MS;
        long first = pacer.nextSlot(now);
        assertEquals(now - 1_000 * MS, first, "at most one second to catch up");
        assertEquals(first + 10 * MS, pacer.nextSlot(now));
    }

    @Test
    void rateZeroDoesNotPace() {
        Pacer pacer = new Pacer(0);
        assertEquals(7, pacer.nextSlot(7));
        assertEquals(7, pacer.nextSlot(7));
    }
}
