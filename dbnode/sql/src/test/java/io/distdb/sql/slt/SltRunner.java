package io.distdb.sql.slt;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.slt.SltFileResult.Failure;
import io.distdb.sql.slt.SltScript.Expected;
import io.distdb.sql.slt.SltScript.Halt;
import io.distdb.sql.slt.SltScript.Hash;
import io.distdb.sql.slt.SltScript.HashThreshold;
import io.distdb.sql.slt.SltScript.Query;
import io.distdb.sql.slt.SltScript.Statement;
import io.distdb.sql.slt.SltScript.Unchecked;
import io.distdb.sql.slt.SltScript.Values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a {@link SltScript} against a {@link SltEngine} and classifies every record, with the reference
 * runner's semantics for the database {@value #DATABASE}: a record under {@code skipif postgresql} or
 * {@code onlyif <another>} is skipped, everything else runs; a {@code halt} that applies ends the script;
 * {@code hash-threshold} is read, and a query whose expected section is {@code N values hashing to H} is
 * compared on the number of values and the MD5 of the values (see {@link SltValues#md5}), any other on the
 * values themselves. Values are formatted, sorted and hashed by {@link SltValues}.
 *
 * <p>A record fails in one of four ways ({@link SltOutcome}); a failed {@code statement ok} does not stop
 * the script, and the records that depended on it are counted as they come out.
 */
public final class SltRunner {

    /** The database this runner is, for {@code skipif} and {@code onlyif}. */
    public static final String DATABASE = "postgresql";

    /** The SQLSTATE of "feature not supported". */
    public static final String UNSUPPORTED = "0A000";

    private static final int SHOWN_VALUES = 12;
    private static final int SHOWN_SQL = 600;

    private final int maxDetails;
    private final int maxWrongDetails;

    /** A runner keeping the first 50 failures of each outcome of a file in full. */
    public SltRunner() {
        this(50);
    }

    public SltRunner(int maxDetails) {
        this(maxDetails, maxDetails);
    }

    /**
     * A runner keeping the first {@code maxDetails} failures of each outcome of a file in full, but up to
     * {@code maxWrongDetails} wrong results and crashes.
     */
    public SltRunner(int maxDetails, int maxWrongDetails) {
        this.maxDetails = maxDetails;
        this.maxWrongDetails = maxWrongDetails;
    }

    /**
     * Runs {@code script} on a fresh engine from {@code factory}, over a temporary directory deleted
     * afterwards, and closes the engine. An engine that does not open or close is the file's error.
     */
    public SltFileResult runFresh(SltScript script, SltEngine.Factory factory) {
        Path dir;
        try {
            dir = Files.createTempDirectory("slt-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            SltEngine engine;
            try {
                engine = factory.open(dir);
            } catch (Exception e) {
                SltFileResult result = new SltFileResult(script.name(), maxDetails, maxWrongDetails);
                result.fileError("the engine did not open: " + e);
                return result;
            }
            SltFileResult result = run(script, engine);
            try {
                engine.close();
            } catch (Exception e) {
                result.fileError("the engine did not close: " + e);
            }
            return result;
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs {@code script} on {@code engine}, which it leaves open. */
    public SltFileResult run(SltScript script, SltEngine engine) {
        SltFileResult result = new SltFileResult(script.name(), maxDetails, maxWrongDetails);
        long start = System.nanoTime();
        int hashThreshold = 0;
        for (SltScript.Record record : script.records()) {
            if (!record.appliesTo(DATABASE)) {
                if (record instanceof Statement || record instanceof Query) {
                    result.skipped();
                }
                continue;
            }
            if (record instanceof HashThreshold h) {
                hashThreshold = h.threshold();
            } else if (record instanceof Halt h) {
                result.haltedAt(h.line());
                break;
            } else if (record instanceof Statement s) {
                statement(script.name(), s, engine, result);
            } else if (record instanceof Query q) {
                query(script.name(), q, hashThreshold, engine, result);
            }
        }
        result.elapsed(Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    private static void statement(String file, Statement s, SltEngine engine, SltFileResult result) {
        try {
            engine.execute(s.sql());
        } catch (SqlException e) {
            if (s.expectOk()) {
                result.fail(sqlFailure(file, s.line(), s.sql(), e));
            } else {
                result.passed();
            }
            return;
        } catch (Throwable t) {
            rethrowFatal(t);
            result.fail(crash(file, s.line(), s.sql(), t));
            return;
        }
        if (s.expectOk()) {
            result.passed();
        } else {
            result.fail(new Failure(SltOutcome.WRONG, file, s.line(), shortSql(s.sql()),
                    "statement error expected, but the statement succeeded",
                    "expected: an error\ngot:      success"));
        }
    }

    private static void query(String file, Query q, int hashThreshold, SltEngine engine, SltFileResult result) {
        SqlResult res;
        try {
            res = engine.execute(q.sql());
        } catch (SqlException e) {
            result.fail(sqlFailure(file, q.line(), q.sql(), e));
            return;
        } catch (Throwable t) {
            rethrowFatal(t);
            result.fail(crash(file, q.line(), q.sql(), t));
            return;
        }
        String problem = shapeProblem(q, res);
        if (problem != null) {
            result.fail(new Failure(SltOutcome.WRONG, file, q.line(), shortSql(q.sql()), normalize(problem),
                    problem + (res == null || res.columns().isEmpty() ? "" : "\ngot columns: " + res.columns())));
            return;
        }
        List<String> got = SltValues.sort(SltValues.formatRows(res.rows(), q.types()), q.sort(), q.types().length());
        Expected expected = q.expected();
        if (expected instanceof Unchecked) {
            result.passed();
        } else if (expected instanceof Hash h) {
            String md5 = SltValues.md5(got);
            if (got.size() == h.count() && md5.equals(h.md5())) {
                result.passed();
            } else {
                String kind = got.size() != h.count() ? "wrong number of values" : "wrong values (hash differs)";
                result.fail(new Failure(SltOutcome.WRONG, file, q.line(), shortSql(q.sql()), kind,
                        "expected: " + h + "\ngot:      " + got.size() + " values hashing to " + md5
                                + "\ngot values: " + shown(got, 0)));
            }
        } else if (expected instanceof Values v) {
            if (got.equals(v.values())) {
                result.passed();
            } else {
                String kind = got.size() != v.values().size() ? "wrong number of values" : "wrong values";
                int at = firstDifference(v.values(), got);
                String gotText = got.size() > hashThreshold && hashThreshold > 0
                        ? got.size() + " values hashing to " + SltValues.md5(got) + "\ngot values: " + shown(got, at)
                        : shown(got, at);
                result.fail(new Failure(SltOutcome.WRONG, file, q.line(), shortSql(q.sql()), kind,
                        "first difference at value " + (at + 1) + " (" + q.sort().name().toLowerCase() + ")"
                                + "\nexpected: " + v.values().size() + " values: " + shown(v.values(), at)
                                + "\ngot:      " + got.size() + " values: " + gotText));
            }
        }
    }

    /** Why the result cannot be read with the query's type string, or {@code null}. */
    private static String shapeProblem(Query q, SqlResult res) {
        if (res == null) {
            return "the query returned no result";
        }
        if (!res.hasRows()) {
            return "the query returned a count (" + res.commandTag() + "), not rows";
        }
        int columns = q.types().length();
        if (res.columns().size() != columns) {
            return "wrong number of columns: " + columns + " expected, " + res.columns().size() + " returned";
        }
        for (Object[] row : res.rows()) {
            if (row == null || row.length != columns) {
                return "a row has " + (row == null ? "no" : row.length) + " values for " + columns + " columns";
            }
        }
        return null;
    }

    private static Failure sqlFailure(String file, int line, String sql, SqlException e) {
        String state = e.sqlState();
        String message = String.valueOf(e.getMessage());
        if (UNSUPPORTED.equals(state)) {
            return new Failure(SltOutcome.FAILED_UNSUPPORTED, file, line, shortSql(sql), normalize(message),
                    state + ": " + message);
        }
        return new Failure(SltOutcome.FAILED_ERROR, file, line, shortSql(sql), state + " " + normalize(message),
                state + ": " + message);
    }

    private static Failure crash(String file, int line, String sql, Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        String top = stack.length == 0 ? "(no stack)" : stack[0].toString();
        StringBuilder detail = new StringBuilder(t.toString());
        for (int i = 0; i < Math.min(8, stack.length); i++) {
            detail.append("\n    at ").append(stack[i]);
        }
        for (Throwable cause = t.getCause(); cause != null && cause != t; cause = cause.getCause()) {
            detail.append("\ncaused by ").append(cause);
            if (cause.getStackTrace().length > 0) {
                detail.append("\n    at ").append(cause.getStackTrace()[0]);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new Failure(SltOutcome.CRASHED, file, line, shortSql(sql), t.getClass().getName() + " at " + top,
                detail.toString());
    }

    /** Out of memory and the like end the run; everything else an engine throws is its crash. */
    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /**
     * The kind of a message: quoted names and literals become {@code "?"} and {@code '?'}, digit runs
     * {@code N} (so {@code t1} and {@code tab0} group), white space one space, at most 200 characters.
     */
    public static String normalize(String message) {
        String s = DOUBLE_QUOTED.matcher(message).replaceAll("\"?\"");
        s = SINGLE_QUOTED.matcher(s).replaceAll("'?'");
        s = DIGITS.matcher(s).replaceAll("N");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String shortSql(String sql) {
        return sql.length() > SHOWN_SQL ? sql.substring(0, SHOWN_SQL) + " ..." : sql;
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return n;
    }

    /** Up to {@value #SHOWN_VALUES} values from a little before {@code at}, separated by " | ". */
    private static String shown(List<String> values, int at) {
        int from = Math.max(0, Math.min(at, values.size()) - 2);
        int to = Math.min(values.size(), from + SHOWN_VALUES);
        List<String> parts = new ArrayList<>();
        if (from > 0) {
            parts.add("[" + from + " before]");
        }
        parts.addAll(values.subList(from, to));
        if (to < values.size()) {
            parts.add("[" + (values.size() - to) + " more]");
        }
        return parts.isEmpty() ? "(none)" : String.join(" | ", parts);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
