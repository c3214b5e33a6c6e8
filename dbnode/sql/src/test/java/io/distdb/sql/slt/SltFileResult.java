package io.distdb.sql.slt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcomes of one script: a count per {@link SltOutcome}, every failure grouped by its kind (the message
 * with numbers and quoted names taken out) with a count and a first example, and the first failures of each
 * outcome in full. Memory stays bounded however many records fail.
 */
public final class SltFileResult {

    /** One record that did not pass. {@code detail} holds expected against got, or the error. */
    public record Failure(SltOutcome outcome, String file, int line, String sql, String kind, String detail) {
        public String location() {
            return file + ":" + line;
        }
    }

    /** The failures of one kind: how many, and the first one. */
    public static final class Group {
        private final SltOutcome outcome;
        private final String kind;
        private long count;
        private final Failure example;

        Group(SltOutcome outcome, String kind, long count, Failure example) {
            this.outcome = outcome;
            this.kind = kind;
            this.count = count;
            this.example = example;
        }

        public SltOutcome outcome() {
            return outcome;
        }

        public String kind() {
            return kind;
        }

        public long count() {
            return count;
        }

        public Failure example() {
            return example;
        }

        void add(long n) {
            count += n;
        }
    }

    private final String file;
    private final int maxDetails;
    private final int maxWrongDetails;
    private final EnumMap<SltOutcome, Long> counts = new EnumMap<>(SltOutcome.class);
    private final EnumMap<SltOutcome, Map<String, Group>> groups = new EnumMap<>(SltOutcome.class);
    private final EnumMap<SltOutcome, List<Failure>> details = new EnumMap<>(SltOutcome.class);
    private Duration elapsed = Duration.ZERO;
    private Integer haltedAt;
    private String fileError;

    /** {@code maxDetails}: how many failures of each outcome are kept in full. */
    public SltFileResult(String file, int maxDetails) {
        this(file, maxDetails, maxDetails);
    }

    /**
     * {@code maxDetails}: how many failures of each outcome are kept in full, except wrong results and crashes,
     * of which {@code maxWrongDetails} are kept each (those are the ones a report lists one by one).
     */
    public SltFileResult(String file, int maxDetails, int maxWrongDetails) {
        this.file = file;
        this.maxDetails = maxDetails;
        this.maxWrongDetails = maxWrongDetails;
        for (SltOutcome o : SltOutcome.values()) {
            counts.put(o, 0L);
        }
    }

    public String file() {
        return file;
    }

    void passed() {
        counts.merge(SltOutcome.PASSED, 1L, Long::sum);
    }

    void skipped() {
        counts.merge(SltOutcome.SKIPPED, 1L, Long::sum);
    }

    void fail(Failure failure) {
        SltOutcome o = failure.outcome();
        counts.merge(o, 1L, Long::sum);
        Group g = groups.computeIfAbsent(o, k -> new LinkedHashMap<>()).get(failure.kind());
        if (g == null) {
            groups.get(o).put(failure.kind(), new Group(o, failure.kind(), 1, failure));
        } else {
            g.add(1);
        }
        List<Failure> list = details.computeIfAbsent(o, k -> new ArrayList<>());
        int cap = o == SltOutcome.WRONG || o == SltOutcome.CRASHED ? maxWrongDetails : maxDetails;
        if (list.size() < cap) {
            list.add(failure);
        }
    }

    void elapsed(Duration elapsed) {
        this.elapsed = elapsed;
    }

    void haltedAt(int line) {
        this.haltedAt = line;
    }

    /** The whole file could not run (it did not parse, or the engine did not open or close): why. */
    void fileError(String error) {
        this.fileError = error;
    }

    public long count(SltOutcome outcome) {
        return counts.get(outcome);
    }

    /** The statement and query records met, skipped ones included. */
    public long records() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The records that ran: all but the skipped ones. */
    public long executed() {
        return records() - count(SltOutcome.SKIPPED);
    }

    /** Passed over executed; 1 when nothing ran. */
    public double passRatio() {
        long executed = executed();
        return executed == 0 ? 1.0 : (double) count(SltOutcome.PASSED) / executed;
    }

    /** The groups of one outcome, most frequent first. */
    public List<Group> groups(SltOutcome outcome) {
        return sorted(groups.getOrDefault(outcome, Map.of()).values());
    }

    /** The first failures of one outcome, in script order. */
    public List<Failure> details(SltOutcome outcome) {
        return List.copyOf(details.getOrDefault(outcome, List.of()));
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** The line of the {@code halt} that ended the script early, or {@code null}. */
    public Integer haltedAt() {
        return haltedAt;
    }

    /** Why the whole file could not run, or {@code null}. */
    public String fileError() {
        return fileError;
    }

    static List<Group> sorted(Collection<Group> groups) {
        List<Group> list = new ArrayList<>(groups);
        list.sort((a, b) -> Long.compare(b.count(), a.count()));
        return list;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file).append(":");
        for (SltOutcome o : SltOutcome.values()) {
            sb.append(' ').append(o.label()).append('=').append(count(o));
        }
        sb.append(String.format(" pass=%.2f%%", passRatio() * 100));
        if (fileError != null) {
            sb.append(" error=").append(fileError);
        }
        return sb.toString();
    }
}
