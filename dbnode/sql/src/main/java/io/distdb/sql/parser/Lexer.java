package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

/**
 * Splits SQL text into {@link Token}s on demand, one at a time, so a parser that fails early never reads the
 * rest of a long statement. Follows PostgreSQL's lexical rules where they matter to clients: unquoted words
 * fold to lower case, {@code "quoted"} identifiers keep their case, strings are standard-conforming (a
 * backslash is an ordinary character except in {@code E'...'}), comments nest.
 */
public final class Lexer {

    /** The largest parameter number accepted: the wire protocol cannot send more. */
    static final int MAX_PARAM = 65535;

    private final String in;
    private final int length;
    private int at;

    public Lexer(String input) {
        this.in = input;
        this.length = input.length();
    }

    public String input() {
        return in;
    }

    /** The line and column (both 1-based) of a 0-based offset; computed only when an error is reported. */
    public SqlException.Position position(int offset) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, length);
        for (int i = 0; i < end; i++) {
            if (in.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SqlException.Position(line, offset - lineStart + 1, offset);
    }

    /** The next token; after the end, an {@link TokenType#EOF} token at the end of the input, again and again. */
    public Token next() {
        skipSpaceAndComments();
        if (at >= length) {
            return new Token(TokenType.EOF, "", length, length, 0);
        }
        int start = at;
        char c = in.charAt(at);
        if (c == '\'' ) {
            return string(start, start, false);
        }
        if ((c == 'e' || c == 'E') && peekChar(1) == '\'') {
            return string(start, start + 1, true);
        }
        if ((c == 'x' || c == 'X') && peekChar(1) == '\'') {
            return hexString(start);
        }
        if (isIdentStart(c)) {
            return word(start);
        }
        if (c == '"') {
            return quotedIdentifier(start);
        }
        if (isDigit(c) || (c == '.' && isDigit(peekChar(1)))) {
            return number(start);
        }
        if (c == '$') {
            if (isDigit(peekChar(1))) {
                at++;
                return param(start);
            }
            return dollarString(start);
        }
        if (c == '?') {
            at++;
            if (at < length && isDigit(in.charAt(at))) {
                return param(start);
            }
            return new Token(TokenType.PARAM, "?", start, at, 0);
        }
        return punctuationOrOperator(start, c);
    }

    private Token punctuationOrOperator(int start, char c) {
        TokenType punct = switch (c) {
            case '(' -> TokenType.LPAREN;
            case ')' -> TokenType.RPAREN;
            case '[' -> TokenType.LBRACKET;
            case ']' -> TokenType.RBRACKET;
            case ',' -> TokenType.COMMA;
            case '.' -> TokenType.DOT;
            case ';' -> TokenType.SEMICOLON;
            default -> null;
        };
        if (punct != null) {
            at++;
            return new Token(punct, String.valueOf(c), start, at, 0);
        }
        char d = peekChar(1);
        String op = switch (c) {
            case '-' -> d == '>' ? (peekChar(2) == '>' ? "->>" : "->") : "-";
            case ':' -> d == ':' ? "::" : null;
            case '|' -> d == '|' ? "||" : null;
            case '<' -> d == '>' ? "<>" : d == '=' ? "<=" : "<";
            case '>' -> d == '=' ? ">=" : ">";
            case '!' -> d == '=' ? "!=" : null;
            case '+', '*', '/', '%', '^', '=' -> String.valueOf(c);
            default -> null;
        };
        if (op == null) {
            throw syntaxAt(start, Character.charCount(in.codePointAt(start)));
        }
        at += op.length();
        // != is another spelling of <>; the tree only knows <>.
        return new Token(TokenType.OPERATOR, op.equals("!=") ? "<>" : op, start, at, 0);
    }

    private void skipSpaceAndComments() {
        while (at < length) {
            char c = in.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '-' && peekChar(1) == '-') {
                while (at < length && in.charAt(at) != '\n' && in.charAt(at) != '\r') {
                    at++;
                }
            } else if (c == '/' && peekChar(1) == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    /** A {@code /* ... *}{@code /} comment; they nest, as in PostgreSQL and the SQL standard. */
    private void blockComment() {
        int start = at;
        int depth = 0;
        while (at < length) {
            char c = in.charAt(at);
            if (c == '/' && peekChar(1) == '*') {
                depth++;
                at += 2;
            } else if (c == '*' && peekChar(1) == '/') {
                depth--;
                at += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                at++;
            }
        }
        throw SqlErrors.syntax("unterminated /* comment at or near \"" + excerpt(start) + "\"", position(start));
    }

    private Token word(int start) {
        at++;
        while (at < length && isIdentPart(in.charAt(at))) {
            at++;
        }
        return new Token(TokenType.WORD, fold(in.substring(start, at)), start, at, 0);
    }

    /**
     * Folds ASCII letters only, as PostgreSQL does for multi-byte encodings, so the result does not depend on
     * the JVM's locale.
     */
    static String fold(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = word.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return word;
    }

    private Token quotedIdentifier(int start) {
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            if (at >= length) {
                throw SqlErrors.syntax("unterminated quoted identifier at or near \"" + excerpt(start) + "\"",
                        position(start));
            }
            char c = in.charAt(at++);
            if (c == '"') {
                if (at < length && in.charAt(at) == '"') {
                    sb.append('"');
                    at++;
                } else {
                    break;
                }
            } else {
                sb.append(c);
            }
        }
        if (sb.isEmpty()) {
            throw SqlErrors.syntax("zero-length delimited identifier at or near \"\"\"\"", position(start));
        }
        return new Token(TokenType.QUOTED_IDENT, sb.toString(), start, at, 0);
    }

    /**
     * A quoted string starting at {@code quote}; with {@code escapes} ({@code E'...'}) backslash sequences
     * are decoded. Two strings separated only by whitespace containing a newline are one string, as the SQL
     * standard says.
     */
    private Token string(int start, int quote, boolean escapes) {
        StringBuilder sb = new StringBuilder();
        at = quote;
        while (true) {
            at++; // the opening quote
            while (true) {
                if (at >= length) {
                    throw SqlErrors.syntax("unterminated quoted string at or near \"" + excerpt(start) + "\"",
                            position(start));
                }
                char c = in.charAt(at++);
                if (c == '\'') {
                    if (at < length && in.charAt(at) == '\'') {
                        sb.append('\'');
                        at++;
                        continue;
                    }
                    break;
                }
                if (c == '\\' && escapes) {
                    escape(sb, start);
                } else {
                    sb.append(c);
                }
            }
            int next = continuation();
            if (next < 0) {
                return new Token(TokenType.STRING, sb.toString(), start, at, 0);
            }
            at = next;
        }
    }

    /** Where a continuation string's quote is (whitespace with a newline, then a quote), or -1. */
    private int continuation() {
        int i = at;
        boolean newline = false;
        while (i < length && Character.isWhitespace(in.charAt(i))) {
            newline |= in.charAt(i) == '\n' || in.charAt(i) == '\r';
            i++;
        }
        return newline && i < length && in.charAt(i) == '\'' ? i : -1;
    }

    /** Decodes the escape after a backslash in an {@code E'...'} string. */
    private void escape(StringBuilder sb, int start) {
        if (at >= length) {
            throw SqlErrors.syntax("unterminated quoted string at or near \"" + excerpt(start) + "\"", position(start));
        }
        char c = in.charAt(at++);
        switch (c) {
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'x' -> {
                int value = 0;
                int digits = 0;
                while (digits < 2 && at < length && Character.digit(in.charAt(at), 16) >= 0) {
                    value = value * 16 + Character.digit(in.charAt(at++), 16);
                    digits++;
                }
                if (digits == 0) {
                    sb.append('x');
                } else {
                    sb.append((char) value);
                }
            }
            case 'u', 'U' -> {
                int digits = c == 'u' ? 4 : 8;
                int value = 0;
                for (int i = 0; i < digits; i++) {
                    int d = at < length ? Character.digit(in.charAt(at), 16) : -1;
                    if (d < 0) {
                        throw SqlErrors.syntax("invalid Unicode escape", position(at - i - 2));
                    }
                    value = value * 16 + d;
                    at++;
                }
                if (!Character.isValidCodePoint(value) || value == 0) {
                    throw SqlErrors.syntax("invalid Unicode escape value", position(at - digits - 2));
                }
                sb.appendCodePoint(value);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int i = 0; i < 2 && at < length && in.charAt(at) >= '0' && in.charAt(at) <= '7'; i++) {
                        value = value * 8 + (in.charAt(at++) - '0');
                    }
                    sb.append((char) value);
                } else {
                    sb.append(c); // \\ \' and any other character stand for themselves
                }
            }
        }
    }

    private Token hexString(int start) {
        at = start + 2;
        int digitsStart = at;
        while (at < length && in.charAt(at) != '\'') {
            if (Character.digit(in.charAt(at), 16) < 0) {
                throw SqlErrors.syntax("\"" + in.charAt(at) + "\" is not a valid hexadecimal digit", position(at));
            }
            at++;
        }
        if (at >= length) {
            throw SqlErrors.syntax("unterminated hexadecimal string at or near \"" + excerpt(start) + "\"",
                    position(start));
        }
        String digits = in.substring(digitsStart, at);
        at++;
        if (digits.length() % 2 != 0) {
            throw SqlErrors.syntax("invalid hexadecimal data: odd number of digits", position(start));
        }
        return new Token(TokenType.HEX_STRING, Lexer.fold(digits), start, at, 0);
    }

    /** {@code $tag$ ... $tag$} (the tag may be empty); a {@code $} that starts neither that nor {@code $N} is an error. */
    private Token dollarString(int start) {
        int i = start + 1;
        if (i < length && in.charAt(i) != '$' && !isIdentStart(in.charAt(i))) {
            throw syntaxAt(start, 1);
        }
        while (i < length && in.charAt(i) != '$') {
            if (!isIdentPart(in.charAt(i)) || in.charAt(i) == '$') {
                throw syntaxAt(start, 1);
            }
            i++;
        }
        if (i >= length) {
            throw syntaxAt(start, 1);
        }
        String tag = in.substring(start, i + 1);
        int bodyStart = i + 1;
        int end = in.indexOf(tag, bodyStart);
        if (end < 0) {
            throw SqlErrors.syntax("unterminated dollar-quoted string at or near \"" + excerpt(start) + "\"",
                    position(start));
        }
        at = end + tag.length();
        return new Token(TokenType.STRING, in.substring(bodyStart, end), start, at, 0);
    }

    private Token param(int start) {
        int digitsStart = at;
        long value = 0;
        while (at < length && isDigit(in.charAt(at))) {
            value = Math.min(value * 10 + (in.charAt(at) - '0'), Integer.MAX_VALUE);
            at++;
        }
        if (at < length && isIdentPart(in.charAt(at))) {
            throw SqlErrors.syntax("trailing junk after parameter at or near \"" + in.substring(start, at + 1) + "\"",
                    position(start));
        }
        if (value < 1 || value > MAX_PARAM) {
            throw SqlErrors.syntax("there is no parameter " + in.substring(start, at)
                    + " (parameters are numbered from 1 to " + MAX_PARAM + ")", position(start));
        }
        assert at > digitsStart;
        return new Token(TokenType.PARAM, in.substring(start, at), start, at, (int) value);
    }

    private Token number(int start) {
        boolean decimal = false;
        while (at < length && isDigit(in.charAt(at))) {
            at++;
        }
        // "1..5" is 1 followed by "..": leave a second dot alone.
        if (at < length && in.charAt(at) == '.' && peekChar(1) != '.') {
            decimal = true;
            at++;
            while (at < length && isDigit(in.charAt(at))) {
                at++;
            }
        }
        if (at < length && (in.charAt(at) == 'e' || in.charAt(at) == 'E')) {
            int e = at + 1;
            if (e < length && (in.charAt(e) == '+' || in.charAt(e) == '-')) {
                e++;
            }
            if (e < length && isDigit(in.charAt(e))) {
                decimal = true;
                at = e;
                while (at < length && isDigit(in.charAt(at))) {
                    at++;
                }
            }
        }
        if (at < length && isIdentPart(in.charAt(at))) {
            int end = at;
            while (end < length && isIdentPart(in.charAt(end))) {
                end++;
            }
            throw SqlErrors.syntax("trailing junk after numeric literal at or near \"" + in.substring(start, end)
                    + "\"", position(start));
        }
        return new Token(decimal ? TokenType.DECIMAL : TokenType.INTEGER, in.substring(start, at), start, at, 0);
    }

    private SqlException syntaxAt(int start, int chars) {
        return SqlErrors.syntax("syntax error at or near \"" + in.substring(start, Math.min(length, start + chars))
                + "\"", position(start));
    }

    /** The start of the input from {@code start}, short enough for a message. */
    private String excerpt(int start) {
        int end = Math.min(length, start + 20);
        return in.substring(start, end) + (end < length ? "..." : "");
    }

    private char peekChar(int ahead) {
        int i = at + ahead;
        return i < length ? in.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c > 127 && Character.isLetter(c));
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$' || (c > 127 && Character.isLetterOrDigit(c));
    }
}
