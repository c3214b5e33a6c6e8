package io.distdb.server.sql;

import io.distdb.server.api.ApiError;
import io.distdb.server.api.ApiException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one statement with JSqlParser, turning parse failures into {@code sql_syntax_error} with the
 * line and column of the offending token. A leading {@code EXPLAIN} is blanked out (same length, so
 * positions stay right) and reported as a flag, because JSqlParser only parses EXPLAIN before SELECT.
 * Short statements are cached by text (point queries repeat); the AST is only read afterwards, never changed.
 * Parameter values are not part of the text, so a parameterized statement is parsed once whatever its values.
 */
public final class StatementParser {

    /** A parsed statement, whether EXPLAIN preceded it, and how many parameters ({@code ?}, {@code ?N}, {@code $N}) it takes. */
    public record Parsed(Statement statement, boolean explain, int parameterCount) {
    }

    private static final Pattern EXPLAIN = Pattern.compile("^(\\s*)(?i:explain)(\\s)");
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final Pattern DOLLAR_PARAMETER = Pattern.compile("\\$(\\d+)");
    private static final int QUESTION_MARK = tokenKind("\"?\"");
    private static final int CACHE_SIZE = 512;
    /** Longer statements (bulk inserts, large literals) are parsed every time rather than pinned in memory. */
    private static final int MAX_CACHED_LENGTH = 2048;

    private final Map<String, Parsed> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public Parsed parse(String sql) {
        if (sql.length() > MAX_CACHED_LENGTH) {
            return parseUncached(sql);
        }
        synchronized (cache) {
            Parsed cached = cache.get(sql);
            if (cached != null) {
                return cached;
            }
        }
        Parsed parsed = parseUncached(sql);
        synchronized (cache) {
            cache.put(sql, parsed);
        }
        return parsed;
    }

    private static Parsed parseUncached(String sql) {
        boolean explain = false;
        String text = sql;
        Matcher m = EXPLAIN.matcher(sql);
        if (m.find()) {
            explain = true;
            text = m.group(1) + " ".repeat(7) + sql.substring(m.end(1) + 7);
        }
        if (text.isBlank()) {
            throw SqlErrors.syntax("the statement is empty", 1, 1);
        }
        Statements statements;
        Token[] head = new Token[1];
        try {
            statements = parse(text, false, head);
        } catch (ParseException | TokenMgrException simple) {
            try {
                statements = parse(text, true, head);
            } catch (ParseException | TokenMgrException complex) {
                // Report whichever attempt got further into the text: that is where the statement goes wrong.
                throw furthest(toSyntaxError(simple), toSyntaxError(complex));
            }
        }
        if (statements.isEmpty()) {
            throw SqlErrors.syntax("the statement is empty", 1, 1);
        }
        if (statements.size() > 1) {
            throw SqlErrors.error("send one statement per request (found " + statements.size() + ")");
        }
        return new Parsed(statements.get(0), explain, parameterCount(head[0]));
    }

    /** First without the slow "complex parsing" mode, then with it, as CCJSqlParserUtil does, but on this thread. */
    private static Statements parse(String text, boolean complex, Token[] head) throws ParseException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(complex);
        head[0] = parser.token;
        return parser.Statements();
    }

    /**
     * The number of values a statement needs: plain {@code ?} are numbered 1, 2, ... in order of appearance
     * (as JSqlParser numbers them), {@code ?N} and {@code $N} name their position; the highest position counts.
     * Read from the consumed tokens, which JavaCC links from the parser's first token, so string literals and
     * comments never count.
     */
    private static int parameterCount(Token head) {
        int plain = 0;
        int highest = 0;
        for (Token t = head == null ? null : head.next; t != null && t.kind != CCJSqlParserConstants.EOF; t = t.next) {
            if (t.kind == QUESTION_MARK) {
                if (t.next != null && t.next.kind == CCJSqlParserConstants.S_LONG) {
                    highest = Math.max(highest, parameterPosition(t.next.image));
                    t = t.next;
                } else {
                    highest = Math.max(highest, ++plain);
                }
            } else if (t.kind == CCJSqlParserConstants.S_PARAMETER) {
                Matcher m = DOLLAR_PARAMETER.matcher(t.image);
                if (m.matches()) {
                    highest = Math.max(highest, parameterPosition(m.group(1)));
                }
            }
        }
        return highest;
    }

    private static int parameterPosition(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw SqlErrors.error("parameter position " + digits + " is out of range");
        }
    }

    private static int tokenKind(String image) {
        for (int kind = 0; kind < CCJSqlParserConstants.tokenImage.length; kind++) {
            if (CCJSqlParserConstants.tokenImage[kind].equals(image)) {
                return kind;
            }
        }
        throw new IllegalStateException("JSqlParser has no token " + image);
    }

    private static ApiException toSyntaxError(Exception e) {
        return e instanceof ParseException p ? syntaxError(p) : lexicalError((TokenMgrException) e);
    }

    private static ApiException furthest(ApiException a, ApiException b) {
        ApiError.Position pa = a.body().position();
        ApiError.Position pb = b.body().position();
        boolean bIsFurther = pb.line() > pa.line() || (pb.line() == pa.line() && pb.column() > pa.column());
        return bIsFurther ? b : a;
    }

    private static ApiException syntaxError(ParseException e) {
        Token token = e.currentToken == null ? null : e.currentToken.next;
        String message = firstLine(e.getMessage());
        if (token != null) {
            String found = token.kind == 0 ? "end of statement" : "'" + token.image + "'";
            return SqlErrors.syntax("syntax error at " + found + " (line " + token.beginLine + ", column " + token.beginColumn + ")",
                    token.beginLine, token.beginColumn);
        }
        int[] position = position(message);
        return SqlErrors.syntax(message, position[0], position[1]);
    }

    private static ApiException lexicalError(TokenMgrException e) {
        int[] position = position(e.getMessage());
        return SqlErrors.syntax("syntax error: " + firstLine(e.getMessage()), position[0], position[1]);
    }

    private static int[] position(String message) {
        Matcher m = POSITION.matcher(message == null ? "" : message);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {1, 1};
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
