package io.distdb.sql.parser;

import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.TypeName;
import io.distdb.sql.types.SqlType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.distdb.sql.parser.ParserTestSupport.error;
import static io.distdb.sql.parser.ParserTestSupport.expr;
import static io.distdb.sql.parser.ParserTestSupport.printExpr;
import static io.distdb.sql.parser.ParserTestSupport.syntaxError;
import static io.distdb.sql.parser.ParserTestSupport.unsupported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ExpressionParserTest {

    @Test
    void precedenceFollowsPostgres() {
        assertEquals("((FALSE AND (1 IN (1))) OR TRUE)", printExpr("FALSE AND 1 IN (1) OR TRUE"));
        assertEquals("(a OR (b AND c))", printExpr("a OR b AND c"));
        assertEquals("((a AND b) OR c)", printExpr("a AND b OR c"));
        assertEquals("(NOT (a = b))", printExpr("NOT a = b"));
        assertEquals("((-2) ^ 2)", printExpr("- 2 ^ 2"));
        assertEquals("((- x) ^ 2)", printExpr("-x ^ 2"));
        assertEquals("((a || b) = c)", printExpr("a || b = c"));
        assertEquals("((x IS NULL) AND y)", printExpr("x IS NULL AND y"));
        assertEquals("(1 + (2 * 3))", printExpr("1 + 2 * 3"));
        assertEquals("(1 - 2 + 3)", printExpr("1 - 2 + 3"));
        assertEquals("((1 - 2) * 3)", printExpr("(1 - 2) * 3"));
        assertEquals("(1 - (2 + 3))", printExpr("1 - (2 + 3)"));
        assertEquals("(2 ^ 3 ^ 2)", printExpr("2 ^ 3 ^ 2")); // left-associative, as in PostgreSQL
        assertEquals("(2 * (3 ^ 2) % 4)", printExpr("2 * 3 ^ 2 % 4"));
        assertEquals("((a + 1) || b)", printExpr("a + 1 || b"));
        assertEquals("((doc -> 'a' ->> 'b') = 'c')", printExpr("doc -> 'a' ->> 'b' = 'c'"));
        assertEquals("((a = 1) IS TRUE)", printExpr("a = 1 IS TRUE"));
        assertEquals("(NOT (x IS NULL))", printExpr("NOT x IS NULL"));
        assertEquals("(NOT (NOT a))", printExpr("NOT NOT a"));
        assertEquals("((a < b) = (c > d))", printExpr("(a < b) = (c > d)"));
        assertEquals("((a + 1) BETWEEN (b - 1) AND (c * 2))", printExpr("a + 1 BETWEEN b - 1 AND c * 2"));
        assertEquals("((a BETWEEN 1 AND 2) AND b)", printExpr("a BETWEEN 1 AND 2 AND b"));
        assertEquals("((a LIKE 'x%') = TRUE)", printExpr("a LIKE 'x%' = TRUE"));
        assertEquals("(- (x::integer))", printExpr("-x::integer"));
        // A postfix test completes an operand for the operators that follow, as in PostgreSQL.
        assertEquals("((a IS NULL) = b)", printExpr("a IS NULL = b"));
        assertEquals("((((a = b) IS NULL) = c) IS NOT NULL)", printExpr("a = b IS NULL = c IS NOT NULL"));
        assertEquals("(((x IS NOT NULL) || y) IS TRUE)", printExpr("x NOTNULL || y IS TRUE"));
        assertEquals("((x IS TRUE)::integer)", printExpr("x IS TRUE::integer"));
    }

    @Test
    void logicChainsAreFlat() {
        Expr.Logic or = assertInstanceOf(Expr.Logic.class, expr("a OR b OR c OR d"));
        assertEquals(4, or.operands().size());
        assertEquals("(a OR b OR (c AND d AND e) OR f)", printExpr("a OR b OR c AND d AND e OR f"));
    }

    @Test
    void negatedPredicates() {
        assertEquals("(x NOT IN (1, 2))", printExpr("x NOT IN (1, 2)"));
        assertEquals("(x NOT BETWEEN 1 AND 2)", printExpr("x NOT BETWEEN 1 AND 2"));
        assertEquals("(x BETWEEN SYMMETRIC 2 AND 1)", printExpr("x BETWEEN SYMMETRIC 2 AND 1"));
        assertEquals("(x NOT LIKE 'a%' ESCAPE '!')", printExpr("x NOT LIKE 'a%' ESCAPE '!'"));
        assertEquals("(x NOT ILIKE 'a%')", printExpr("x NOT ILIKE 'a%'"));
        assertEquals("(x IS NOT NULL)", printExpr("x IS NOT NULL"));
        assertEquals("(x IS NULL)", printExpr("x ISNULL"));
        assertEquals("(x IS NOT NULL)", printExpr("x NOTNULL"));
        assertEquals("(x IS NOT DISTINCT FROM (y + 1))", printExpr("x IS NOT DISTINCT FROM y + 1"));
        assertEquals("(x IS DISTINCT FROM y)", printExpr("x IS DISTINCT FROM y"));
        assertEquals("(x IS NOT TRUE)", printExpr("x IS NOT TRUE"));
        assertEquals("(x IS FALSE)", printExpr("x IS FALSE"));
        assertEquals("(x IS UNKNOWN)", printExpr("x IS UNKNOWN"));
        assertEquals("(NOT EXISTS (SELECT 1))", printExpr("NOT EXISTS (SELECT 1)"));
        Expr.Unary not = assertInstanceOf(Expr.Unary.class, expr("NOT EXISTS (SELECT 1)"));
        assertInstanceOf(Expr.Exists.class, not.operand());
    }

    @Test
    void comparisonsDoNotAssociate() {
        syntaxError("SELECT a < b < c", 1, 14);
        syntaxError("SELECT a = b = c", 1, 14);
        syntaxError("SELECT a LIKE b LIKE c", 1, 17);
    }

    @Test
    void subqueries() {
        assertInstanceOf(Expr.InQuery.class, expr("x IN (SELECT a FROM t)"));
        assertInstanceOf(Expr.InQuery.class, expr("x IN ((SELECT a FROM t))"));
        assertInstanceOf(Expr.InList.class, expr("x IN ((SELECT a FROM t), 2)"));
        assertEquals("(x NOT IN (SELECT a FROM t UNION SELECT 2))", printExpr("x NOT IN ((SELECT a FROM t) UNION SELECT 2)"));
        Expr.Quantified any = assertInstanceOf(Expr.Quantified.class, expr("x = ANY (SELECT a FROM t)"));
        assertEquals("=", any.op());
        assertEquals(false, any.all());
        assertEquals("(x <> ALL (SELECT 1))", printExpr("x <> ALL (SELECT 1)"));
        assertEquals("(x > ANY (SELECT 1))", printExpr("x > SOME (SELECT 1)"));
        assertInstanceOf(Expr.ScalarQuery.class, expr("(SELECT max(a) FROM t)"));
        assertEquals("((SELECT 1) + 1)", printExpr("(SELECT 1) + 1"));
        assertEquals("(SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1)", printExpr("((SELECT 1) UNION SELECT 2 ORDER BY 1 LIMIT 1)"));
        assertEquals("(VALUES (1))", printExpr("(VALUES (1))"));
        assertEquals("EXISTS (SELECT 1 UNION SELECT 2)", printExpr("EXISTS ((SELECT 1) UNION (SELECT 2))"));
        unsupported("SELECT x = ANY (ARRAY[1, 2])");
    }

    @Test
    void parenthesesLeaveNoNode() {
        assertEquals(expr("1").getClass(), expr("((((1))))").getClass());
        assertEquals("a", printExpr("(((a)))"));
        unsupported("SELECT (1, 2)");
    }

    @Test
    void literals() {
        assertEquals(new Expr.Literal(5L, SqlType.INTEGER, 7), expr("5"));
        assertEquals(new Expr.Literal(-5L, SqlType.INTEGER, 7), expr("-5"));
        assertEquals(new Expr.Literal(2147483648L, SqlType.BIGINT, 7), expr("2147483648"));
        assertEquals(new Expr.Literal(-2147483648L, SqlType.INTEGER, 7), expr("-2147483648"));
        assertEquals(new Expr.Literal(Long.MIN_VALUE, SqlType.BIGINT, 7), expr("-9223372036854775808"));
        assertEquals(new Expr.Literal(Long.MAX_VALUE, SqlType.BIGINT, 7), expr("9223372036854775807"));
        assertEquals(new Expr.Literal(new BigDecimal("9223372036854775808"), SqlType.NUMERIC, 7),
                expr("9223372036854775808"));
        assertEquals(new Expr.Literal(new BigDecimal("1.50"), SqlType.NUMERIC, 7), expr("1.50"));
        // As NUMERIC text is read: no negative scale (PostgreSQL prints SELECT 1e3 as 1000), and the size checked.
        assertEquals(new Expr.Literal(new BigDecimal("1000"), SqlType.NUMERIC, 7), expr("1e3"));
        assertEquals(new Expr.Literal(new BigDecimal("-0.5"), SqlType.NUMERIC, 7), expr("-.5"));
        assertEquals(new Expr.Literal("it's", SqlType.UNKNOWN, 7), expr("'it''s'"));
        assertEquals(new Expr.Literal(true, SqlType.BOOLEAN, 7), expr("TRUE"));
        assertEquals(new Expr.Literal(false, SqlType.BOOLEAN, 7), expr("false"));
        assertEquals(new Expr.Literal(null, SqlType.UNKNOWN, 7), expr("NULL"));
        // Only a numeric literal folds into a negative one.
        assertInstanceOf(Expr.Unary.class, expr("-a"));
        assertInstanceOf(Expr.Unary.class, expr("-'1'"));
        assertInstanceOf(Expr.Unary.class, expr("+1"));
        assertEquals(new Expr.Literal(1L, SqlType.INTEGER, 7), expr("- -1"));
    }

    @Test
    void typedLiteralsAndCasts() {
        Expr.Cast date = assertInstanceOf(Expr.Cast.class, expr("DATE '2024-01-02'"));
        assertEquals(new Expr.Literal("2024-01-02", SqlType.UNKNOWN, 12), date.operand());
        assertEquals(new TypeName("date", List.of(), 7), date.type());
        assertEquals("('2024-01-02 03:04:05'::timestamp)", printExpr("TIMESTAMP '2024-01-02 03:04:05'"));
        assertEquals("('x'::timestamptz)", printExpr("timestamptz 'x'"));
        assertEquals("('x'::timestamp with time zone)", printExpr("timestamp with time zone 'x'"));
        assertEquals("('1.5'::double precision)", printExpr("double precision '1.5'"));
        assertEquals("('\\x00ff'::bytea)", printExpr("BYTEA '\\x00ff'"));
        assertEquals("('\\x0a1b'::bytea)", printExpr("X'0a1b'"));
        assertEquals("(a::integer)", printExpr("a::integer"));
        assertEquals("((a::text)::varchar(20))", printExpr("a::text::varchar(20)"));
        assertEquals("(a::numeric(10, 2))", printExpr("CAST(a AS NUMERIC(10,2))"));
        assertEquals("(a::character varying(3))", printExpr("CAST(a AS character varying(3))"));
        assertEquals("(a::timestamp(3) without time zone)", printExpr("a::timestamp(3) without time zone"));
        assertEquals("(a::time with time zone)", printExpr("a::time with time zone"));
        assertEquals("(a::double precision)", printExpr("a::double precision"));
        assertEquals("(a::pg_catalog.int4)", printExpr("a::pg_catalog.int4"));
        unsupported("SELECT INTERVAL '1 day'");
        unsupported("SELECT a::interval");
        unsupported("SELECT a::int[]");
        unsupported("SELECT CAST(a AS int ARRAY)");
    }

    @Test
    void calls() {
        assertEquals("count(*)", printExpr("COUNT(*)"));
        assertEquals("count(DISTINCT x)", printExpr("count(DISTINCT x)"));
        assertEquals("sum(x)", printExpr("sum(ALL x)"));
        Expr.Call count = assertInstanceOf(Expr.Call.class, expr("count(*)"));
        assertEquals(true, count.star());
        assertEquals("coalesce(a, NULL, 1)", printExpr("COALESCE(a, NULL, 1)"));
        assertEquals("nullif(a, b)", printExpr("NULLIF(a, b)"));
        assertEquals("greatest(a, b)", printExpr("greatest(a, b)"));
        assertEquals("now()", printExpr("now()"));
        assertEquals("left(s, 2)", printExpr("LEFT(s, 2)"));
        assertEquals("pg_catalog.lower(s)", printExpr("pg_catalog.lower(s)"));
        assertEquals("CURRENT_TIMESTAMP", printExpr("current_timestamp"));
        assertEquals("CURRENT_DATE", printExpr("CURRENT_DATE"));
        assertEquals("LOCALTIMESTAMP", printExpr("localtimestamp"));
        Expr.Call ts = assertInstanceOf(Expr.Call.class, expr("CURRENT_TIMESTAMP"));
        assertEquals("current_timestamp", ts.name());
        assertEquals(List.of(), ts.args());
        assertEquals("EXTRACT('year' FROM d)", printExpr("EXTRACT(YEAR FROM d)"));
        Expr.Call extract = assertInstanceOf(Expr.Call.class, expr("extract(epoch from d)"));
        assertEquals(new Expr.Literal("epoch", SqlType.TEXT, 15), extract.args().get(0));
        assertEquals("substring(s, 2, 3)", printExpr("SUBSTRING(s FROM 2 FOR 3)"));
        assertEquals("substring(s, 2)", printExpr("substring(s from 2)"));
        assertEquals("substring(s, 1, 3)", printExpr("substring(s for 3)"));
        assertEquals("substring(s, 2, 3)", printExpr("substring(s, 2, 3)"));
        assertEquals("POSITION('a' IN s)", printExpr("position('a' in s)"));
        assertEquals("trim(s)", printExpr("TRIM(s)"));
        assertEquals("trim(s, 'x')", printExpr("trim(BOTH 'x' FROM s)"));
        assertEquals("ltrim(s, 'x')", printExpr("trim(LEADING 'x' FROM s)"));
        assertEquals("rtrim(s)", printExpr("trim(TRAILING FROM s)"));
        assertEquals("trim(s, 'xy')", printExpr("trim(s, 'xy')"));
        assertEquals("CASE WHEN (a > 1) THEN 'x' WHEN b THEN 'y' ELSE 'z' END",
                printExpr("CASE WHEN a > 1 THEN 'x' WHEN b THEN 'y' ELSE 'z' END"));
        assertEquals("CASE (a + 1) WHEN 1 THEN 2 END", printExpr("case a + 1 when 1 then 2 end"));
        unsupported("SELECT rank() OVER (ORDER BY a)");
        unsupported("SELECT count(*) FILTER (WHERE a > 1)");
        unsupported("SELECT string_agg(a, ',' ORDER BY a)");
        unsupported("SELECT current_timestamp(3)");
        syntaxError("SELECT CASE END", 1, 13);
    }

    @Test
    void columnsAndParameters() {
        assertEquals(new Expr.ColumnRef(List.of("s", "t", "c"), 7), expr("s.t.c"));
        assertEquals(new Expr.ColumnRef(List.of("T", "c"), 7), expr("\"T\".C"));
        assertEquals("(\"select\" + \"Mixed\")", printExpr("\"select\" + \"Mixed\""));
        // Non-reserved keywords are column names; the printer quotes those that could read otherwise.
        assertEquals("(key + value + text + date + \"timestamp\" + data + action + \"first\" + name + index + view)",
                printExpr("key + value + text + date + timestamp + data + action + first + name + index + view"));
        assertEquals(new Expr.Param(1, 7), expr("?"));
        assertEquals(new Expr.Param(3, 7), expr("$3"));
        assertEquals(new Expr.Param(2, 7), expr("?2"));
        syntaxError("SELECT a.b.c.d", 1, 8);
    }

    @Test
    void defaultIsNotAValueOutsideInsertAndUpdate() {
        syntaxError("SELECT DEFAULT", 1, 8);
        syntaxError("VALUES (DEFAULT)", 1, 9);
    }

    @Test
    void refusedExpressionForms() {
        unsupported("SELECT a[1]");
        unsupported("SELECT a COLLATE \"C\"");
        unsupported("SELECT a AT TIME ZONE 'UTC'");
        unsupported("SELECT a SIMILAR TO 'x'");
        unsupported("SELECT ROW(1, 2)");
        unsupported("SELECT ARRAY[1]");
        assertEquals("42601", error("SELECT a IS 5").sqlState());
    }
}
