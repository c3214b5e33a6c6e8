package io.distdb.server.sql;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random INSERT/UPDATE/DELETE sequences on a table with btree, hash, unique and composite indexes (and a
 * composite primary key). After every step, each query answered through an index or a key range returns
 * exactly what the same query returns on a table without indexes (a full scan of the same rows).
 */
class IndexConsistencyTest {

    private static final int OPERATIONS = 1500;
    private static final String[] CATEGORIES = {"a", "b", "c", "ab", "abc", "b x", ""};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void indexesAgreeWithFullScans(long seed) {
        Random random = new Random(seed);
        try (TestDatabase db = new TestDatabase(dir)) {
            for (String t : List.of("indexed", "plain")) {
                db.run("CREATE TABLE " + t + " (grp INTEGER, id INTEGER, category TEXT, price INTEGER, weight DOUBLE, code TEXT, PRIMARY KEY (grp, id))");
            }
            db.run("CREATE INDEX i_price ON indexed (price)");
            db.run("CREATE INDEX i_category ON indexed (category) USING HASH");
            db.run("CREATE INDEX i_cat_weight ON indexed (category, weight)");
            db.run("CREATE UNIQUE INDEX i_code ON indexed (code)");
            int codes = 0;
            for (int op = 0; op < OPERATIONS; op++) {
                String statement;
                int kind = random.nextInt(10);
                if (kind < 5) {
                    String code = random.nextInt(4) == 0 ? "NULL" : "'c" + (codes++) + "'";
                    statement = "INSERT INTO {T} VALUES (" + random.nextInt(3) + ", " + random.nextInt(60) + ", " + category(random) + ", "
                            + nullable(random, random.nextInt(200) - 50) + ", " + nullable(random, random.nextInt(40) / 4.0 - 2) + ", " + code + ")";
                } else if (kind < 8) {
                    String set = switch (random.nextInt(4)) {
                        case 0 -> "price = " + nullable(random, random.nextInt(200) - 50);
                        case 1 -> "category = " + category(random) + ", weight = weight + 1";
                        case 2 -> "id = id + 100";
                        default -> "code = NULL";
                    };
                    statement = "UPDATE {T} SET " + set + " WHERE " + condition(random);
                } else {
                    statement = "DELETE FROM {T} WHERE " + condition(random);
                }
                String outcomeIndexed = outcome(db, statement.replace("{T}", "indexed"));
                String outcomePlain = outcome(db, statement.replace("{T}", "plain"));
                if (!outcomeIndexed.startsWith("constraint_violation") || !statement.contains("code")) {
                    // Only the unique index may refuse a statement the plain table accepts; then undo the plain one.
                    assertEquals(outcomePlain, outcomeIndexed, "step " + op + ": " + statement);
                } else if (!outcomePlain.startsWith("constraint_violation")) {
                    resync(db);
                }
                compare(db, "WHERE " + condition(random), op);
                if (op % 100 == 0 || op == OPERATIONS - 1) {
                    compare(db, "", op);
                }
            }
            assertTrue(db.run("SELECT COUNT(*) FROM indexed").rows().get(0).get(0) instanceof Long);
        }
    }

    /** Makes the plain table a copy of the indexed one again after a statement only the plain one accepted. */
    private static void resync(TestDatabase db) {
        db.run("DELETE FROM plain");
        db.run("INSERT INTO plain SELECT grp, id, category, price, weight, code FROM indexed");
    }

    private static void compare(TestDatabase db, String where, int op) {
        List<List<Object>> viaIndexes = sorted(db.run("SELECT grp, id, category, price, weight, code FROM indexed " + where).rows());
        List<List<Object>> viaScan = sorted(db.run("SELECT grp, id, category, price, weight, code FROM plain " + where).rows());
        assertEquals(viaScan, viaIndexes, "after step " + op + ": " + where + "\n" + db.run("EXPLAIN SELECT * FROM indexed " + where).rows());
    }

    private static String outcome(TestDatabase db, String sql) {
        try {
            return "ok " + db.run(sql).rowsAffected();
        } catch (io.distdb.server.api.ApiException e) {
            return e.body().error();
        }
    }

    private static String condition(Random r) {
        String one = switch (r.nextInt(12)) {
            case 0 -> "price = " + (r.nextInt(200) - 50);
            case 1 -> "price > " + (r.nextInt(200) - 50);
            case 2 -> "price BETWEEN " + (r.nextInt(100) - 50) + " AND " + r.nextInt(150);
            case 3 -> "category = " + category(r);
            case 4 -> "category IN (" + category(r) + ", " + category(r) + ")";
            case 5 -> "category = " + category(r) + " AND weight <= " + (r.nextInt(40) / 4.0 - 2);
            case 6 -> "category LIKE '" + CATEGORIES[r.nextInt(3)] + "%'";
            case 7 -> "grp = " + r.nextInt(3);
            case 8 -> "grp = " + r.nextInt(3) + " AND id < " + r.nextInt(200);
            case 9 -> "grp = " + r.nextInt(3) + " AND id = " + r.nextInt(60);
            case 10 -> "code = 'c" + r.nextInt(500) + "'";
            default -> "price < " + r.nextInt(100) + " AND category >= 'b'";
        };
        return r.nextInt(5) == 0 ? one + " AND weight IS NOT NULL" : one;
    }

    private static String category(Random r) {
        if (r.nextInt(8) == 0) {
            return "NULL";
        }
        return "'" + CATEGORIES[r.nextInt(CATEGORIES.length)].replace("'", "''") + "'";
    }

    private static String nullable(Random r, Object value) {
        return r.nextInt(8) == 0 ? "NULL" : String.valueOf(value);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
