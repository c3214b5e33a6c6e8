package io.distdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The progress lines' text and rates, and the ticker that prints them. */
class ProgressTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void firstLineGivesTheOverallRateAndTheShareOfTheTotal() {
        ProgressLine line = new ProgressLine("load", ProgressLine.Unit.OPS, 0);
        assertEquals("[load] 0:10 elapsed  103,080 ops  10,308 ops/s  15%",
                line.next(10 * SECOND, 103_080, 665_000, null));
    }

    @Test
    void laterLinesAddTheRateOfTheLastInterval() {
        ProgressLine line = new ProgressLine("load", ProgressLine.Unit.OPS, 0);
        line.next(30 * SECOND, 302_831, 665_000, null);
        // 109,500 more in the last 10 s; 412,331 over 40 s overall.
        assertEquals("[load] 0:40 elapsed  412,331 ops  10,308 ops/s (last 10 s: 10,950 ops/s)  62%",
                line.next(40 * SECOND, 412_331, 665_000, null));
    }

    @Test
    void unknownTotalLeavesThePercentageOutAndDetailIsAppended() {
        ProgressLine line = new ProgressLine("GET", ProgressLine.Unit.OPS, 0);
        assertEquals("[GET] 0:05 elapsed  500 ops  100 ops/s  3 failed", line.next(5 * SECOND, 500, 0, "3 failed"));
    }

    @Test
    void timedPhaseIsAsFarAlongAsItsClockAndNeverPast100() {
        ProgressLine line = new ProgressLine("round 1", ProgressLine.Unit.OPS, 20 * SECOND);
        assertEquals("[round 1] 0:05 elapsed  1,000 ops  200 ops/s  25%", line.next(5 * SECOND, 1000, 0, null));
        assertEquals(100, line.percent(21 * SECOND, 5000, 0));
    }

    @Test
    void phaseThatCountsNothingGivesTheTimeOnly() {
        ProgressLine line = new ProgressLine("flush + settle=wait", ProgressLine.Unit.OPS, 0);
        assertEquals("[flush + settle=wait] 1:05 elapsed", line.next(65 * SECOND, ProgressLine.NOT_COUNTED, 0, null));
        assertEquals("[flush + settle=wait] 1:15 elapsed  waiting for n2",
                line.next(75 * SECOND, ProgressLine.NOT_COUNTED, 0, "waiting for n2"));
    }

    @Test
    void bytesAreShownInMegabytes() {
        ProgressLine line = new ProgressLine("rebalance", ProgressLine.Unit.MB, 0);
        line.next(10 * SECOND, 100L << 20, 400L << 20, null);
        assertEquals("[rebalance] 0:20 elapsed  250.0 MB  12.5 MB/s (last 10 s: 15.0 MB/s)  62%",
                line.next(20 * SECOND, 250L << 20, 400L << 20, null));
    }

    @Test
    void clockShowsHoursOnlyOnceThereAreAny() {
        assertEquals("0:00", ProgressLine.clock(999_999_999L));
        assertEquals("9:59", ProgressLine.clock(599 * SECOND));
        assertEquals("1:00:01", ProgressLine.clock(3601 * SECOND));
    }

    @Test
    void tickerPrintsWhileThePhaseRunsAndNothingAfterItCloses() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressPhase phase = new ProgressPhase("fill", new ProgressLine("fill", ProgressLine.Unit.OPS, 0), null,
                () -> 100, TimeUnit.MILLISECONDS.toNanos(20), out);
        phase.add(50);
        Thread.sleep(200);
        phase.close();
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("[fill] 0:00 elapsed  50 ops  "), printed);
        assertTrue(printed.contains("  50%"), printed);
        Thread.sleep(100);
        assertEquals(printed, bytes.toString(StandardCharsets.UTF_8), "a line after close");
    }

    @Test
    void zeroSecondsMeansNoLinesAndNegativeIsRefused() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressPhase phase = new Progress(0, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .counting("fill", 10)) {
            phase.add(10);
            Thread.sleep(50);
        }
        assertEquals(0, bytes.size());
        assertThrows(IllegalArgumentException.class, () -> Progress.fromFlags(Flags.parse(
                new String[] {"--progress-seconds=-1"})));
    }
}
