package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.ast.Statement;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads SQL text into {@link Statement} trees. A hand-written recursive-descent parser with PostgreSQL's
 * grammar and operator precedence (for the subset DistDB runs): it never goes back over tokens, so its time
 * is linear in the length of the text, and it refuses statements nested deeper than {@code maxNesting} with
 * 54001 instead of running out of stack. Syntax errors are 42601 with the line, column and offset of the
 * token where reading failed; recognised but unsupported features are 0A000.
 *
 * <p>Immutable and thread-safe: each call reads its input with state of its own.
 */
public final class SqlParser {

    /** A statement and how many parameters it takes: the highest parameter position it uses. */
    public record Parsed(Statement statement, int parameterCount) {
    }

    private final int maxNesting;

    public SqlParser() {
        this(SqlSettings.DEFAULT_MAX_NESTING);
    }

    public SqlParser(int maxNesting) {
        if (maxNesting < 1) {
            throw new IllegalArgumentException("maxNesting must be positive: " + maxNesting);
        }
        this.maxNesting = maxNesting;
    }

    /** The statements of a script, separated by semicolons; empty statements are skipped. */
    public List<Statement> parseScript(String sql) {
        return parseAll(sql).stream().map(Parsed::statement).toList();
    }

    /** Like {@link #parseScript}, with the parameter count of each statement. */
    public List<Parsed> parseAll(String sql) {
        return guard(() -> read(sql, false));
    }

    /** Exactly one statement; a trailing semicolon is fine, a second statement is an error (42601). */
    public Statement parseOne(String sql) {
        return parse(sql).statement();
    }

    /** Exactly one statement, with its parameter count. */
    public Parsed parse(String sql) {
        return guard(() -> read(sql, true)).get(0);
    }

    private List<Parsed> read(String sql, boolean one) {
        TokenStream ts = new TokenStream(sql, maxNesting);
        ExpressionParser expressions = new ExpressionParser(ts);
        StatementParser statements = new StatementParser(ts, expressions);
        expressions.setStatements(statements);
        List<Parsed> result = new ArrayList<>();
        while (true) {
            while (ts.accept(TokenType.SEMICOLON)) {
                // empty statement
            }
            Token start = ts.peek();
            if (start.type() == TokenType.EOF) {
                break;
            }
            if (one && !result.isEmpty()) {
                throw SqlErrors.syntax("only one statement is allowed here; another starts at or near \""
                        + ts.text(start) + "\"", ts.position(start));
            }
            ts.startStatement();
            Statement statement = statements.statement();
            if (!ts.at(TokenType.SEMICOLON) && !ts.at(TokenType.EOF)) {
                throw ts.error();
            }
            result.add(new Parsed(statement, ts.parameterCount()));
        }
        if (result.isEmpty()) {
            throw SqlErrors.syntax("the statement is empty", ts.position(ts.peek()));
        }
        return result;
    }

    private interface Reader {
        List<Parsed> read();
    }

    /**
     * The nesting limit keeps recursion shallow; this is the backstop should a thread's stack still be too small
     * for it (a large limit, a small stack): the statement is refused, the caller's thread carries on.
     */
    private List<Parsed> guard(Reader reader) {
        try {
            return reader.read();
        } catch (StackOverflowError e) {
            throw SqlErrors.tooComplex("the statement nests too deeply to be parsed", null);
        }
    }
}
