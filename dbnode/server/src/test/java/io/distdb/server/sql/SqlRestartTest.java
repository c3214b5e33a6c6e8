package io.distdb.server.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables, rows, indexes and id counters survive closing the store and opening a new engine on it. */
class SqlRestartTest {

    @TempDir
    Path dir;

    @Test
    void tablesRowsAndIndexesSurviveARestart() {
        try (TestDatabase db = new TestDatabase(dir)) {
            db.run("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)");
            db.run("CREATE INDEX people_age ON people (age) USING BTREE");
            db.run("CREATE INDEX people_name ON people (name) USING HASH");
            db.run("INSERT INTO people VALUES (1, 'Ada', 36), (2, 'Bob', 25), (3, 'Cy', 36)");
            db.run("CREATE TABLE log (msg TEXT)");
            db.run("INSERT INTO log VALUES ('one'), ('two')");
        }
        try (TestDatabase db = new TestDatabase(dir)) {
            assertEquals(List.of(List.of(1L, "Ada"), List.of(3L, "Cy")),
                    db.run("SELECT id, name FROM people WHERE age = 36 ORDER BY id").rows());
            assertTrue(plan(db, "EXPLAIN SELECT id FROM people WHERE age = 36").contains("BTREE INDEX people_age RANGE"));
            assertTrue(plan(db, "EXPLAIN SELECT id FROM people WHERE name = 'Bob'").contains("HASH INDEX people_name"));
            assertEquals(List.of(List.of(2L)), db.run("SELECT id FROM people WHERE name = 'Bob'").rows());

            // The index is still maintained, and the id counters continue (no clash with old ids).
            db.run("UPDATE people SET age = 37 WHERE id = 1");
            db.run("CREATE TABLE other (x INTEGER PRIMARY KEY)");
            db.run("CREATE INDEX other_x ON other (x)");
            db.run("INSERT INTO other VALUES (36)");
            assertEquals(List.of(List.of(3L)), db.run("SELECT id FROM people WHERE age = 36").rows());
            assertEquals(List.of(List.of(1L)), db.run("SELECT id FROM people WHERE age = 37").rows());
            db.run("INSERT INTO log VALUES ('three')");
            assertEquals(List.of(List.of(3L)), db.run("SELECT COUNT(*) FROM log").rows());
        }
        try (TestDatabase db = new TestDatabase(dir)) {
            assertEquals(List.of(List.of("one"), List.of("two"), List.of("three")), db.run("SELECT msg FROM log").rows());
            assertEquals(List.of(List.of(36L)), db.run("SELECT x FROM other WHERE x = 36").rows());
            db.run("DROP TABLE people");
        }
        try (TestDatabase db = new TestDatabase(dir)) {
            assertEquals(SqlErrors.UNKNOWN_TABLE,
                    org.junit.jupiter.api.Assertions.assertThrows(io.distdb.server.api.ApiException.class,
                            () -> db.run("SELECT * FROM people")).body().error());
            db.run("CREATE TABLE people (id INTEGER PRIMARY KEY)");
            assertEquals(List.of(), db.run("SELECT * FROM people").rows());
        }
    }

    private static String plan(TestDatabase db, String sql) {
        return db.run(sql).rows().toString();
    }
}
