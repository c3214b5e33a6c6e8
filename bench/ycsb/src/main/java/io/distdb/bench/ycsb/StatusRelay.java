package io.distdb.bench.ycsb;

/**
 * Reads the client JVM's stderr line by line and says what the runner shows of it: YCSB's status lines
 * (every {@code status.interval} seconds) as progress lines in the runner's words, YCSB's start-up and stop
 * chatter not at all, anything else (a binding's error, a stack trace) as it is.
 *
 * <p>The client writes {@link #PHASE_MARKER} and the phase's label before each phase, on the same stream as the
 * status lines: the label and the count of seconds change there, in order, so that a late status line of one
 * phase never shows under the next phase's label.
 */
final class StatusRelay {

    static final String PHASE_MARKER = "@ycsb-phase ";
    /** The client writes this after each phase, before it replies: its last status line has come by then. */
    static final String PHASE_END = "@ycsb-phase-end";

    /** What to show: a progress line, or a line to print as it is. */
    record Shown(boolean progress, String text) {
    }

    private String label = "ycsb";
    private long lastSeconds;

    /** What to show of {@code line}, or null for nothing. */
    Shown accept(String line) {
        if (line.startsWith(PHASE_MARKER)) {
            label = line.substring(PHASE_MARKER.length());
            lastSeconds = 0;
            return null;
        }
        StatusLine status = StatusLine.parse(line);
        if (status == null) {
            return StatusLine.isChatter(line) ? null : new Shown(false, line);
        }
        if (status.seconds() > 0 && status.seconds() > lastSeconds) {
            // YCSB's first status comes at 0 s, and its last repeats the last interval's second.
            lastSeconds = status.seconds();
            return new Shown(true, status.describe(label));
        }
        return null;
    }
}
