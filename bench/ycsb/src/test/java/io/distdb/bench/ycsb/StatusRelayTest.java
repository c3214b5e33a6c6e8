package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StatusRelayTest {

    private static String status(int seconds, int operations) {
        return "2026-12-06 22:57:07:123 " + seconds + " sec: " + operations + " operations; 100 current ops/sec; ";
    }

    @Test
    void statusLinesBecomeProgressUnderThePhasesLabel() {
        StatusRelay relay = new StatusRelay();
        assertNull(relay.accept(StatusRelay.PHASE_MARKER + "redis warm-up"));
        assertNull(relay.accept(status(0, 0)));
        assertEquals(new StatusRelay.Shown(true,
                "redis warm-up: 10 s, 1,000 ops, 100 ops/s in the last interval, 100 ops/s so far"),
                relay.accept(status(10, 1000)));
        assertNull(relay.accept(status(10, 1000)), "YCSB's last line repeats the last interval");
    }

    @Test
    void aNewPhaseStartsItsSecondsAgain() {
        StatusRelay relay = new StatusRelay();
        relay.accept(StatusRelay.PHASE_MARKER + "redis warm-up");
        relay.accept(status(20, 2000));
        relay.accept(StatusRelay.PHASE_MARKER + "redis A");
        assertEquals(new StatusRelay.Shown(true,
                "redis A: 10 s, 1,000 ops, 100 ops/s in the last interval, 100 ops/s so far"),
                relay.accept(status(10, 1000)));
    }

    @Test
    void chatterIsDroppedAndOtherLinesPassAsTheyAre() {
        StatusRelay relay = new StatusRelay();
        assertNull(relay.accept("DBWrapper: report latency for each error is false"));
        assertEquals(new StatusRelay.Shown(false, "Cassandra binding: first failed read of this client: x"),
                relay.accept("Cassandra binding: first failed read of this client: x"));
    }
}
