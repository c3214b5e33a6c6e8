package io.distdb.sql.slt;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.slt.SltScript.Halt;
import io.distdb.sql.slt.SltScript.Query;
import io.distdb.sql.slt.SltScript.Statement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Times sqllogictest scripts on the DistDB engine (in this process, the engine {@link SqlLogicTest#newEngine}
 * opens: LSM store, durability NONE) and on PostgreSQL (over pgjdbc), statement by statement.
 *
 * <pre>
 * SltTiming &lt;report.md&gt; --pg-url=jdbc:postgresql://127.0.0.1:15433/ [--pg-user=postgres] [--passes=2]
 *           [--timeout-ms=60000] [--slowest=5] [file ...]
 * </pre>
 *
 * Files default to {@code test/select5.test}, {@code test/select4.test} and
 * {@code test/index/random/10/slt_good_0.test}. Each side runs every {@code statement} and {@code query}
 * record of a file that applies to PostgreSQL ({@code skipif postgresql} and {@code onlyif <other>} are
 * skipped, as {@link SltRunner} does, and a {@code halt} that applies ends the file), in order, on a fresh
 * database: a fresh engine over a new directory, or a new PostgreSQL database ({@code CREATE DATABASE} before,
 * {@code DROP DATABASE} after, neither timed). A query's rows are all read (pgjdbc: every column with
 * {@code getString}). Only the call that runs the record is timed; DistDB's results are then checked as the
 * runner checks them (not timed), PostgreSQL's are not checked, only its errors counted. Both sides have the
 * same statement timeout. The file runs {@code --passes} times (each pass: DistDB, then PostgreSQL); the
 * report's per-file table and slowest statements are from the last pass, the earlier passes (the first one
 * with a cold JIT) are listed as totals.
 */
public final class SltTiming {

    /** One record that runs, with its time on each side of the last pass. */
    static final class Step {
        final int line;
        final boolean query;
        final boolean expectOk;
        final String sql;
        long distdbNanos;
        long pgNanos;
        String distdbError;
        String pgError;
        /** PostgreSQL's planning and execution time of the query, from EXPLAIN ANALYZE after the pass, or null. */
        String pgExplain;

        Step(int line, boolean query, boolean expectOk, String sql) {
            this.line = line;
            this.query = query;
            this.expectOk = expectOk;
            this.sql = sql;
        }
    }

    /** One file's figures in one pass. */
    record PassResult(int pass, long distdbNanos, long pgNanos, SltFileResult checked, int pgErrors,
                      int pgUnexpectedSuccess, String loadBefore) {
    }

    private SltTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        String pgUrl = null;
        String pgUser = "postgres";
        int passes = 2;
        long timeoutMillis = 60_000;
        int slowest = 5;
        List<String> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--pg-url=")) {
                pgUrl = arg.substring("--pg-url=".length());
            } else if (arg.startsWith("--pg-user=")) {
                pgUser = arg.substring("--pg-user=".length());
            } else if (arg.startsWith("--passes=")) {
                passes = Integer.parseInt(arg.substring("--passes=".length()));
            } else if (arg.startsWith("--timeout-ms=")) {
                timeoutMillis = Long.parseLong(arg.substring("--timeout-ms=".length()));
            } else if (arg.startsWith("--slowest=")) {
                slowest = Integer.parseInt(arg.substring("--slowest=".length()));
                slowestShown = slowest;
            } else if (arg.startsWith("--")) {
                usage("unknown option " + arg);
            } else if (out == null) {
                out = Path.of(arg);
            } else {
                files.add(arg);
            }
        }
        if (out == null || pgUrl == null || passes < 1) {
            usage(null);
        }
        if (files.isEmpty()) {
            files = List.of("test/select5.test", "test/select4.test", "test/index/random/10/slt_good_0.test");
        }
        if (!pgUrl.endsWith("/")) {
            pgUrl = pgUrl + "/";
        }
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String pgVersion;
        try (Connection c = connect(pgUrl + "postgres", pgUser)) {
            pgVersion = c.getMetaData().getDatabaseProductVersion();
        }
        StringBuilder md = new StringBuilder();
        StringBuilder details = new StringBuilder();
        md.append("| file | records run | DistDB s | PostgreSQL s | DistDB/PostgreSQL | DistDB: statements s / queries s "
                + "| PostgreSQL: statements s / queries s | DistDB passed / wrong / failed | PostgreSQL errors "
                + "| load avg before |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        List<String> earlier = new ArrayList<>();
        for (String file : files) {
            SltScript script = SltCorpus.load(file);
            List<Step> steps = steps(script);
            PassResult last = null;
            for (int pass = 1; pass <= passes; pass++) {
                last = runPass(pass, script, steps, pgUrl, pgUser, timeoutMillis);
                System.err.println(String.format(Locale.ROOT,
                        "%s pass %d: DistDB %.2f s, PostgreSQL %.2f s, ratio %.2f (DistDB %s; PostgreSQL errors %d)"
                                + ", load before %s",
                        file, pass, last.distdbNanos / 1e9, last.pgNanos / 1e9,
                        (double) last.distdbNanos / last.pgNanos, last.checked, last.pgErrors, last.loadBefore));
                if (pass < passes) {
                    earlier.add(String.format(Locale.ROOT, "`%s` pass %d: DistDB %.2f s, PostgreSQL %.2f s, "
                                    + "DistDB/PostgreSQL %.2f (load average before: %s)", file, pass,
                            last.distdbNanos / 1e9, last.pgNanos / 1e9, (double) last.distdbNanos / last.pgNanos,
                            last.loadBefore));
                }
            }
            long dStmt = 0;
            long dQuery = 0;
            long pStmt = 0;
            long pQuery = 0;
            for (Step s : steps) {
                if (s.query) {
                    dQuery += s.distdbNanos;
                    pQuery += s.pgNanos;
                } else {
                    dStmt += s.distdbNanos;
                    pStmt += s.pgNanos;
                }
            }
            SltFileResult c = last.checked;
            md.append(String.format(Locale.ROOT,
                    "| `%s` | %d | %.2f | %.2f | **%.2f** | %.2f / %.2f | %.2f / %.2f | %d / %d / %d | %d%s | %s |%n",
                    file, steps.size(), last.distdbNanos / 1e9, last.pgNanos / 1e9,
                    (double) last.distdbNanos / last.pgNanos, dStmt / 1e9, dQuery / 1e9, pStmt / 1e9, pQuery / 1e9,
                    c.count(SltOutcome.PASSED), c.count(SltOutcome.WRONG),
                    c.count(SltOutcome.FAILED_ERROR) + c.count(SltOutcome.FAILED_UNSUPPORTED)
                            + c.count(SltOutcome.CRASHED),
                    last.pgErrors,
                    last.pgUnexpectedSuccess == 0 ? "" : " (+" + last.pgUnexpectedSuccess
                            + " statement error records that succeeded)",
                    last.loadBefore));
            details.append(slowest(file, steps, slowest, last));
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT,
                "sqllogictest files timed on DistDB (in process) and PostgreSQL %s (pgjdbc), started %s, "
                        + "%d pass(es) each, figures from pass %d; statement timeout %d ms on both.%n%n",
                pgVersion, started, passes, passes, timeoutMillis));
        report.append(md).append('\n');
        if (!earlier.isEmpty()) {
            report.append("Earlier passes:\n\n");
            for (String e : earlier) {
                report.append("- ").append(e).append('\n');
            }
            report.append('\n');
        }
        report.append(details);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.print(report);
        System.err.println("report written to " + out.toAbsolutePath());
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: SltTiming <report.md> --pg-url=jdbc:postgresql://HOST:PORT/ [--pg-user=postgres]"
                + " [--passes=2] [--timeout-ms=60000] [--slowest=5] [file ...]");
        System.exit(2);
    }

    /** The records that run for PostgreSQL, in order, up to a {@code halt} that applies. */
    static List<Step> steps(SltScript script) {
        List<Step> steps = new ArrayList<>();
        for (SltScript.Record r : script.records()) {
            if (!r.appliesTo(SltRunner.DATABASE)) {
                continue;
            }
            if (r instanceof Halt) {
                break;
            }
            if (r instanceof Statement s) {
                steps.add(new Step(s.line(), false, s.expectOk(), s.sql()));
            } else if (r instanceof Query q) {
                steps.add(new Step(q.line(), true, true, q.sql()));
            }
        }
        return steps;
    }

    private static PassResult runPass(int pass, SltScript script, List<Step> steps, String pgUrl, String pgUser,
                                      long timeoutMillis) throws Exception {
        String load = loadAverage();
        // DistDB: the runner executes exactly the records of steps, in order; the engine wrapper times each call.
        long[] times = new long[steps.size()];
        String[] errors = new String[steps.size()];
        int[] at = {0};
        Path dir = Files.createTempDirectory("slt-timing-");
        SltFileResult checked;
        try (SltEngine engine = SqlLogicTest.newEngine(dir, timeoutMillis)) {
            SltEngine timedEngine = sql -> {
                int i = at[0]++;
                long t0 = System.nanoTime();
                try {
                    return engine.execute(sql);
                } catch (SqlException e) {
                    errors[i] = e.sqlState() + ": " + e.getMessage();
                    throw e;
                } finally {
                    times[i] = System.nanoTime() - t0;
                }
            };
            checked = new SltRunner(5, 100).run(script, timedEngine);
        } finally {
            deleteTree(dir);
        }
        if (at[0] != steps.size()) {
            throw new IllegalStateException(script.name() + ": the runner ran " + at[0] + " records, expected "
                    + steps.size());
        }
        long distdb = 0;
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).distdbNanos = times[i];
            steps.get(i).distdbError = errors[i];
            distdb += times[i];
        }

        // PostgreSQL: a fresh database for the file.
        String db = "slt_timing";
        try (Connection admin = connect(pgUrl + "postgres", pgUser);
             java.sql.Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        long pg = 0;
        int pgErrors = 0;
        int pgUnexpectedSuccess = 0;
        try (Connection c = connect(pgUrl + db, pgUser)) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = " + timeoutMillis);
            }
            for (Step s : steps) {
                String error = null;
                long t0 = System.nanoTime();
                try (java.sql.Statement st = c.createStatement()) {
                    if (st.execute(s.sql)) {
                        try (ResultSet rs = st.getResultSet()) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int col = 1; col <= columns; col++) {
                                    rs.getString(col);
                                }
                            }
                        }
                    }
                } catch (SQLException e) {
                    error = e.getSQLState() + ": " + e.getMessage();
                }
                long nanos = System.nanoTime() - t0;
                s.pgNanos = nanos;
                s.pgError = error;
                pg += nanos;
                if (error != null && s.expectOk) {
                    pgErrors++;
                } else if (error == null && !s.expectOk) {
                    pgUnexpectedSuccess++;
                }
            }
            explainSlowest(c, steps, slowestShown);
        }
        try (Connection admin = connect(pgUrl + "postgres", pgUser);
             java.sql.Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
        }
        return new PassResult(pass, distdb, pg, checked, pgErrors, pgUnexpectedSuccess, load);
    }

    /**
     * Where PostgreSQL's time went in the slowest queries of either side: each run again under {@code EXPLAIN (ANALYZE, TIMING
     * OFF, SUMMARY)} once the pass is over (the tables as the file left them), for its planning and execution
     * time.
     */
    private static void explainSlowest(Connection c, List<Step> steps, int n) {
        java.util.LinkedHashSet<Step> chosen = new java.util.LinkedHashSet<>();
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingLong((Step s) -> s.pgNanos).reversed());
        chosen.addAll(sorted.subList(0, Math.min(n, sorted.size())));
        sorted.sort(Comparator.comparingLong((Step s) -> s.distdbNanos).reversed());
        chosen.addAll(sorted.subList(0, Math.min(n, sorted.size())));
        for (Step s : chosen) {
            if (!s.query || s.pgError != null) {
                continue;
            }
            String planning = "?";
            String execution = "?";
            try (java.sql.Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY) " + s.sql)) {
                while (rs.next()) {
                    String line = rs.getString(1).trim();
                    if (line.startsWith("Planning Time:")) {
                        planning = line.substring("Planning Time:".length()).replace(" ms", "").trim();
                    } else if (line.startsWith("Execution Time:")) {
                        execution = line.substring("Execution Time:".length()).replace(" ms", "").trim();
                    }
                }
                s.pgExplain = planning + " / " + execution;
            } catch (SQLException e) {
                s.pgExplain = null;
            }
        }
    }

    static int slowestShown = 5;

    private static String slowest(String file, List<Step> steps, int n, PassResult last) {
        StringBuilder md = new StringBuilder();
        md.append("#### `").append(file).append("`: the slowest ").append(n).append(" statements on each side\n\n");
        for (boolean distdbSide : new boolean[] {true, false}) {
            List<Step> sorted = new ArrayList<>(steps);
            Comparator<Step> byTime = Comparator.comparingLong(s -> distdbSide ? s.distdbNanos : s.pgNanos);
            sorted.sort(byTime.reversed());
            List<Step> top = sorted.subList(0, Math.min(n, sorted.size()));
            long topNanos = top.stream().mapToLong(s -> distdbSide ? s.distdbNanos : s.pgNanos).sum();
            long all = distdbSide ? last.distdbNanos : last.pgNanos;
            md.append(String.format(Locale.ROOT, "On %s (these %d: %.0f%% of its time on the file):%n%n",
                    distdbSide ? "DistDB" : "PostgreSQL", top.size(), all == 0 ? 0.0 : 100.0 * topNanos / all));
            md.append("| line | DistDB ms | PostgreSQL ms | DistDB/PostgreSQL | PostgreSQL plan / execute ms | SQL |\n"
                    + "|---:|---:|---:|---:|---:|---|\n");
            for (Step s : top) {
                String sql = s.sql.replaceAll("\\s+", " ").strip();
                if (sql.length() > 240) {
                    sql = sql.substring(0, 240) + "...";
                }
                String err = "";
                if (s.distdbError != null) {
                    err += " (DistDB error " + s.distdbError.substring(0, Math.min(5, s.distdbError.length())) + ")";
                }
                if (s.pgError != null) {
                    err += " (PostgreSQL error " + s.pgError.substring(0, Math.min(5, s.pgError.length())) + ")";
                }
                md.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2f | %s | `%s`%s |%n", s.line,
                        s.distdbNanos / 1e6, s.pgNanos / 1e6, s.pgNanos == 0 ? 0.0 : (double) s.distdbNanos / s.pgNanos,
                        s.pgExplain == null ? "" : s.pgExplain, sql.replace("|", "\\|").replace("`", "'"), err));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static Connection connect(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(url, p);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
