package io.distdb.server.sql;

import io.distdb.server.api.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statement parameters from Java (the engine API benchmarks use) and the parse cache they make effective. */
class SqlParametersTest {

    @TempDir
    Path dir;

    private TestDatabase db;

    @BeforeEach
    void open() {
        db = new TestDatabase(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aParameterizedStatementIsParsedOnceWhateverItsValues() {
        StatementParser parser = new StatementParser();
        StatementParser.Parsed first = parser.parse("SELECT * FROM t WHERE id = ? AND n > ?");
        assertEquals(2, first.parameterCount());
        assertSame(first, parser.parse("SELECT * FROM t WHERE id = ? AND n > ?"));
        assertEquals(3, parser.parse("SELECT * FROM t WHERE a = $3 AND b = $1").parameterCount());
        assertEquals(2, parser.parse("SELECT ?2, ?1").parameterCount());
        assertEquals(0, parser.parse("SELECT '?' /* ? */ -- ?\n").parameterCount());
        assertEquals(1, parser.parse("EXPLAIN SELECT * FROM t WHERE id = ?").parameterCount());
    }

    @Test
    void javaValuesBindLikeJsonValues() {
        db.run("CREATE TABLE kv (k BIGINT PRIMARY KEY, v TEXT, d DOUBLE, b BOOLEAN)");
        assertEquals(1L, db.sql.execute("INSERT INTO kv VALUES (?, ?, ?, ?)", List.of(7, "seven", 7.5f, true)).rowsAffected());
        assertEquals(1L, db.sql.execute("INSERT INTO kv VALUES (?, ?, ?, ?)", Arrays.asList(8L, null, null, null)).rowsAffected());
        SqlResult r = db.sql.execute("SELECT k, v, d, b FROM kv WHERE k = ?", List.of(7));
        assertEquals(List.of(List.of(7L, "seven", 7.5, true)), r.rows());
        assertEquals(List.of(List.of(8L)), db.sql.execute("SELECT k FROM kv WHERE v IS NULL AND k > ?", List.of(7L)).rows());
        ApiException e = assertThrows(ApiException.class, () -> db.sql.execute("SELECT k FROM kv WHERE k = ?", List.of(new Object())));
        assertEquals(SqlErrors.GENERAL, e.body().error());
    }

    @Test
    void concurrentPointSelectsShareOneParsedStatement() throws Exception {
        db.run("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT)");
        for (int i = 0; i < 200; i++) {
            db.sql.execute("INSERT INTO users VALUES (?, ?)", List.of("u" + i, "name " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < 200; i += 4) {
                        SqlResult r = db.sql.execute("SELECT name FROM users WHERE id = ?", List.of("u" + i));
                        assertEquals(List.of(List.of("name " + i)), r.rows());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(db.sql.execute("SELECT name FROM users WHERE id = ?", List.of("' OR 1=1 --")).rows().isEmpty());
    }
}
