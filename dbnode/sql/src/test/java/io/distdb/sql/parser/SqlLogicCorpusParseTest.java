package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every statement of a part of the public sqllogictest corpus that PostgreSQL is meant to run parses, and its
 * print reads back to the same print. Records marked for other databases only, or to be skipped on
 * PostgreSQL, are left out; what is left that the parser refuses is SQLite's own syntax.
 */
@Timeout(120)
class SqlLogicCorpusParseTest {

    private static final List<String> FILES = List.of("test/select1.test", "test/select2.test", "test/select3.test",
            "test/select4.test", "test/select5.test", "test/evidence/in1.test", "test/evidence/in2.test",
            "test/evidence/slt_lang_aggfunc.test", "test/evidence/slt_lang_createtrigger.test",
            "test/evidence/slt_lang_createview.test", "test/evidence/slt_lang_dropindex.test",
            "test/evidence/slt_lang_droptable.test", "test/evidence/slt_lang_droptrigger.test",
            "test/evidence/slt_lang_dropview.test", "test/evidence/slt_lang_reindex.test",
            "test/evidence/slt_lang_replace.test", "test/evidence/slt_lang_update.test",
            "test/index/between/1/slt_good_0.test", "test/index/orderby_nosort/10/slt_good_0.test");

    /** SQLite syntax that PostgreSQL refuses as well. */
    private static final List<String> SQLITE_ONLY = List.of("TRIGGER", "NOT INDEXED", "IN ()", "<<", "INSERT OR ",
            "REPLACE INTO", "REINDEX", "DISTINCT *", "x NOT NULL");

    private final SqlParser parser = new SqlParser();

    @Test
    void corpusStatementsParseAndReadBack() throws IOException {
        int parsed = 0;
        for (String file : FILES) {
            for (String sql : statements(file)) {
                Statement statement;
                try {
                    statement = parser.parseOne(sql);
                } catch (SqlException e) {
                    if (SQLITE_ONLY.stream().noneMatch(sql::contains)) {
                        fail(file + ": " + sql + "\n" + e.sqlState() + " " + e.getMessage() + " " + e.position());
                    }
                    continue;
                }
                parsed++;
                String printed = SqlPrinter.print(statement);
                assertEquals(printed, SqlPrinter.print(parser.parseOne(printed)), sql);
            }
        }
        assertTrue(parsed > 10_000, "statements parsed: " + parsed);
    }

    /** The statements and queries of a test file that apply to PostgreSQL. */
    private static List<String> statements(String file) throws IOException {
        InputStream in = SqlLogicCorpusParseTest.class.getClassLoader().getResourceAsStream(file);
        assertNotNull(in, file);
        List<String> statements = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean skip = false;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("onlyif") && !line.contains("postgresql") || line.startsWith("skipif postgresql")) {
                    skip = true;
                } else if (line.startsWith("statement") || line.startsWith("query")) {
                    StringBuilder sql = new StringBuilder();
                    while ((line = reader.readLine()) != null && !line.isEmpty() && !line.equals("----")) {
                        sql.append(line).append('\n');
                    }
                    if (!skip) {
                        statements.add(sql.toString());
                    }
                    skip = false;
                }
            }
        }
        return statements;
    }
}
