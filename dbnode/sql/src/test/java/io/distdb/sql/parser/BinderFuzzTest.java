package io.distdb.sql.parser;

import io.distdb.sql.SqlEngine;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser's generated statements (and their mutations) run through the whole engine — bind, optimize,
 * execute — against tables whose names and columns the generator uses: every one ends in a result or a
 * {@link SqlException} with a SQLSTATE, within its statement timeout; nothing else escapes.
 */
class BinderFuzzTest {

    private static final String[] TABLES = {"t", "t1", "u", "data"};

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void generatedStatementsEndInAResultOrASqlError() {
        ParserFuzzTest generator = new ParserFuzzTest();
        int results = 0;
        int errors = 0;
        try (LsmStore store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build())) {
            SqlEngine engine = SqlEngine.standalone(store, SqlSettings.defaults().withMemoryBudget(16L * 1024 * 1024));
            for (int i = 0; i < 1500; i++) {
                if (i % 100 == 0) {
                    schema(engine);
                }
                String sql = generator.statement();
                for (String statement : List.of(sql, generator.mutate(sql))) {
                    try {
                        engine.executeScript(statement, List.of(), null, 2_000);
                        results++;
                    } catch (SqlException e) {
                        assertTrue(e.sqlState() != null && e.sqlState().length() == 5, "SQLSTATE of " + statement + ": " + e.sqlState());
                        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "message of " + statement);
                        errors++;
                    } catch (Throwable t) {
                        throw new AssertionError("not a result or a SqlException: " + statement, t);
                    }
                }
            }
        }
        assertTrue(results > 100, "some generated statements run to a result: " + results + " (errors " + errors + ")");
    }

    /** (Re)creates the tables the generator names, with a few rows holding NULLs. */
    private static void schema(SqlEngine engine) {
        for (String t : TABLES) {
            engine.execute("DROP TABLE IF EXISTS " + t);
            engine.execute("DROP VIEW IF EXISTS " + t);
            engine.execute("CREATE TABLE " + t + " (a int PRIMARY KEY, b int, c text, d numeric, e boolean, key text, "
                    + "value jsonb, name text, \"Mixed\" int, \"select\" text, text text, date date, first int)");
            engine.execute("INSERT INTO " + t + " (a, b, c, d, e, key, value, name) VALUES (1, 2, 'x', 1.5, true, 'k', '{\"a\": 1}', 'n'), "
                    + "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL), (3, 3, 'y', -2, false, 'k2', '[1, 2]', 'm')");
        }
    }
}
