package io.distdb.sql.slt;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.runtime.SqlResult.Column;
import io.distdb.sql.slt.SltFileResult.Failure;
import io.distdb.sql.slt.SltScript.Condition;
import io.distdb.sql.slt.SltScript.Halt;
import io.distdb.sql.slt.SltScript.Hash;
import io.distdb.sql.slt.SltScript.HashThreshold;
import io.distdb.sql.slt.SltScript.Query;
import io.distdb.sql.slt.SltScript.Sort;
import io.distdb.sql.slt.SltScript.Statement;
import io.distdb.sql.slt.SltScript.Unchecked;
import io.distdb.sql.slt.SltScript.Values;
import io.distdb.sql.types.Bytes;
import io.distdb.sql.types.SqlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SltRunnerTest {

    /** An engine that answers each SQL text from a table, and counts anything else as a done statement. */
    static final class ScriptedEngine implements SltEngine {
        final Map<String, Function<String, SqlResult>> answers = new HashMap<>();
        final List<String> executed = new ArrayList<>();
        boolean closed;

        ScriptedEngine on(String sql, SqlResult result) {
            answers.put(sql, s -> result);
            return this;
        }

        ScriptedEngine fails(String sql, RuntimeException e) {
            answers.put(sql, s -> {
                throw e;
            });
            return this;
        }

        @Override
        public SqlResult execute(String sql) {
            executed.add(sql);
            Function<String, SqlResult> answer = answers.get(sql);
            return answer != null ? answer.apply(sql) : SqlResult.count("OK", 0);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static SqlResult rows(String types, Object[]... rows) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < types.length(); i++) {
            SqlType t = switch (types.charAt(i)) {
                case 'I' -> SqlType.BIGINT;
                case 'R' -> SqlType.DOUBLE;
                default -> SqlType.TEXT;
            };
            columns.add(new Column("c" + i, t));
        }
        return SqlResult.rows(columns, Arrays.asList(rows));
    }

    static Object[] row(Object... values) {
        return values;
    }

    static SltFileResult run(String script, SltEngine engine) {
        return new SltRunner().run(SltScript.parse("t.test", script), engine);
    }

    // ---- parsing ----

    static final String ALL_KINDS = String.join("\n",
            "# a comment",
            "hash-threshold 8",
            "",
            "statement ok",
            "CREATE TABLE t1(a INTEGER,",
            "  b TEXT)",
            "",
            "statement error",
            "SELECT nothing",
            "",
            "skipif mysql # no reason",
            "onlyif postgresql",
            "query IT rowsort label-7",
            "SELECT a, b",
            "  FROM t1",
            "----",
            "1",
            "x y",
            "NULL",
            "(empty)",
            "",
            "query R valuesort",
            "SELECT 1.0",
            "----",
            "30 values hashing to 3C13DEE48D9356AE19AF2515E05E6B54",
            "",
            "query I nosort",
            "SELECT 1",
            "",
            "query T",
            "SELECT 'a'",
            "----",
            "",
            "onlyif mssql",
            "halt",
            "",
            "statement ok\r",
            "DROP TABLE t1\r",
            "");

    @Test
    void parsesEveryRecordKind() {
        SltScript script = SltScript.parse("all.test", ALL_KINDS);
        List<SltScript.Record> r = script.records();
        assertEquals(9, r.size(), r.toString());

        HashThreshold ht = assertInstanceOf(HashThreshold.class, r.get(0));
        assertEquals(8, ht.threshold());
        assertEquals(2, ht.line());

        Statement create = assertInstanceOf(Statement.class, r.get(1));
        assertTrue(create.expectOk());
        assertEquals("CREATE TABLE t1(a INTEGER,\n  b TEXT)", create.sql());
        assertEquals(4, create.line());

        Statement error = assertInstanceOf(Statement.class, r.get(2));
        assertFalse(error.expectOk());
        assertEquals("SELECT nothing", error.sql());

        Query q = assertInstanceOf(Query.class, r.get(3));
        assertEquals(11, q.line(), "a record starts at its first condition");
        assertEquals(List.of(new Condition(true, "mysql"), new Condition(false, "postgresql")), q.conditions());
        assertEquals("IT", q.types());
        assertEquals(Sort.ROWSORT, q.sort());
        assertEquals("label-7", q.label());
        assertEquals("SELECT a, b\n  FROM t1", q.sql());
        assertEquals(new Values(List.of("1", "x y", "NULL", "(empty)")), q.expected());

        Query hashed = assertInstanceOf(Query.class, r.get(4));
        assertEquals(Sort.VALUESORT, hashed.sort());
        assertNull(hashed.label());
        assertEquals(new Hash(30, "3c13dee48d9356ae19af2515e05e6b54"), hashed.expected());

        Query unchecked = assertInstanceOf(Query.class, r.get(5));
        assertEquals(Sort.NOSORT, unchecked.sort());
        assertInstanceOf(Unchecked.class, unchecked.expected());

        Query emptyResult = assertInstanceOf(Query.class, r.get(6));
        assertEquals(Sort.NOSORT, emptyResult.sort(), "no sort mode is nosort");
        assertEquals(new Values(List.of()), emptyResult.expected());

        Halt halt = assertInstanceOf(Halt.class, r.get(7));
        assertEquals(List.of(new Condition(false, "mssql")), halt.conditions());

        Statement drop = assertInstanceOf(Statement.class, r.get(8));
        assertEquals("DROP TABLE t1", drop.sql(), "CRLF line ends");
    }

    @Test
    void rejectsWhatTheFormatDoesNotAllow() {
        assertThrows(SltScript.ParseException.class, () -> SltScript.parse("x", "query IX nosort\nSELECT 1\n"));
        assertThrows(SltScript.ParseException.class, () -> SltScript.parse("x", "query I sometimes\nSELECT 1\n"));
        assertThrows(SltScript.ParseException.class, () -> SltScript.parse("x", "statement maybe\nSELECT 1\n"));
        SltScript.ParseException e =
                assertThrows(SltScript.ParseException.class, () -> SltScript.parse("x.test", "\n\nfrobnicate\n"));
        assertTrue(e.getMessage().startsWith("x.test:3:"), e.getMessage());
        assertEquals(0, SltScript.parse("empty", "").records().size());
    }

    // ---- formatting ----

    @Test
    void formatsIntegerColumns() {
        assertEquals("42", SltValues.format(42L, 'I'));
        assertEquals("-7", SltValues.format(-7L, 'I'));
        assertEquals("2", SltValues.format(2.9, 'I'), "a double is truncated toward zero");
        assertEquals("-2", SltValues.format(-2.9, 'I'));
        assertEquals("7", SltValues.format(new BigDecimal("7.99"), 'I'));
        assertEquals("-7", SltValues.format(new BigDecimal("-7.99"), 'I'));
        assertEquals(Long.toString(Long.MAX_VALUE), SltValues.format(1e300, 'I'), "saturates");
        assertEquals("1", SltValues.format(true, 'I'));
        assertEquals("0", SltValues.format(false, 'I'));
        assertEquals("12", SltValues.format("12abc", 'I'), "text: its numeric prefix");
        assertEquals("-3", SltValues.format(" -3.5e0x", 'I'));
        assertEquals("0", SltValues.format("abc", 'I'));
        assertEquals("NULL", SltValues.format(null, 'I'));
    }

    @Test
    void formatsRealColumns() {
        assertEquals("3.000", SltValues.format(3L, 'R'));
        assertEquals("2.500", SltValues.format(2.5, 'R'));
        assertEquals("0.333", SltValues.format(1.0 / 3, 'R'));
        assertEquals("0.667", SltValues.format(2.0 / 3, 'R'));
        assertEquals("1.000", SltValues.format(1.0005, 'R'), "1.0005 is 1.000499999... in binary");
        assertEquals("0.063", SltValues.format(0.0625, 'R'), "an exact tie rounds up");
        assertEquals("-1.235", SltValues.format(new BigDecimal("-1.23456"), 'R'));
        assertEquals("-0.000", SltValues.format(-0.0001, 'R'), "SQLite keeps the sign of a negative value");
        assertEquals("0.000", SltValues.format(-0.0, 'R'));
        assertEquals("1.000", SltValues.format(true, 'R'));
        assertEquals("12345678901234568.000", SltValues.format(12345678901234567L, 'R'), "via the nearest double");
        assertEquals("NULL", SltValues.format(null, 'R'));
    }

    @Test
    void formatsTextColumns() {
        assertEquals("abc", SltValues.format("abc", 'T'));
        assertEquals("a b", SltValues.format("a b", 'T'), "a space is printable");
        assertEquals("(empty)", SltValues.format("", 'T'));
        assertEquals("NULL", SltValues.format(null, 'T'));
        assertEquals("NULL", SltValues.format("NULL", 'T'), "the text NULL looks like NULL, as in the reference");
        assertEquals("a@b@", SltValues.format("a\tb\n", 'T'));
        assertEquals("caf@", SltValues.format("caf\u00e9", 'T'));
        assertEquals("@", SltValues.format("\u007f", 'T'));
        assertEquals("true", SltValues.format(true, 'T'));
        assertEquals("false", SltValues.format(false, 'T'));
        assertEquals("42", SltValues.format(42L, 'T'));
        assertEquals("1.50", SltValues.format(new BigDecimal("1.50"), 'T'));
        assertEquals("100000", SltValues.format(new BigDecimal("1E+5"), 'T'));
        assertEquals("1.5", SltValues.format(1.5, 'T'));
        assertEquals("1", SltValues.format(1.0, 'T'));
        assertEquals("-0.25", SltValues.format(-0.25, 'T'));
        assertEquals("0.0001", SltValues.format(0.0001, 'T'));
        assertEquals("1e-05", SltValues.format(0.00001, 'T'));
        assertEquals("123456789012345", SltValues.format(123456789012345.0, 'T'));
        assertEquals("1e+15", SltValues.format(1e15, 'T'));
        assertEquals("-1.5e+20", SltValues.format(-1.5e20, 'T'));
        assertEquals("0.30000000000000004", SltValues.format(0.1 + 0.2, 'T'));
        assertEquals("NaN", SltValues.format(Double.NaN, 'T'));
        assertEquals("Infinity", SltValues.format(Double.POSITIVE_INFINITY, 'T'));
        assertEquals("2024-02-29", SltValues.format(LocalDate.of(2024, 2, 29), 'T'));
        assertEquals("2024-01-02 03:04:05+00", SltValues.format(Instant.parse("2024-01-02T03:04:05Z"), 'T'));
        assertEquals("2024-01-02 03:04:05.12+00", SltValues.format(Instant.parse("2024-01-02T03:04:05.120Z"), 'T'));
        assertEquals("\\x0aff", SltValues.format(new Bytes(new byte[] {10, -1}), 'T'));
    }

    // ---- sorting and hashing ----

    @Test
    void sortsRowsAndValuesAsTheReferenceDoes() {
        List<String> values = List.of("2", "b", "10", "a", "2", "a", "1", "z");
        assertEquals(values, SltValues.sort(values, Sort.NOSORT, 2));
        // rows (2,b) (10,a) (2,a) (1,z), compared column after column as strings: "1" < "10" < "2"
        assertEquals(List.of("1", "z", "10", "a", "2", "a", "2", "b"), SltValues.sort(values, Sort.ROWSORT, 2));
        assertEquals(List.of("1", "10", "2", "2", "a", "a", "b", "z"), SltValues.sort(values, Sort.VALUESORT, 2));
        // value by value, not the joined row: ("1","23") before ("12","3")
        assertEquals(List.of("1", "23", "12", "3"), SltValues.sort(List.of("12", "3", "1", "23"), Sort.ROWSORT, 2));
    }

    @Test
    void hashesEveryValueFollowedByANewline() throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] digest = md.digest("1\nNULL\n(empty)\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(HexFormat.of().formatHex(digest), SltValues.md5(List.of("1", "NULL", "(empty)")));
        // echo -n "" | md5sum: nothing hashes to the MD5 of nothing
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", SltValues.md5(List.of()));
        // printf '1\n2\n' | md5sum
        assertEquals("6ddb4095eb719e2a9f0a3f95677d24e0", SltValues.md5(List.of("1", "2")));
    }

    /**
     * The first two queries of {@code test/select1.test} have only a hash as their expected result. The
     * fake below computes their answers from the 30 INSERTs of the same file; both must pass, which checks
     * the I formatting, the order and the hash against what SQLite's runner wrote.
     */
    @Test
    void matchesTheCorpusHashesOfSelect1() throws Exception {
        SltScript script = SltCorpus.load("test/select1.test").head(33);
        Query first = assertInstanceOf(Query.class, script.records().get(31));
        Query second = assertInstanceOf(Query.class, script.records().get(32));
        assertEquals(new Hash(30, "3c13dee48d9356ae19af2515e05e6b54"), first.expected());
        assertEquals(new Hash(60, "808146289313018fce25f1a280bd8c30"), second.expected());

        List<Map<String, Long>> t1 = new ArrayList<>();
        Pattern insert = Pattern.compile("INSERT INTO t1\\(([a-e,]+)\\) VALUES\\(([0-9,]+)\\)");
        SltEngine engine = sql -> {
            Matcher m = insert.matcher(sql);
            if (m.matches()) {
                String[] cols = m.group(1).split(",");
                String[] vals = m.group(2).split(",");
                Map<String, Long> row = new HashMap<>();
                for (int i = 0; i < cols.length; i++) {
                    row.put(cols[i], Long.parseLong(vals[i]));
                }
                t1.add(row);
                return SqlResult.count("INSERT 0 1", 1);
            }
            if (sql.equals(first.sql())) {
                double avgC = t1.stream().mapToLong(r -> r.get("c")).average().orElseThrow();
                List<Object[]> out = new ArrayList<>();
                t1.stream()
                        .map(r -> r.get("c") > avgC ? r.get("a") * 2 : r.get("b") * 10)
                        .sorted()
                        .forEach(v -> out.add(row(v)));
                return rows("I", out.toArray(new Object[0][]));
            }
            if (sql.equals(second.sql())) {
                List<Object[]> out = new ArrayList<>();
                for (Map<String, Long> r : t1) {
                    long a = r.get("a"), b = r.get("b"), c = r.get("c"), d = r.get("d"), e = r.get("e");
                    // (a+b+c+d+e)/5 as a double: the I column truncates it as integer division would
                    out.add(row(a + b * 2 + c * 3 + d * 4 + e * 5, (a + b + c + d + e) / 5.0));
                }
                out.sort((x, y) -> x[0].equals(y[0])
                        ? Double.compare((Double) x[1], (Double) y[1])
                        : Long.compare((Long) x[0], (Long) y[0]));
                return rows("II", out.toArray(new Object[0][]));
            }
            if (sql.startsWith("CREATE TABLE")) {
                return SqlResult.count("CREATE TABLE", 0);
            }
            throw new AssertionError("unexpected SQL " + sql);
        };
        SltFileResult result = new SltRunner().run(script, engine);
        assertEquals(33, result.count(SltOutcome.PASSED), result + "\n" + result.details(SltOutcome.WRONG));
        assertEquals(30, t1.size());
    }

    @Test
    void comparesHashedAndListedResults() {
        String script = String.join("\n",
                "query I rowsort",
                "SELECT x",
                "----",
                "3 values hashing to " + SltValues.md5(List.of("1", "2", "3")),
                "",
                "query I rowsort",
                "SELECT y",
                "----",
                "3 values hashing to " + SltValues.md5(List.of("1", "2", "3")),
                "",
                "query IT rowsort",
                "SELECT x, y",
                "----",
                "1",
                "b",
                "2",
                "a",
                "",
                "query IT nosort",
                "SELECT x, y ORDER BY 1",
                "----",
                "2",
                "a",
                "1",
                "b",
                "");
        ScriptedEngine engine = new ScriptedEngine()
                .on("SELECT x", rows("I", row(3L), row(1L), row(2L)))
                .on("SELECT y", rows("I", row(3L), row(1L), row(2L), row(4L)))
                .on("SELECT x, y", rows("IT", row(2L, "a"), row(1L, "b")))
                .on("SELECT x, y ORDER BY 1", rows("IT", row(1L, "b"), row(2L, "a")));
        SltFileResult result = run(script, engine);
        assertEquals(2, result.count(SltOutcome.PASSED), result.toString());
        assertEquals(2, result.count(SltOutcome.WRONG));
        List<Failure> wrong = result.details(SltOutcome.WRONG);
        assertEquals("t.test:6", wrong.get(0).location());
        assertEquals("wrong number of values", wrong.get(0).kind());
        assertTrue(wrong.get(0).detail().contains("expected: 3 values hashing to"), wrong.get(0).detail());
        assertTrue(wrong.get(0).detail().contains("got:      4 values hashing to"), wrong.get(0).detail());
        assertEquals("t.test:19", wrong.get(1).location());
        assertEquals("wrong values", wrong.get(1).kind());
        assertEquals("SELECT x, y ORDER BY 1", wrong.get(1).sql());
        assertTrue(wrong.get(1).detail().contains("expected: 4 values: 2 | a | 1 | b"), wrong.get(1).detail());
        assertTrue(wrong.get(1).detail().contains("got:      4 values: 1 | b | 2 | a"), wrong.get(1).detail());
    }

    // ---- skipif, onlyif, halt ----

    @Test
    void honoursSkipifOnlyifAndHaltForPostgresql() {
        String script = String.join("\n",
                "skipif postgresql",
                "statement ok",
                "S1 skipped",
                "",
                "onlyif mysql # mysql only",
                "statement ok",
                "S2 skipped",
                "",
                "onlyif postgresql",
                "statement ok",
                "S3 runs",
                "",
                "skipif mysql",
                "skipif sqlite",
                "statement ok",
                "S4 runs",
                "",
                "onlyif mysql",
                "onlyif postgresql",
                "statement ok",
                "S5 skipped: not all onlyif name us",
                "",
                "onlyif sqlite",
                "halt",
                "",
                "skipif postgresql",
                "halt",
                "",
                "statement ok",
                "S6 runs",
                "",
                "onlyif postgresql",
                "halt",
                "",
                "statement ok",
                "S7 never runs",
                "");
        ScriptedEngine engine = new ScriptedEngine();
        SltFileResult result = run(script, engine);
        assertEquals(List.of("S3 runs", "S4 runs", "S6 runs"), engine.executed);
        assertEquals(3, result.count(SltOutcome.PASSED));
        assertEquals(3, result.count(SltOutcome.SKIPPED));
        assertEquals(32, result.haltedAt());
        assertEquals(1.0, result.passRatio());
    }

    // ---- outcomes ----

    @Test
    void classifiesOutcomes() {
        String script = String.join("\n",
                "statement ok",
                "CREATE TABLE t1(a INT)",
                "",
                "statement ok",
                "CREATE VIEW v AS SELECT 1",
                "",
                "statement ok",
                "SELECT * FROM t2",
                "",
                "statement ok",
                "SELECT * FROM t3",
                "",
                "statement ok",
                "CRASH",
                "",
                "statement error",
                "SELECT 1",
                "",
                "statement error",
                "SELECT * FROM nowhere",
                "",
                "query I nosort",
                "SELECT a FROM t1",
                "----",
                "1",
                "",
                "query I nosort",
                "SELECT a, a FROM t1",
                "----",
                "1",
                "1",
                "",
                "query I nosort",
                "INSERT INTO t1 VALUES (1)",
                "----",
                "",
                "query I nosort",
                "SELECT broken",
                "----",
                "1",
                "",
                "query I nosort",
                "SELECT 1/0",
                "----",
                "1",
                "");
        ScriptedEngine engine = new ScriptedEngine()
                .fails("CREATE VIEW v AS SELECT 1", SqlErrors.unsupported("CREATE VIEW"))
                .fails("SELECT * FROM t2", SqlErrors.unknownTable("t2"))
                .fails("SELECT * FROM t3", SqlErrors.unknownTable("t3"))
                .fails("CRASH", new IllegalStateException("boom"))
                .on("SELECT 1", rows("I", row(1L)))
                .fails("SELECT * FROM nowhere", SqlErrors.unknownTable("nowhere"))
                .on("SELECT a FROM t1", rows("I", row(1L)))
                .on("SELECT a, a FROM t1", rows("II", row(1L, 1L)))
                .fails("SELECT broken", new NullPointerException())
                .fails("SELECT 1/0", SqlErrors.divisionByZero());
        SltFileResult result = run(script, engine);

        assertEquals(3, result.count(SltOutcome.PASSED), result.toString()); // CREATE TABLE, error, SELECT a
        assertEquals(1, result.count(SltOutcome.FAILED_UNSUPPORTED));
        assertEquals(3, result.count(SltOutcome.FAILED_ERROR));
        assertEquals(2, result.count(SltOutcome.CRASHED));
        assertEquals(3, result.count(SltOutcome.WRONG)); // statement error succeeded, column count, count result
        assertEquals(12, result.executed());
        assertEquals(3.0 / 12, result.passRatio(), 1e-9);

        List<SltFileResult.Group> errors = result.groups(SltOutcome.FAILED_ERROR);
        assertEquals("42P01 relation \"?\" does not exist", errors.get(0).kind());
        assertEquals(2, errors.get(0).count(), "t2 and t3 are one kind");
        assertEquals("t.test:7", errors.get(0).example().location());
        assertEquals("22012 division by zero", errors.get(1).kind());

        SltFileResult.Group unsupported = result.groups(SltOutcome.FAILED_UNSUPPORTED).get(0);
        assertEquals("CREATE VIEW is not supported (see docs/sql.md)", unsupported.kind());

        List<Failure> crashes = result.details(SltOutcome.CRASHED);
        assertTrue(crashes.get(0).kind().startsWith("java.lang.IllegalStateException at "), crashes.get(0).kind());
        assertTrue(crashes.get(0).detail().contains("boom"));
        assertEquals("t.test:37", crashes.get(1).location());

        List<Failure> wrong = result.details(SltOutcome.WRONG);
        assertEquals("statement error expected, but the statement succeeded", wrong.get(0).kind());
        assertEquals("t.test:16", wrong.get(0).location());
        assertTrue(wrong.get(1).kind().startsWith("wrong number of columns"), wrong.get(1).kind());
        assertTrue(wrong.get(2).kind().contains("not rows"), wrong.get(2).kind());
    }

    @Test
    void opensAndClosesAnEngineAFileThroughTheFactory(@TempDir Path tmp) throws Exception {
        ScriptedEngine engine = new ScriptedEngine();
        List<Path> dirs = new ArrayList<>();
        SltScript script = SltScript.parse("f.test", "statement ok\nCREATE TABLE t(a INT)\n");
        SltFileResult result = new SltRunner().runFresh(script, dir -> {
            assertTrue(Files.isDirectory(dir));
            dirs.add(dir);
            return engine;
        });
        assertEquals(1, result.count(SltOutcome.PASSED));
        assertTrue(engine.closed);
        assertFalse(Files.exists(dirs.get(0)), "the engine's directory is removed");

        SltFileResult notWired = new SltRunner().runFresh(script, dir -> {
            throw new UnsupportedOperationException("engine not wired");
        });
        assertTrue(notWired.fileError().contains("engine not wired"), notWired.fileError());
    }

    // ---- report ----

    @Test
    void writesAMarkdownReport(@TempDir Path tmp) throws Exception {
        ScriptedEngine engine = new ScriptedEngine()
                .on("SELECT 1", rows("I", row(2L)))
                .fails("SELECT * FROM t9", SqlErrors.unknownTable("t9"))
                .fails("SELECT 2", SqlErrors.unsupported("window functions"));
        String script = "query I nosort\nSELECT 1\n----\n1\n\nstatement ok\nSELECT * FROM t9\n\n"
                + "query I nosort\nSELECT 2\n----\n2\n\nskipif postgresql\nstatement ok\nSELECT 3\n";
        SltReport report = new SltReport("sqllogictest t.test").add(run(script, engine));
        Path out = tmp.resolve("sub/t.md");
        report.writeMarkdown(out);
        String md = Files.readString(out);
        assertTrue(md.startsWith("# sqllogictest t.test\n"), md);
        assertTrue(md.contains("| `t.test` | 3 | 0 | 1 | 0 | 1 | 1 | 1 | 0.00% |"), md);
        assertTrue(md.contains("## wrong (1)"), md);
        assertTrue(md.contains("### `t.test:1` wrong values"), md);
        assertTrue(md.contains("expected: 1 values: 1"), md);
        assertTrue(md.contains("got:      1 values: 2"), md);
        assertTrue(md.contains("| 1 | 42P01 relation \"?\" does not exist | `t.test:6` SELECT * FROM t9 |"), md);
        assertTrue(md.contains("## failed_unsupported (1)"), md);
        assertEquals(1, report.total(SltOutcome.SKIPPED));
    }

    @Test
    void normalizesMessagesIntoKinds() {
        assertEquals("column \"?\" does not exist", SltRunner.normalize("column \"x1\" does not exist"));
        assertEquals("invalid input syntax for type integer: '?'",
                SltRunner.normalize("invalid input syntax for type integer: 'abc'"));
        assertEquals("syntax error at line N, column N near tabN",
                SltRunner.normalize("syntax error at line 3, column 17\n near tab0"));
    }

    // ---- corpus ----

    @Test
    void listsAndReadsTheCorpus() throws Exception {
        List<String> selects = SltCorpus.list("test/select");
        assertEquals(SltCorpus.SELECT, selects);
        List<String> between = SltCorpus.list("test/index/between/10/");
        assertEquals(6, between.size(), between.toString());
        assertTrue(SltCorpus.list("test/").size() > 600);
        for (String file : SltCorpus.INDEX_SAMPLE) {
            assertTrue(between.contains(file) || SltCorpus.list(file).equals(List.of(file)), file);
        }
        SltScript select1 = SltCorpus.load("test/select1.test");
        assertTrue(select1.records().size() > 1000, "select1 has " + select1.records().size() + " records");
        assertEquals(Path.of("r", "index", "in", "10", "slt_good_0.md"),
                SltCorpus.reportPath(Path.of("r"), "test/index/in/10/slt_good_0.test"));
    }
}
