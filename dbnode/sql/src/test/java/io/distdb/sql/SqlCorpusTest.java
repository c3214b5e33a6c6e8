package io.distdb.sql;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.runtime.SqlResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.distdb.sql.types.Bytes;
import io.distdb.sql.types.Values;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the SQL corpus in {@code src/test/resources/sql/*.sql} on the engine: one container per file, one test
 * per statement. Each file runs against its own fresh engine on a real LSM store, in one {@link Session}, so
 * a file can open a transaction with {@code BEGIN} and end it later.
 *
 * <p>File format. A statement is one or more lines ending with a line that ends in {@code ;}. Lines starting
 * with {@code --} are comments, except the directives below, which apply to the statement just before them
 * (a statement without directives only has to succeed):
 * <pre>
 * -- expect: ok                          it succeeds
 * -- expect: rowsAffected 3              it succeeds and reports 3 affected rows
 * -- expect tag: INSERT 0 3              it succeeds with this command tag
 * -- expect error: 42P01                 it fails with this SQLSTATE (five characters) ...
 * -- expect error: unknown_table         ... or with this error word
 * -- expect error: 23502 row 3           ... and the message contains "row 3"
 * -- expect columns: id, name            the result columns' names, in order
 * -- expect rows:                        the rows, in order, one per following "-- " line,
 * -- 1 | Ada | NULL                      cells separated by " | "; NULL is SQL NULL, every other value in
 *                                        PostgreSQL's output text (booleans t/f, timestamps
 *                                        2024-01-02 03:04:05+00, numeric with its scale, bytea \x0102)
 * -- expect rows (any order):            the same, compared as a multiset
 * -- expect empty                        no rows
 * -- expect json: [[1,"Ada",null]]       the rows as JSON: integers, decimals (numeric and double, compared
 *                                        by value), strings, booleans, nulls and JSON values (checks types;
 *                                        dates and timestamps are strings in output text)
 * -- expect plan: HASH JOIN              some EXPLAIN line contains the text
 * -- expect no plan: NESTED LOOP         no EXPLAIN line contains the text
 * -- params: ["abc", 1, null, {"a": 1}]  binds the statement's $n / ? placeholders to these JSON values
 * </pre>
 * A rows block ends at a blank line or at a line that does not start with {@code "-- "}.
 */
class SqlCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private static final List<TestDatabase> OPEN = new ArrayList<>();

    @AfterAll
    static void closeAll() {
        OPEN.forEach(TestDatabase::close);
    }

    /** One file's engine: a fresh LSM store and the session its statements run in. */
    private static final class TestDatabase {
        final LsmStore store;
        final SqlEngine engine;
        final Session session;

        TestDatabase(Path dir) {
            this.store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
            this.engine = SqlEngine.standalone(store, SqlSettings.defaults());
            this.session = engine.openSession();
        }

        SqlResult execute(String sql, List<?> params) {
            List<SqlResult> results = session.execute(sql, params, null, 0);
            return results.get(results.size() - 1);
        }

        void close() {
            session.close();
            store.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(SqlCorpusTest.class.getResource("/sql").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertTrue(files.size() >= 13, "corpus files: " + files);
        return files.stream().map(SqlCorpusTest::container);
    }

    private static DynamicContainer container(Path file) {
        List<Case> cases = parse(file);
        TestDatabase[] db = new TestDatabase[1];
        String name = file.getFileName().toString();
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(name + ":" + c.line + " " + abbreviate(c.sql), () -> {
                if (db[0] == null) {
                    db[0] = new TestDatabase(Files.createDirectories(temp.resolve(name)));
                    OPEN.add(db[0]);
                }
                try {
                    check(db[0], c);
                } catch (AssertionError e) {
                    throw new AssertionError(name + ":" + c.line + ": " + e.getMessage(), e);
                }
            }));
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    // ---------------------------------------------------------------- the format

    private record Case(int line, String sql, List<String[]> directives) {
    }

    private static List<Case> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.startsWith("-- expect") || trimmed.startsWith("-- params:")) {
                if (cases.isEmpty() || sql.length() > 0) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": expectation without a statement before it");
                }
                String directive = trimmed.substring(3).trim();
                List<String> block = new ArrayList<>();
                if (directive.startsWith("expect rows")) {
                    while (i + 1 < lines.size() && lines.get(i + 1).startsWith("-- ") && !lines.get(i + 1).startsWith("-- expect")) {
                        block.add(lines.get(++i).substring(3));
                    }
                }
                List<String> parts = new ArrayList<>();
                parts.add(directive);
                parts.addAll(block);
                cases.get(cases.size() - 1).directives.add(parts.toArray(new String[0]));
                continue;
            }
            if (trimmed.startsWith("--") && sql.length() == 0 || trimmed.isEmpty() && sql.length() == 0) {
                continue;
            }
            if (sql.length() == 0) {
                start = i + 1;
            }
            sql.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String text = sql.toString().trim();
                cases.add(new Case(start, text.substring(0, text.length() - 1), new ArrayList<>()));
                sql.setLength(0);
            }
        }
        if (sql.length() > 0) {
            throw new IllegalStateException(file + ":" + start + ": statement without a closing ';'");
        }
        return cases;
    }

    private static void check(TestDatabase db, Case c) throws IOException {
        String expectedError = null;
        List<JsonNode> params = List.of();
        for (String[] d : c.directives) {
            if (d[0].startsWith("expect error:")) {
                expectedError = d[0].substring("expect error:".length()).trim();
            } else if (d[0].startsWith("params:")) {
                List<JsonNode> values = new ArrayList<>();
                JSON.readTree(d[0].substring("params:".length()).trim()).forEach(values::add);
                params = values;
            }
        }
        SqlResult result;
        try {
            result = db.execute(c.sql, params);
        } catch (SqlException e) {
            if (expectedError == null) {
                fail("line " + c.line + ": unexpected error " + e.sqlState() + " " + e.error() + ": " + e.getMessage());
            }
            String[] words = expectedError.split(" ", 2);
            String code = words[0];
            if (code.matches("[0-9A-Z]{5}")) {
                assertEquals(code, e.sqlState(), "SQLSTATE; message: " + e.getMessage());
            } else {
                assertEquals(code, e.error(), "error word; SQLSTATE " + e.sqlState() + ", message: " + e.getMessage());
            }
            if (words.length > 1) {
                assertTrue(e.getMessage().contains(words[1]), "message '" + e.getMessage() + "' should contain '" + words[1] + "'");
            }
            if (e.sqlState().equals("42601") && e.getMessage().contains("at or near")) {
                assertNotNull(e.position(), "syntax errors at a token carry its position");
            }
            return;
        }
        if (expectedError != null) {
            fail("line " + c.line + ": expected error " + expectedError + " but got " + (result.hasRows() ? render(result) : result.commandTag()));
        }
        for (String[] d : c.directives) {
            String directive = d[0];
            if (directive.equals("expect: ok") || directive.startsWith("params:")) {
                continue;
            }
            if (directive.startsWith("expect: rowsAffected")) {
                assertEquals(Long.parseLong(directive.substring("expect: rowsAffected".length()).trim()), result.rowsAffected(), "rowsAffected");
            } else if (directive.startsWith("expect tag:")) {
                assertEquals(directive.substring("expect tag:".length()).trim(), result.commandTag(), "command tag");
            } else if (directive.startsWith("expect columns:")) {
                List<String> expected = List.of(directive.substring("expect columns:".length()).trim().split("\\s*,\\s*"));
                assertEquals(expected, result.columnNames(), "columns");
            } else if (directive.equals("expect empty")) {
                assertEquals(List.of(), render(result), "rows");
            } else if (directive.startsWith("expect rows")) {
                List<String> expected = List.of(d).subList(1, d.length);
                List<String> actual = render(result);
                if (directive.contains("any order")) {
                    assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList(), "rows (any order)");
                } else {
                    assertEquals(expected, actual, "rows");
                }
            } else if (directive.startsWith("expect json:")) {
                JsonNode expected = JSON.readTree(directive.substring("expect json:".length()).trim());
                JsonNode actual = json(result);
                assertTrue(sameJson(expected, actual), "rows as JSON: expected " + expected + " but was " + actual);
            } else if (directive.startsWith("expect plan:")) {
                String text = directive.substring("expect plan:".length()).trim();
                assertTrue(render(result).stream().anyMatch(l -> l.contains(text)), "plan " + render(result) + " should contain " + text);
            } else if (directive.startsWith("expect no plan:")) {
                String text = directive.substring("expect no plan:".length()).trim();
                assertTrue(render(result).stream().noneMatch(l -> l.contains(text)), "plan " + render(result) + " should not contain " + text);
            } else {
                fail("line " + c.line + ": unknown directive '" + directive + "'");
            }
        }
    }

    /** Rows as PostgreSQL prints them (psql's unaligned form), NULL as {@code NULL}. */
    private static List<String> render(SqlResult result) {
        List<String> rows = new ArrayList<>();
        for (Object[] row : result.rows()) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                cells.add(v == null ? "NULL" : Values.toOutputText(v));
            }
            rows.add(String.join(" | ", cells));
        }
        return rows;
    }

    private static JsonNode json(SqlResult result) {
        JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
        ArrayNode rows = f.arrayNode();
        for (Object[] row : result.rows()) {
            ArrayNode r = rows.addArray();
            for (Object v : row) {
                if (v == null) {
                    r.addNull();
                } else if (v instanceof Long l) {
                    r.add(l);
                } else if (v instanceof Double d) {
                    r.add(d);
                } else if (v instanceof BigDecimal b) {
                    r.add(b);
                } else if (v instanceof Boolean b) {
                    r.add(b);
                } else if (v instanceof String s) {
                    r.add(s);
                } else if (v instanceof JsonNode j) {
                    r.add(j);
                } else if (v instanceof LocalDate || v instanceof Instant || v instanceof Bytes) {
                    r.add(Values.toText(v));
                } else {
                    r.add(String.valueOf(v));
                }
            }
        }
        return rows;
    }

    /** JSON equality with numbers compared by value, integers apart from decimals. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() != b.isIntegralNumber()) {
                return false;
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray() || a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    if (!sameJson(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !sameJson(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() > 70 ? oneLine.substring(0, 67) + "..." : oneLine;
    }
}
