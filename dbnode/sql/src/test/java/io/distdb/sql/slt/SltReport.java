package io.distdb.sql.slt;

import io.distdb.sql.slt.SltFileResult.Failure;
import io.distdb.sql.slt.SltFileResult.Group;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one or more scripts: totals per file and overall, then for every failure outcome its
 * kinds with counts and one example each, and the first wrong results in full (file:line, SQL, expected
 * against got). {@link #toMarkdown()} is for {@code docs/} and {@code target/}; {@link #print} for a console.
 */
public final class SltReport {

    /** The outcomes in the order the report lists them, worst first. */
    private static final List<SltOutcome> FAILURES = List.of(
            SltOutcome.WRONG, SltOutcome.CRASHED, SltOutcome.FAILED_ERROR, SltOutcome.FAILED_UNSUPPORTED);

    private final String title;
    private final List<SltFileResult> files = new ArrayList<>();
    private int maxWrongShown = 50;
    private int maxGroupsShown = 100;
    private boolean perFile = true;
    private final List<String> notes = new ArrayList<>();

    public SltReport(String title) {
        this.title = title;
    }

    public SltReport add(SltFileResult result) {
        files.add(result);
        return this;
    }

    /** How many wrong results are shown in full (50 unless set). */
    public SltReport maxWrongShown(int n) {
        this.maxWrongShown = n;
        return this;
    }

    /** How many kinds each failure outcome lists (100 unless set). */
    public SltReport maxGroupsShown(int n) {
        this.maxGroupsShown = n;
        return this;
    }

    /** Whether the Markdown has a row for every file (true unless set); the per-directory table is always there. */
    public SltReport perFileTable(boolean on) {
        this.perFile = on;
        return this;
    }

    /** A line printed under the title, such as how and where the run was made. */
    public SltReport note(String line) {
        notes.add(line);
        return this;
    }

    public List<SltFileResult> files() {
        return List.copyOf(files);
    }

    public long total(SltOutcome outcome) {
        return files.stream().mapToLong(f -> f.count(outcome)).sum();
    }

    public long executed() {
        return files.stream().mapToLong(SltFileResult::executed).sum();
    }

    public double passRatio() {
        long executed = executed();
        return executed == 0 ? 1.0 : (double) total(SltOutcome.PASSED) / executed;
    }

    /** The kinds of one outcome over all files (counts summed, the first file's example), most frequent first. */
    public List<Group> groups(SltOutcome outcome) {
        Map<String, Group> merged = new LinkedHashMap<>();
        for (SltFileResult f : files) {
            for (Group g : f.groups(outcome)) {
                Group m = merged.get(g.kind());
                if (m == null) {
                    merged.put(g.kind(), new Group(outcome, g.kind(), g.count(), g.example()));
                } else {
                    m.add(g.count());
                }
            }
        }
        return SltFileResult.sorted(merged.values());
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append(String.format(Locale.ROOT,
                "%d files, %d records run (%d skipped): **%d passed (%s)**, %d wrong, %d crashed, "
                        + "%d failed_error, %d failed_unsupported.%n%n",
                files.size(), executed(), total(SltOutcome.SKIPPED), total(SltOutcome.PASSED),
                percent(passRatio()), total(SltOutcome.WRONG), total(SltOutcome.CRASHED),
                total(SltOutcome.FAILED_ERROR), total(SltOutcome.FAILED_UNSUPPORTED)));
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append('\n');
        }

        Duration totalTime = Duration.ZERO;
        for (SltFileResult f : files) {
            totalTime = totalTime.plus(f.elapsed());
        }
        Map<String, List<SltFileResult>> byDir = new java.util.TreeMap<>();
        for (SltFileResult f : files) {
            int slash = f.file().lastIndexOf('/');
            byDir.computeIfAbsent(slash < 0 ? "." : f.file().substring(0, slash + 1), k -> new ArrayList<>()).add(f);
        }
        if (byDir.size() > 1) {
            md.append("| directory | files | run | passed | wrong | crashed | failed_error | failed_unsupported "
                    + "| skipped | pass | time |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, List<SltFileResult>> e : byDir.entrySet()) {
                List<SltFileResult> fs = e.getValue();
                long run = 0;
                long[] c = new long[SltOutcome.values().length];
                Duration time = Duration.ZERO;
                for (SltFileResult f : fs) {
                    run += f.executed();
                    for (SltOutcome o : SltOutcome.values()) {
                        c[o.ordinal()] += f.count(o);
                    }
                    time = time.plus(f.elapsed());
                }
                long passed = c[SltOutcome.PASSED.ordinal()];
                md.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s |%n",
                        e.getKey(), fs.size(), run, passed, c[SltOutcome.WRONG.ordinal()],
                        c[SltOutcome.CRASHED.ordinal()], c[SltOutcome.FAILED_ERROR.ordinal()],
                        c[SltOutcome.FAILED_UNSUPPORTED.ordinal()], c[SltOutcome.SKIPPED.ordinal()],
                        percent(run == 0 ? 1.0 : (double) passed / run), seconds(time)));
            }
            md.append(String.format(Locale.ROOT, "| **total** | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s |%n%n",
                    files.size(), executed(), total(SltOutcome.PASSED), total(SltOutcome.WRONG),
                    total(SltOutcome.CRASHED), total(SltOutcome.FAILED_ERROR), total(SltOutcome.FAILED_UNSUPPORTED),
                    total(SltOutcome.SKIPPED), percent(passRatio()), seconds(totalTime)));
        }
        List<SltFileResult> noted = new ArrayList<>();
        for (SltFileResult f : files) {
            if (f.fileError() != null || f.haltedAt() != null || f.records() == 0) {
                noted.add(f);
            }
        }
        if (perFile || byDir.size() <= 1) {
            noted = files;
        }
        if (!noted.isEmpty()) {
            md.append("| file | run | passed | wrong | crashed | failed_error | failed_unsupported | skipped "
                    + "| pass | time | note |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (SltFileResult f : noted) {
                String note = f.fileError() != null ? "error: " + f.fileError()
                        : f.haltedAt() != null ? "halt at line " + f.haltedAt()
                        : f.records() == 0 ? "no records" : "";
                md.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s |%n",
                        f.file(), f.executed(), f.count(SltOutcome.PASSED), f.count(SltOutcome.WRONG),
                        f.count(SltOutcome.CRASHED), f.count(SltOutcome.FAILED_ERROR),
                        f.count(SltOutcome.FAILED_UNSUPPORTED), f.count(SltOutcome.SKIPPED), percent(f.passRatio()),
                        seconds(f.elapsed()), cell(note)));
            }
            if (noted == files && files.size() > 1) {
                md.append(String.format(Locale.ROOT, "| **total** | %d | %d | %d | %d | %d | %d | %d | %s | %s | |%n",
                        executed(), total(SltOutcome.PASSED), total(SltOutcome.WRONG), total(SltOutcome.CRASHED),
                        total(SltOutcome.FAILED_ERROR), total(SltOutcome.FAILED_UNSUPPORTED),
                        total(SltOutcome.SKIPPED), percent(passRatio()), seconds(totalTime)));
            }
        }

        for (SltOutcome outcome : FAILURES) {
            long count = total(outcome);
            if (count == 0) {
                continue;
            }
            List<Group> groups = groups(outcome);
            md.append("\n## ").append(outcome.label()).append(" (").append(count).append(")\n\n");
            md.append("| count | kind | example |\n|---:|---|---|\n");
            for (Group g : groups.subList(0, Math.min(maxGroupsShown, groups.size()))) {
                Failure e = g.example();
                md.append("| ").append(g.count()).append(" | ").append(cell(g.kind())).append(" | `")
                        .append(e.location()).append("` ").append(cell(oneLine(e.sql(), 160))).append(" |\n");
            }
            if (groups.size() > maxGroupsShown) {
                md.append("\n(").append(groups.size() - maxGroupsShown).append(" more kinds)\n");
            }
            if (outcome == SltOutcome.WRONG || outcome == SltOutcome.CRASHED) {
                md.append('\n');
                List<Failure> all = new ArrayList<>();
                for (SltFileResult f : files) {
                    all.addAll(f.details(outcome));
                }
                List<Failure> shown = all.subList(0, Math.min(maxWrongShown, all.size()));
                for (Failure failure : shown) {
                    md.append("### `").append(failure.location()).append("` ").append(failure.kind())
                            .append("\n\n```sql\n").append(failure.sql()).append("\n```\n\n```\n")
                            .append(failure.detail()).append("\n```\n\n");
                }
                if (count > shown.size()) {
                    md.append("(the first ").append(shown.size()).append(" of ").append(count)
                            .append(" shown)\n");
                }
            }
        }
        return md.toString();
    }

    public void writeMarkdown(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.writeString(path, toMarkdown(), StandardCharsets.UTF_8);
    }

    /** A short plain-text summary: the totals, each file, and the ten largest kinds of each failure. */
    public void print(PrintStream out) {
        out.println(title + ": " + summary());
        for (SltFileResult f : files) {
            out.println("  " + f);
        }
        for (SltOutcome outcome : FAILURES) {
            List<Group> groups = groups(outcome);
            if (groups.isEmpty()) {
                continue;
            }
            out.println("  " + outcome.label() + ":");
            for (Group g : groups.subList(0, Math.min(10, groups.size()))) {
                out.println(String.format(Locale.ROOT, "    %6d  %s  (e.g. %s)", g.count(), g.kind(),
                        g.example().location()));
            }
        }
        for (SltFileResult f : files) {
            for (Failure w : f.details(SltOutcome.WRONG).subList(0, Math.min(5, f.details(SltOutcome.WRONG).size()))) {
                out.println("  WRONG " + w.location() + ": " + oneLine(w.sql(), 200));
                out.println("    " + w.detail().replace("\n", "\n    "));
            }
        }
    }

    public String summary() {
        EnumMap<SltOutcome, Long> totals = new EnumMap<>(SltOutcome.class);
        for (SltOutcome o : SltOutcome.values()) {
            totals.put(o, total(o));
        }
        StringBuilder sb = new StringBuilder();
        totals.forEach((o, n) -> sb.append(o.label()).append('=').append(n).append(' '));
        return sb.append("pass=").append(percent(passRatio())).toString();
    }

    @Override
    public String toString() {
        return title + ": " + summary();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static String oneLine(String s, int max) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }

    /** Text safe in a Markdown table cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
