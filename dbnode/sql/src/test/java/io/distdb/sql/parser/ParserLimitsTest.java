package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.distdb.sql.parser.ParserTestSupport.PARSER;
import static io.distdb.sql.parser.ParserTestSupport.expr;
import static io.distdb.sql.parser.ParserTestSupport.syntaxError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syntax error positions, parameter counting, the nesting limit and long flat statements. */
@Timeout(60)
class ParserLimitsTest {

    private static String nested(String open, String middle, String close, int depth) {
        return open.repeat(depth) + middle + close.repeat(depth);
    }

    private static void tooDeep(SqlParser parser, String sql) {
        SqlException e = assertThrows(SqlException.class, () -> parser.parseOne(sql));
        assertEquals("54001", e.sqlState(), e.getMessage());
        assertTrue(e.getMessage().startsWith("the statement nests deeper than"), e.getMessage());
        assertNotNull(e.position());
    }

    @Test
    void syntaxErrorsPointAtTheToken() {
        SqlException e = syntaxError("SELECT a FROM FROM t", 1, 15);
        assertEquals("syntax error at or near \"FROM\"", e.getMessage());
        assertEquals(14, e.position().offset());
        e = syntaxError("SELECT a,\n  b FROM t WHERE", 2, 17);
        assertEquals("syntax error at end of input", e.getMessage());
        syntaxError("SELECT (1 + 2", 1, 14);
        syntaxError("SELECT 1 +", 1, 11);
        syntaxError("INSERT INTO t VALUES (1,)", 1, 25);
        syntaxError("UPDATE t SET a == 1", 1, 17);
        syntaxError("SELECT * FROM t\nWHERE a = 1\nORDER a", 3, 7);
        syntaxError("CREATE TABLE t (a int,)", 1, 23);
        syntaxError("SELECT 'abc", 1, 8);
        syntaxError("SELECT * FROM t WHERE a = 'x' AND b = \"unterminated", 1, 39);
        syntaxError("SELECT 1 ) ", 1, 10);
    }

    @Test
    void parameters() {
        assertEquals(3, PARSER.parse("SELECT ? + ? FROM t WHERE a = ?").parameterCount());
        assertEquals(0, PARSER.parse("SELECT 1").parameterCount());
        assertEquals(2, PARSER.parse("SELECT * FROM t WHERE n >= $1 AND n < $1 + $2").parameterCount());
        assertEquals(5, PARSER.parse("SELECT ?5, ?1").parameterCount());
        Statement s = PARSER.parseOne("INSERT INTO t VALUES (?, ?), (?, ?)");
        Query.Values v = assertInstanceOf(Query.Values.class, assertInstanceOf(Statement.Insert.class, s).source().body());
        assertEquals(new Expr.Param(3, 30), v.rows().get(1).get(0));
        assertEquals(new Expr.Param(2, 7), expr("$2"));
        syntaxError("SELECT ?, $1", 1, 11);
        syntaxError("SELECT $1, ?", 1, 12);
        syntaxError("SELECT ?2, ?", 1, 12);
        syntaxError("SELECT $0", 1, 8);
        // Each statement of a script counts its own.
        List<SqlParser.Parsed> script = PARSER.parseAll("SELECT ?; SELECT ?, ?; SELECT $4");
        assertEquals(List.of(1, 2, 4), script.stream().map(SqlParser.Parsed::parameterCount).toList());
    }

    @Test
    void nestingBeyondTheLimitIs54001() {
        SqlParser small = new SqlParser(16);
        tooDeep(small, "SELECT " + nested("(", "1", ")", 18));
        assertNotNull(PARSER.parseOne("SELECT " + nested("(", "1", ")", 18)));
        assertNotNull(PARSER.parseOne("SELECT " + nested("(", "1", ")", 190)));
        tooDeep(PARSER, "SELECT " + nested("(", "1", ")", 201));
        tooDeep(PARSER, "SELECT " + nested("(", "1", ")", 1000));
        tooDeep(PARSER, "SELECT " + "(".repeat(100_000));
        tooDeep(PARSER, "(".repeat(100_000));
        tooDeep(PARSER, "SELECT * FROM " + "(".repeat(100_000));
        tooDeep(PARSER, "SELECT " + "-".repeat(0) + "- ".repeat(300) + "1");
        tooDeep(PARSER, "SELECT " + "NOT ".repeat(300) + "TRUE");
        tooDeep(PARSER, "SELECT " + nested("abs(", "1", ")", 300));
        tooDeep(PARSER, "SELECT " + nested("(SELECT ", "1", ")", 300));
        tooDeep(PARSER, "SELECT " + nested("CASE WHEN a THEN ", "1", " END", 300));
        tooDeep(PARSER, "SELECT 1 WHERE " + nested("EXISTS (SELECT 1 WHERE ", "TRUE", ")", 300));
        tooDeep(PARSER, "SELECT * FROM t WHERE a IN " + nested("(SELECT a FROM t WHERE a IN ", "(1)", ")", 300));
        tooDeep(PARSER, nested("(", "SELECT 1", ")", 300));
        tooDeep(PARSER, "SELECT 1" + "::int".repeat(300));
        tooDeep(PARSER, "SELECT 1" + " IS NULL".repeat(300));
        tooDeep(PARSER, "SELECT * FROM " + nested("(", "t", ")", 300));
    }

    @Test
    void theStackOverflowBackstop() throws InterruptedException {
        // With a limit too large for a small stack, the parser still refuses rather than failing the thread.
        SqlParser unlimited = new SqlParser(Integer.MAX_VALUE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                unlimited.parseOne("SELECT " + "(".repeat(100_000));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        SqlException e = assertInstanceOf(SqlException.class, thrown.get());
        assertEquals("54001", e.sqlState());
    }

    @Test
    void longFlatStatementsParse() {
        String plus4k = "SELECT 1" + "+1".repeat(2_000);
        assertInstanceOf(Expr.Binary.class, expr(plus4k.substring(7)));
        String plus1m = "SELECT 1" + "+1".repeat(500_000);
        assertNotNull(PARSER.parseOne(plus1m));
        Expr.Logic or = assertInstanceOf(Expr.Logic.class, expr("a" + " OR a".repeat(10_000)));
        assertEquals(10_001, or.operands().size());
        Expr.Logic and = assertInstanceOf(Expr.Logic.class, expr("a = 1" + " AND a = 1".repeat(10_000)));
        assertEquals(10_001, and.operands().size());
        assertNotNull(PARSER.parseOne("SELECT 1" + " UNION SELECT 1".repeat(10_000)));
        assertNotNull(PARSER.parseOne("SELECT * FROM t0" + " JOIN t ON TRUE".repeat(10_000)));
        assertNotNull(PARSER.parseOne("SELECT 1 WHERE a IN (1" + ", 1".repeat(100_000) + ")"));
        assertNotNull(PARSER.parseOne("INSERT INTO t VALUES (1)" + ", (1)".repeat(100_000)));
        assertNotNull(PARSER.parseOne("SELECT 'x'" + " || 'x'".repeat(100_000)));
        // Printing a long chain does not recurse along it either.
        assertTrue(SqlPrinter.print(PARSER.parseOne(plus4k)).length() > 4000);
    }
}
