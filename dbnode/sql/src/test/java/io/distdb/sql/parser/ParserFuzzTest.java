package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random statements from a small SQL grammar of our own, and mutations of them (truncated, spliced, with
 * stray characters), deep nestings and long chains, all from fixed seeds. Every input must either parse or
 * fail with a {@link SqlException} carrying a five-character SQLSTATE: no other exception, no stack
 * overflow. What parses must print (with {@link SqlPrinter}) to text that parses to the same print.
 */
@Timeout(60)
class ParserFuzzTest {

    private static final SqlParser PARSER = new SqlParser();
    /** Printing brackets every compound expression, so a reprint may nest a little deeper than its source. */
    private static final SqlParser REPARSER = new SqlParser(1000);

    private static final String[] COLUMNS = {"a", "b", "c", "d", "e", "key", "value", "name", "\"Mixed\"",
            "\"select\"", "t.a", "x.b", "s.t.c", "text", "date", "first"};
    private static final String[] TABLES = {"t", "t1", "u", "s.t", "\"T\"", "data", "set"};
    private static final String[] TYPES = {"int", "integer", "bigint", "smallint", "text", "varchar(10)",
            "character varying(3)", "numeric(10, 2)", "double precision", "real", "boolean", "date", "timestamp",
            "timestamp with time zone", "timestamptz", "time(3) without time zone", "bytea", "jsonb", "char(2)"};
    private static final String[] BINARY = {"+", "-", "*", "/", "%", "^", "||", "->", "->>", "=", "<>", "!=", "<",
            "<=", ">", ">="};
    private static final String[] FUNCTIONS = {"abs", "lower", "upper", "coalesce", "nullif", "greatest", "least",
            "length", "now", "left", "right", "round", "sum", "min", "max", "avg", "count"};
    private static final String GARBAGE = "()'\";,.-/*+?$[]:|<>=!#\\ \n\tabcXYZ019eE_@~`{}%^&";
    private static final String[] KEYWORDS = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL",
            "(", ")", ",", "JOIN", "ON", "UNION", "ORDER BY", "LIMIT", "CASE", "WHEN", "END", "::", "'", "\"",
            "BETWEEN", "LIKE", "EXISTS", "VALUES", "DEFAULT", "AS", "/*", "--", "$1", "?", "*", "."};

    private final Random random;
    private boolean numberedParams;
    private int checked;
    private int parsed;

    ParserFuzzTest() {
        random = new Random(20240611L);
    }

    @Test
    void randomStatementsParseOrFailWithASqlState() {
        for (int i = 0; i < 2500; i++) {
            String sql = statement();
            // The generator does not know every rule (comparisons do not chain, IN and LIKE neither), so some of
            // its statements are refused; the mutations below are mostly refused.
            check(sql);
            for (int m = 0; m < 3; m++) {
                check(mutate(sql));
            }
        }
        assertTrue(parsed > 2000, "most generated statements parse: " + parsed + " of " + checked);
    }

    @Test
    void garbageNeverEscapesAsAnotherException() {
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                sb.append(random.nextInt(4) == 0 ? KEYWORDS[random.nextInt(KEYWORDS.length)] + " "
                        : String.valueOf(GARBAGE.charAt(random.nextInt(GARBAGE.length()))));
            }
            check(sb.toString());
            check("SELECT " + sb);
        }
    }

    @Test
    void deepNestingAndLongChains() {
        String[][] wrappers = {{"(", ")"}, {"NOT ", ""}, {"- ", ""}, {"abs(", ")"}, {"(SELECT ", ")"},
                {"CASE WHEN a THEN ", " END"}, {"EXISTS (SELECT ", ")"}, {"a IN (SELECT ", ")"}, {"CAST(", " AS int)"},
                {"coalesce(", ", 1)"}, {"(VALUES (", "))"}};
        for (int i = 0; i < 300; i++) {
            int depth = random.nextInt(i % 10 == 0 ? 5000 : 400);
            StringBuilder open = new StringBuilder();
            StringBuilder close = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                String[] w = wrappers[random.nextInt(wrappers.length)];
                open.append(w[0]);
                close.insert(0, w[1]);
            }
            String sql = "SELECT " + open + "1" + close;
            check(sql);
            check("SELECT * FROM " + "(".repeat(depth) + "t" + ")".repeat(depth));
            check(sql.substring(0, random.nextInt(sql.length() + 1)));
        }
        String[] chains = {" OR a", " AND b = 1", " + 1", " || 'x'", " UNION SELECT 1", " * 2 - 1", ", 1"};
        for (int i = 0; i < 100; i++) {
            String chain = chains[random.nextInt(chains.length)];
            String sql = "SELECT 1" + chain.repeat(random.nextInt(3000));
            check(sql);
            check(sql + " ) ");
        }
    }

    /** Parses; when that works, prints, reparses and compares the prints. Returns whether it parsed. */
    private boolean check(String sql) {
        checked++;
        List<Statement> statements;
        try {
            statements = PARSER.parseScript(sql);
        } catch (SqlException e) {
            assertSqlState(sql, e);
            return false;
        } catch (Throwable t) {
            throw new AssertionError("not a SqlException for: " + sql, t);
        }
        parsed++;
        for (Statement s : statements) {
            String printed = SqlPrinter.print(s);
            String reprinted;
            try {
                reprinted = SqlPrinter.print(REPARSER.parseOne(printed));
            } catch (SqlException e) {
                throw new AssertionError("the print of " + sql + "\ndoes not parse: " + printed + "\n" + e.getMessage()
                        + " " + e.position(), e);
            } catch (Throwable t) {
                throw new AssertionError("not a SqlException for the print " + printed, t);
            }
            assertEquals(printed, reprinted, "round trip of " + sql);
        }
        return true;
    }

    private static void assertSqlState(String sql, SqlException e) {
        String state = e.sqlState();
        if (state == null || state.length() != 5) {
            fail("bad SQLSTATE " + state + " for: " + sql);
        }
        if (state.equals("42601") && e.position() == null) {
            fail("syntax error without a position for: " + sql + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- mutations

    String mutate(String sql) {
        if (sql.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(sql.length());
        int span = 1 + random.nextInt(Math.min(12, sql.length() - at));
        return switch (random.nextInt(7)) {
            case 0 -> sql.substring(0, at);
            case 1 -> sql.substring(0, at) + sql.substring(at + span);
            case 2 -> sql.substring(0, at) + GARBAGE.charAt(random.nextInt(GARBAGE.length())) + sql.substring(at);
            case 3 -> sql.substring(0, at) + sql.substring(at, at + span) + sql.substring(at);
            case 4 -> sql.substring(0, at) + " " + KEYWORDS[random.nextInt(KEYWORDS.length)] + " " + sql.substring(at + span);
            case 5 -> sql + (random.nextBoolean() ? "; " : " ") + statement();
            default -> sql.toUpperCase().replace(' ', '\n');
        };
    }

    // ---------------------------------------------------------------- the generator

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private String kw(String keyword) {
        return switch (random.nextInt(3)) {
            case 0 -> keyword.toLowerCase();
            case 1 -> keyword;
            default -> {
                StringBuilder sb = new StringBuilder();
                for (char c : keyword.toCharArray()) {
                    sb.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
                }
                yield sb.toString();
            }
        };
    }

    private String space() {
        return switch (random.nextInt(12)) {
            case 0 -> "\n  ";
            case 1 -> " /* c /* n */ */ ";
            case 2 -> " -- c\n";
            default -> " ";
        };
    }

    String statement() {
        numberedParams = random.nextBoolean();
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5, 6 -> query(3);
            case 7, 8 -> insert();
            case 9 -> update();
            case 10 -> kw("DELETE FROM ") + pick(TABLES) + (chance(30) ? " x" : "")
                    + (chance(70) ? kw(" WHERE ") + expr(3) : "") + (chance(20) ? kw(" RETURNING ") + selectList() : "");
            case 11 -> createTable();
            case 12 -> kw("CREATE ") + (chance(30) ? kw("UNIQUE ") : "") + kw("INDEX ") + (chance(30) ? kw("IF NOT EXISTS ") : "")
                    + "i" + random.nextInt(9) + kw(" ON ") + pick(TABLES) + (chance(30) ? kw(" USING hash") : "")
                    + " (a" + (chance(40) ? ", b DESC" : "") + ")";
            case 13 -> kw("DROP ") + pick(new String[] {"TABLE ", "INDEX ", "VIEW "}) + (chance(40) ? kw("IF EXISTS ") : "")
                    + "x" + random.nextInt(9);
            case 14 -> kw("CREATE ") + (chance(40) ? kw("OR REPLACE ") : "") + kw("VIEW v") + (chance(30) ? " (p, q)" : "")
                    + kw(" AS ") + query(2);
            case 15 -> kw("ALTER TABLE ") + pick(TABLES) + " " + pick(new String[] {"ADD COLUMN z int NOT NULL DEFAULT 0",
                    "DROP COLUMN IF EXISTS z", "RENAME COLUMN a TO b", "RENAME TO w", "ALTER COLUMN a SET DEFAULT 1 + 2",
                    "ALTER a DROP DEFAULT", "ALTER COLUMN a SET NOT NULL", "ADD z text, DROP y"});
            case 16 -> pick(new String[] {"BEGIN", "COMMIT", "ROLLBACK", "START TRANSACTION", "END", "ABORT",
                    "TRUNCATE t, u", "SHOW search_path", "SET x = 1", "SET LOCAL a.b TO 'v'", "SET TIME ZONE 'UTC'"});
            case 17 -> kw("EXPLAIN ") + (chance(50) ? kw("ANALYZE ") : "") + query(2);
            default -> query(4);
        };
    }

    private String insert() {
        String head = kw("INSERT INTO ") + pick(TABLES) + (chance(60) ? " (a, b)" : "");
        String source = switch (random.nextInt(4)) {
            case 0 -> " " + query(2);
            case 1 -> kw(" DEFAULT VALUES");
            default -> {
                StringBuilder sb = new StringBuilder(kw(" VALUES "));
                int rows = 1 + random.nextInt(3);
                for (int r = 0; r < rows; r++) {
                    sb.append(r > 0 ? ", (" : "(").append(chance(20) ? kw("DEFAULT") : expr(2)).append(", ")
                            .append(expr(1)).append(')');
                }
                yield sb.toString();
            }
        };
        String conflict = switch (random.nextInt(5)) {
            case 0 -> kw(" ON CONFLICT (a) DO NOTHING");
            case 1 -> kw(" ON CONFLICT (a, b) DO UPDATE SET ") + "b = excluded.b + 1" + (chance(50) ? kw(" WHERE ") + expr(2) : "");
            default -> "";
        };
        return head + source + conflict + (chance(20) ? kw(" RETURNING ") + selectList() : "");
    }

    private String update() {
        StringBuilder sb = new StringBuilder(kw("UPDATE ")).append(pick(TABLES)).append(chance(30) ? kw(" AS ") + "x" : "")
                .append(kw(" SET "));
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(pick(new String[] {"a", "b", "key", "\"Q\""})).append(" = ")
                    .append(chance(15) ? kw("DEFAULT") : expr(2));
        }
        if (chance(70)) {
            sb.append(kw(" WHERE ")).append(expr(3));
        }
        return sb.toString();
    }

    private String createTable() {
        StringBuilder sb = new StringBuilder(kw("CREATE TABLE ")).append(chance(30) ? kw("IF NOT EXISTS ") : "")
                .append(pick(TABLES));
        if (chance(15)) {
            return sb.append(kw(" AS ")).append(query(2)).toString();
        }
        sb.append(" (");
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(pick(new String[] {"a", "b", "key", "value", "timestamp", "\"Q\"", "c" + i}))
                    .append(' ').append(pick(TYPES));
            if (i == 0 && chance(50)) {
                sb.append(kw(" PRIMARY KEY"));
            }
            if (chance(30)) {
                sb.append(kw(" NOT NULL"));
            }
            if (chance(20)) {
                sb.append(kw(" UNIQUE"));
            }
            if (chance(25)) {
                sb.append(kw(" DEFAULT ")).append(pick(new String[] {"0", "-1", "'x'", "1 + 2", "now()", "NULL", "(a > 1)"}));
            }
        }
        if (chance(20)) {
            sb.append(kw(", UNIQUE ")).append("(a, b)");
        }
        return sb.append(')').toString();
    }

    private String query(int depth) {
        StringBuilder sb = new StringBuilder();
        if (chance(10)) {
            sb.append(kw("WITH ")).append("w").append(chance(30) ? " (p)" : "").append(kw(" AS (")).append(query(depth - 1))
                    .append(") ");
        }
        sb.append(body(depth));
        while (chance(15)) {
            sb.append(' ').append(kw(pick(new String[] {"UNION", "UNION ALL", "INTERSECT", "EXCEPT", "EXCEPT DISTINCT"})))
                    .append(' ').append(chance(20) ? "(" + query(depth - 1) + ")" : body(depth));
        }
        if (chance(30)) {
            sb.append(kw(" ORDER BY ")).append(expr(2)).append(chance(50) ? kw(" DESC") : "")
                    .append(chance(30) ? kw(" NULLS LAST") : "");
        }
        if (chance(25)) {
            sb.append(kw(" LIMIT ")).append(chance(20) ? kw("ALL") : String.valueOf(random.nextInt(100)));
        }
        if (chance(15)) {
            sb.append(kw(" OFFSET ")).append(random.nextInt(10));
        }
        return sb.toString();
    }

    private String body(int depth) {
        if (chance(10)) {
            return kw("VALUES ") + "(" + expr(1) + ", " + expr(1) + ")" + (chance(50) ? ", (1, 2)" : "");
        }
        StringBuilder sb = new StringBuilder(kw("SELECT ")).append(chance(10) ? kw("DISTINCT ") : "").append(selectList());
        if (chance(80)) {
            sb.append(kw(" FROM")).append(space()).append(fromItem(depth));
            while (chance(20)) {
                sb.append(", ").append(fromItem(depth));
            }
        }
        if (chance(50)) {
            sb.append(kw(" WHERE ")).append(expr(depth));
        }
        if (chance(15)) {
            sb.append(kw(" GROUP BY ")).append(expr(1)).append(chance(50) ? ", " + expr(1) : "");
            if (chance(50)) {
                sb.append(kw(" HAVING ")).append(expr(2));
            }
        }
        return sb.toString();
    }

    private String selectList() {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + space() : "");
            switch (random.nextInt(8)) {
                case 0 -> sb.append('*');
                case 1 -> sb.append("t.*");
                default -> sb.append(expr(2)).append(chance(30) ? kw(" AS ") + pick(new String[] {"x", "\"Y\"", "from"})
                        : chance(20) ? " z" : "");
            }
        }
        return sb.toString();
    }

    private String fromItem(int depth) {
        String item = switch (random.nextInt(6)) {
            case 0 -> depth > 0 ? "(" + query(depth - 1) + ")" + (chance(70) ? kw(" AS ") + "q" + (chance(30) ? "(m, n)" : "") : "")
                    : pick(TABLES);
            case 1 -> pick(TABLES) + " x";
            default -> pick(TABLES);
        };
        while (depth > 0 && chance(25)) {
            String join = pick(new String[] {"JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN",
                    "FULL JOIN", "CROSS JOIN", "NATURAL JOIN", "NATURAL LEFT JOIN"});
            String right = chance(15) ? "(" + pick(TABLES) + " JOIN " + pick(TABLES) + " ON TRUE)" : pick(TABLES) + " y";
            item += " " + kw(join) + " " + right;
            if (!join.contains("CROSS") && !join.contains("NATURAL")) {
                item += chance(70) ? kw(" ON ") + expr(2) : kw(" USING ") + "(a, b)";
            }
            if (chance(10)) {
                item = "(" + item + ")";
            }
        }
        return item;
    }

    private String param() {
        return numberedParams ? (chance(50) ? "$" : "?") + (1 + random.nextInt(4)) : "?";
    }

    private String atom() {
        return switch (random.nextInt(16)) {
            case 0 -> String.valueOf(random.nextInt(1000));
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "99999999999999999999" + random.nextInt(10);
            case 3 -> random.nextInt(100) + "." + random.nextInt(100) + (chance(30) ? "e" + (random.nextInt(10) - 5) : "");
            case 4 -> "'" + pick(new String[] {"abc", "it''s", "", "x\ny", "%a_"}) + "'";
            case 5 -> kw(pick(new String[] {"TRUE", "FALSE", "NULL"}));
            case 6 -> param();
            case 7 -> kw(pick(new String[] {"DATE '2024-01-02'", "TIMESTAMP '2024-01-02 03:04:05'", "X'0a1b'",
                    "E'a\\nb'", "CURRENT_TIMESTAMP", "CURRENT_DATE", "$$dollar$$", "-9223372036854775808"}));
            default -> pick(COLUMNS);
        };
    }

    private String expr(int depth) {
        if (depth <= 0 || chance(25)) {
            return atom();
        }
        int d = depth - 1;
        return switch (random.nextInt(26)) {
            case 0, 1, 2, 3 -> expr(d) + " " + pick(BINARY) + " " + expr(d);
            case 4 -> kw(pick(new String[] {"NOT ", "- ", "+ ", "-"})) + expr(d);
            case 5 -> "(" + expr(d) + ")";
            case 6 -> expr(d) + kw(pick(new String[] {" IS NULL", " IS NOT NULL", " ISNULL", " NOTNULL", " IS TRUE",
                    " IS NOT FALSE", " IS UNKNOWN"}));
            case 7 -> expr(d) + kw(chance(30) ? " NOT BETWEEN " : " BETWEEN ") + expr(d) + kw(" AND ") + expr(d);
            case 8 -> expr(d) + kw(chance(30) ? " NOT IN (" : " IN (") + expr(d) + (chance(50) ? ", " + expr(d) : "") + ")";
            case 9 -> expr(d) + kw(" IN (") + query(d) + ")";
            case 10 -> expr(d) + kw(pick(new String[] {" LIKE ", " NOT LIKE ", " ILIKE "})) + expr(d)
                    + (chance(20) ? kw(" ESCAPE ") + "'!'" : "");
            case 11 -> kw("CASE ") + (chance(40) ? expr(d) + " " : "") + kw("WHEN ") + expr(d) + kw(" THEN ") + expr(d)
                    + (chance(50) ? kw(" ELSE ") + expr(d) : "") + kw(" END");
            case 12 -> kw("CAST(") + expr(d) + kw(" AS ") + pick(TYPES) + ")";
            case 13 -> expr(d) + "::" + pick(TYPES);
            case 14 -> pick(FUNCTIONS) + "(" + (chance(20) ? kw("DISTINCT ") : "") + expr(d)
                    + (chance(50) ? ", " + expr(d) : "") + ")";
            case 15 -> "count(*)";
            case 16 -> kw(chance(30) ? "NOT EXISTS (" : "EXISTS (") + query(d) + ")";
            case 17 -> "(" + query(d) + ")";
            case 18 -> expr(d) + " " + pick(new String[] {"=", "<>", ">"}) + " " + kw(pick(new String[] {"ANY", "SOME", "ALL"}))
                    + " (" + query(d) + ")";
            case 19 -> {
                StringBuilder sb = new StringBuilder(expr(d));
                int n = 1 + random.nextInt(5);
                String op = chance(50) ? kw(" AND ") : kw(" OR ");
                for (int i = 0; i < n; i++) {
                    sb.append(op).append(expr(d));
                }
                yield sb.toString();
            }
            case 20 -> kw("EXTRACT(") + pick(new String[] {"year", "MONTH", "epoch"}) + kw(" FROM ") + expr(d) + ")";
            case 21 -> kw("SUBSTRING(") + expr(d) + (chance(50) ? kw(" FROM ") + expr(d) : "") + kw(" FOR ") + expr(d) + ")";
            case 22 -> kw("POSITION(") + atom() + kw(" IN ") + atom() + ")";
            case 23 -> kw("TRIM(") + kw(pick(new String[] {"", "BOTH ", "LEADING ", "TRAILING "})) + (chance(50) ? "'x' " : "")
                    + kw("FROM ") + expr(d) + ")";
            case 24 -> expr(d) + kw(chance(50) ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") + expr(d);
            default -> "(" + expr(d) + ", " + expr(d) + ")";
        };
    }
}
