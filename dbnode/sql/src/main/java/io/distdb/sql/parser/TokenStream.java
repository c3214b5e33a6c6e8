package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

/**
 * The tokens of one input as the parsers see them: a small window of lookahead over the {@link Lexer}
 * (tokens already consumed are dropped, so a long statement does not keep all its tokens), the nesting
 * depth, the parameter numbering of the current statement, and the errors positioned at a token.
 */
final class TokenStream {

    private final Lexer lexer;
    private final int maxNesting;
    /** Lookahead ring: {@code count} tokens starting at {@code head}; its size is a power of two. */
    private Token[] ring = new Token[8];
    private int head;
    private int count;
    private int lastEnd;
    private int depth;

    // Parameters of the statement being parsed.
    private int plainParams;
    private boolean numberedParams;
    private int maxParam;

    TokenStream(String input, int maxNesting) {
        this.lexer = new Lexer(input);
        this.maxNesting = maxNesting;
    }

    String input() {
        return lexer.input();
    }

    Token peek() {
        return peek(0);
    }

    /** The token {@code ahead} places after the current one (0 is the current one). */
    Token peek(int ahead) {
        while (count <= ahead) {
            if (count == ring.length) {
                grow();
            }
            ring[(head + count) & (ring.length - 1)] = lexer.next();
            count++;
        }
        return ring[(head + ahead) & (ring.length - 1)];
    }

    private void grow() {
        Token[] bigger = new Token[ring.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }

    Token next() {
        Token t = peek(0);
        if (t.type() != TokenType.EOF) {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            count--;
            lastEnd = t.end();
        }
        return t;
    }

    /** Where the last consumed token ends: the end of a span such as a view's query. */
    int lastEnd() {
        return lastEnd;
    }

    boolean at(TokenType type) {
        return peek().type() == type;
    }

    boolean atWord(String word) {
        return peek().isWord(word);
    }

    boolean accept(TokenType type) {
        if (at(type)) {
            next();
            return true;
        }
        return false;
    }

    boolean acceptWord(String word) {
        if (atWord(word)) {
            next();
            return true;
        }
        return false;
    }

    boolean acceptOperator(String op) {
        if (peek().isOperator(op)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(TokenType type) {
        if (!at(type)) {
            throw error();
        }
        return next();
    }

    Token expectWord(String word) {
        if (!atWord(word)) {
            throw error();
        }
        return next();
    }

    void expectOperator(String op) {
        if (!peek().isOperator(op)) {
            throw error();
        }
        next();
    }

    /** Whether the token can be an identifier: a quoted identifier or an unreserved word. */
    static boolean isIdentifier(Token t) {
        return t.type() == TokenType.QUOTED_IDENT || (t.type() == TokenType.WORD && !Keywords.isReserved(t.text()));
    }

    /** An identifier (a table, column, alias or index name). */
    String identifier() {
        if (!isIdentifier(peek())) {
            throw error();
        }
        return next().text();
    }

    /** A name after AS in a select list, or after a dot: any word will do, reserved or not. */
    String label() {
        Token t = peek();
        if (t.type() != TokenType.WORD && t.type() != TokenType.QUOTED_IDENT) {
            throw error();
        }
        return next().text();
    }

    // ---- nesting

    /** One level deeper into an expression, query or parenthesis; past the limit the statement is refused. */
    void enter() {
        if (++depth > maxNesting) {
            throw SqlErrors.tooComplex("the statement nests deeper than " + maxNesting + " levels",
                    lexer.position(peek().start()));
        }
    }

    void leave() {
        depth--;
    }

    void leave(int levels) {
        depth -= levels;
    }

    // ---- parameters

    void startStatement() {
        plainParams = 0;
        numberedParams = false;
        maxParam = 0;
        depth = 0;
    }

    int parameterCount() {
        return maxParam;
    }

    /** The 1-based position of a parameter token: plain {@code ?} count up, {@code $N}/{@code ?N} name theirs. */
    int parameter(Token t) {
        int index;
        if (t.param() == 0) {
            if (numberedParams) {
                throw mixedParameters(t);
            }
            index = ++plainParams;
        } else {
            if (plainParams > 0) {
                throw mixedParameters(t);
            }
            numberedParams = true;
            index = t.param();
        }
        maxParam = Math.max(maxParam, index);
        return index;
    }

    private SqlException mixedParameters(Token t) {
        return SqlErrors.syntax("plain ? parameters cannot be mixed with numbered ones ($N or ?N) at or near \""
                + text(t) + "\"", position(t));
    }

    // ---- errors

    SqlException.Position position(Token t) {
        return lexer.position(t.start());
    }

    SqlException.Position position(int offset) {
        return lexer.position(offset);
    }

    String text(Token t) {
        return lexer.input().substring(t.start(), t.end());
    }

    /** A syntax error at the current token, worded as PostgreSQL words it. */
    SqlException error() {
        return error(peek());
    }

    SqlException error(Token t) {
        if (t.type() == TokenType.EOF) {
            return SqlErrors.syntax("syntax error at end of input", position(t));
        }
        String text = text(t);
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return SqlErrors.syntax("syntax error at or near \"" + text + "\"", position(t));
    }

    SqlException error(String message, Token t) {
        return SqlErrors.syntax(message, position(t));
    }
}
