package io.distdb.bench;

import java.util.Locale;

/**
 * The text of the progress lines of one phase, e.g.
 * {@code [load] 0:40 elapsed  412,331 ops  10,308 ops/s (last 10 s: 10,950 ops/s)  62%}. It remembers the
 * previous line's count and time, so that each line also gives the rate since the one before: a phase whose rate
 * changes (an LSM starting to compact, a JIT finishing) shows it there long before the overall rate moves.
 * Pure arithmetic on the numbers it is given, no clock of its own, so it can be tested.
 */
public final class ProgressLine {

    /** What the count of a phase counts and how it is printed. */
    public enum Unit {
        OPS("ops", 1, "%,.0f"),
        MB("MB", 1 << 20, "%,.1f");

        private final String name;
        private final double divisor;
        private final String pattern;

        Unit(String name, double divisor, String pattern) {
            this.name = name;
            this.divisor = divisor;
            this.pattern = pattern;
        }

        String amount(double count) {
            return String.format(Locale.ROOT, pattern, count / divisor) + " " + name;
        }

        String rate(double perSecond) {
            return String.format(Locale.ROOT, pattern, perSecond / divisor) + " " + name + "/s";
        }
    }

    /** Count of a phase that counts nothing (a flush, a wait): the line gives the elapsed time only. */
    public static final long NOT_COUNTED = -1;

    private final String phase;
    private final Unit unit;
    private final long durationNanos;
    private long previousNanos;
    private long previousCount;

    /**
     * @param durationNanos how long a timed phase runs (its percentage is then of the time), or 0 for a phase that
     *                      ends when its work is done (its percentage is of the total count, if known)
     */
    public ProgressLine(String phase, Unit unit, long durationNanos) {
        this.phase = phase;
        this.unit = unit;
        this.durationNanos = durationNanos;
    }

    /**
     * The line at {@code elapsedNanos} into the phase.
     *
     * @param count  done so far, or {@link #NOT_COUNTED}
     * @param total  the count at which the phase is done, or 0 if not known
     * @param detail appended as it is (e.g. failures, per-node states), or null
     */
    public String next(long elapsedNanos, long count, long total, String detail) {
        StringBuilder line = new StringBuilder("[").append(phase).append("] ").append(clock(elapsedNanos))
                .append(" elapsed");
        if (count != NOT_COUNTED) {
            line.append("  ").append(unit.amount(count))
                    .append("  ").append(unit.rate(perSecond(count, elapsedNanos)));
            // The first line's last interval is the whole phase: it would only repeat the overall rate.
            if (previousNanos > 0 && elapsedNanos > previousNanos) {
                long interval = elapsedNanos - previousNanos;
                line.append(" (last ").append(Math.round(interval / 1e9)).append(" s: ")
                        .append(unit.rate(perSecond(count - previousCount, interval))).append(')');
            }
            previousCount = count;
        }
        previousNanos = elapsedNanos;
        int percent = percent(elapsedNanos, count, total);
        if (percent >= 0) {
            line.append("  ").append(percent).append('%');
        }
        if (detail != null && !detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        return line.toString();
    }

    /** How far along the phase is, 0-100 (a timed phase may overrun a little; a count may not), or -1 if unknown. */
    int percent(long elapsedNanos, long count, long total) {
        if (durationNanos > 0) {
            return (int) Math.min(100, elapsedNanos * 100 / durationNanos);
        }
        if (total > 0 && count != NOT_COUNTED) {
            return (int) Math.min(100, Math.max(0, count) * 100 / total);
        }
        return -1;
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    private static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }
}
