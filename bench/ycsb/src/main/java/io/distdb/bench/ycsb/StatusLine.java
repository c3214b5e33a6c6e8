package io.distdb.bench.ycsb;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the status lines YCSB's client prints every {@code status.interval} seconds with {@code -s}, such as
 * {@code 2026-12-06 22:55:01:234 20 sec: 24690 operations; 1234.5 current ops/sec; [READ: Count=...]}, read
 * back so that the runner can show a phase's progress in its own words: elapsed time, the rate of the last
 * interval and the rate so far, from which a reader sees whether the servers have reached a steady rate.
 */
record StatusLine(long seconds, long operations, double currentRate) {

    private static final Pattern STATUS =
            Pattern.compile(" (\\d+) sec: (\\d+) operations;(?: ([0-9.,]+) current ops/sec;)?");

    /** The status in {@code line}, or null if it is not a status line. */
    static StatusLine parse(String line) {
        Matcher m = STATUS.matcher(line);
        if (!m.find()) {
            return null;
        }
        double current = m.group(3) == null ? 0 : Double.parseDouble(m.group(3).replace(",", ""));
        return new StatusLine(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), current);
    }

    /** Lines YCSB's client prints at every start and stop, which say nothing about the run: not shown. */
    private static final List<String> CHATTER = List.of("Command line:", "YCSB Client ", "Loading workload",
            "Starting test", "DBWrapper: report latency", "Maximum execution time specified", "Maximum time elapsed",
            "Stop requested for workload", "Could not wait until max specified time", "[OVERALL]");

    static boolean isChatter(String line) {
        return line.isBlank() || CHATTER.stream().anyMatch(line::startsWith);
    }

    /** Operations per second since the phase started. */
    double rateSoFar() {
        return seconds == 0 ? 0 : (double) operations / seconds;
    }

    /** {@code label: 20 s, 24,690 ops, 1,235 ops/s in the last interval, 1,235 ops/s so far}. */
    String describe(String label) {
        return String.format(Locale.ROOT, "%s: %d s, %,d ops, %,.0f ops/s in the last interval, %,.0f ops/s so far",
                label, seconds, operations, currentRate, rateSoFar());
    }
}
