package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shorthands for the parser tests: parse, print fully bracketed, expect an error. */
final class ParserTestSupport {

    static final SqlParser PARSER = new SqlParser();

    private ParserTestSupport() {
    }

    static Statement parse(String sql) {
        return PARSER.parseOne(sql);
    }

    /** The statement written back by {@link SqlPrinter}. */
    static String print(String sql) {
        return SqlPrinter.print(parse(sql));
    }

    /** The expression {@code sql} (read as {@code SELECT sql}) written back fully bracketed. */
    static String printExpr(String sql) {
        return SqlPrinter.print(expr(sql));
    }

    static Expr expr(String sql) {
        Statement s = parse("SELECT " + sql);
        Query.Select select = assertInstanceOf(Query.Select.class,
                assertInstanceOf(Statement.QueryStatement.class, s).query().body());
        assertEquals(1, select.items().size(), "one select item expected");
        return select.items().get(0).expr();
    }

    static SqlException error(String sql) {
        return assertThrows(SqlException.class, () -> PARSER.parseOne(sql), sql);
    }

    /** Asserts a 42601 at the given 1-based line and column. */
    static SqlException syntaxError(String sql, int line, int column) {
        SqlException e = error(sql);
        assertEquals("42601", e.sqlState(), e.getMessage());
        assertEquals(line, e.position().line(), "line of: " + e.getMessage());
        assertEquals(column, e.position().column(), "column of: " + e.getMessage());
        return e;
    }

    static SqlException unsupported(String sql) {
        SqlException e = error(sql);
        assertEquals("0A000", e.sqlState(), e.getMessage());
        return e;
    }
}
