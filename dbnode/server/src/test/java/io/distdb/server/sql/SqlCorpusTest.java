package io.distdb.server.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.api.ApiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the SQL corpus in {@code src/test/resources/sql/*.sql}: one container per file, one test per
 * statement, each file against its own fresh engine on a real LSM store.
 *
 * <p>File format. A statement is one or more lines ending with a line that ends in {@code ;}. Lines starting
 * with {@code --} are comments, except the directives below, which apply to the statement just before them
 * (a statement without directives only has to succeed):
 * <pre>
 * -- expect: ok                          it succeeds
 * -- expect: rowsAffected 3              it succeeds and reports 3 affected rows
 * -- expect error: unknown_table         it fails with that error code (HTTP 400 unless stated as "413 too_large")
 * -- expect error: type_mismatch row 3   ... and the message contains "row 3"
 * -- expect columns: id, name            the result columns, in order
 * -- expect rows:                        the rows, in order, one per following "-- " line,
 * -- 1 | Ada | NULL                      cells separated by " | "; NULL is SQL NULL, text is shown bare,
 *                                        JSON compactly, timestamps as ISO-8601
 * -- expect rows (any order):            the same, compared as a multiset
 * -- expect empty                        no rows
 * -- expect json: [[1,"Ada",null]]       the rows array exactly as JSON (checks value types)
 * -- expect plan: FULL SCAN              some EXPLAIN line contains the text
 * -- expect no plan: FULL SCAN           no EXPLAIN line contains the text
 * -- params: ["abc", 1, null, {"a": 1}]  binds the statement's ? placeholders to these JSON values, in order
 * </pre>
 * A rows block ends at a blank line or at a line that does not start with {@code "-- "}.
 *
 * <p>{@code -- document <collection> <id> <json>} stores a document through the documents API (a step of its
 * own, for the {@code documents.<collection>} tables).
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

    @TestFactory
    Stream<DynamicNode> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(SqlCorpusTest.class.getResource("/sql").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertTrue(files.size() >= 12, "corpus files: " + files);
        return Stream.concat(files.stream().map(f -> container(f, false)), Stream.of(pushedDown(files)));
    }

    /**
     * The whole corpus again with every SELECT's conditions and columns pushed down to the store's scans as
     * they are to replicas: the results must not change, and the corpus must give pushdown work to do.
     */
    private static DynamicContainer pushedDown(List<Path> files) {
        List<DynamicNode> nodes = new ArrayList<>(files.stream().map(f -> (DynamicNode) container(f, true)).toList());
        nodes.add(DynamicTest.dynamicTest("scans were shaped, rows filtered and aggregates folded on the replica side", () -> {
            long shaped = OPEN.stream().filter(db -> db.shaping != null).mapToLong(db -> db.shaping.shapedScans.get()).sum();
            long filtered = OPEN.stream().filter(db -> db.shaping != null).mapToLong(db -> db.shaping.filteredOut.get()).sum();
            long folds = OPEN.stream().filter(db -> db.shaping != null).mapToLong(db -> db.shaping.folds.get()).sum();
            assertTrue(shaped > 50 && filtered > 50 && folds > 20, "shaped scans " + shaped + ", rows filtered out " + filtered
                    + ", aggregates folded " + folds);
        }));
        return DynamicContainer.dynamicContainer("pushed down to replicas", nodes);
    }

    private static DynamicContainer container(Path file, boolean pushdown) {
        List<Case> cases = parse(file);
        TestDatabase[] db = new TestDatabase[1];
        String name = file.getFileName().toString() + (pushdown ? " (pushed down)" : "");
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            String title = c.sql == null ? c.directives.get(0)[0] : c.sql;
            tests.add(DynamicTest.dynamicTest(name + ":" + c.line + " " + abbreviate(title), () -> {
                if (db[0] == null) {
                    db[0] = new TestDatabase(Files.createDirectories(temp.resolve(name)), pushdown);
                    OPEN.add(db[0]);
                }
                check(db[0], c);
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
                if (cases.isEmpty()) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": expectation before any statement");
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
            if (trimmed.startsWith("-- document ") && sql.length() == 0) {
                cases.add(new Case(i + 1, null, new ArrayList<>(List.<String[]>of(new String[] {trimmed.substring(3)}))));
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
        if (c.sql == null) {
            String[] words = c.directives.get(0)[0].split(" ", 4);
            db.documents.put(words[1], words[2], JSON.readTree(words[3]));
            return;
        }
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
            result = db.sql.execute(c.sql, params);
        } catch (ApiException e) {
            if (expectedError == null) {
                fail("line " + c.line + ": unexpected error " + e.body().error() + ": " + e.getMessage());
            }
            String[] words = expectedError.split(" ", 2);
            String code = words[0];
            int status = 400;
            if (code.matches("\\d{3}")) {
                status = Integer.parseInt(code);
                words = words[1].split(" ", 2);
                code = words[0];
            }
            assertEquals(status, e.status(), "status of " + e.body());
            assertEquals(code, e.body().error(), "error code; message: " + e.getMessage());
            if (words.length > 1) {
                assertTrue(e.getMessage().contains(words[1]), "message '" + e.getMessage() + "' should contain '" + words[1] + "'");
            }
            if (code.equals(SqlErrors.SYNTAX)) {
                assertTrue(e.body().position() != null, "syntax errors carry a position");
            }
            return;
        }
        if (expectedError != null) {
            fail("line " + c.line + ": expected error " + expectedError + " but got " + render(result));
        }
        for (String[] d : c.directives) {
            String directive = d[0];
            if (directive.equals("expect: ok") || directive.startsWith("params:")) {
                continue;
            }
            if (directive.startsWith("expect: rowsAffected")) {
                assertEquals(Long.valueOf(directive.substring("expect: rowsAffected".length()).trim()), result.rowsAffected(), "rowsAffected");
            } else if (directive.startsWith("expect columns:")) {
                List<String> expected = List.of(directive.substring("expect columns:".length()).trim().split("\\s*,\\s*"));
                assertEquals(expected, result.columns(), "columns");
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
                JsonNode actual = JSON.readTree(JSON.writeValueAsString(result.rows()));
                assertEquals(expected, actual, "rows as JSON");
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

    private static List<String> render(SqlResult result) {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                cells.add(v == null ? "NULL" : v.toString());
            }
            rows.add(String.join(" | ", cells));
        }
        return rows;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() > 70 ? oneLine.substring(0, 67) + "..." : oneLine;
    }
}
