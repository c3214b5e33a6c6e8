package io.distdb.sql.parser;

/** The kinds of token the {@link Lexer} produces. */
public enum TokenType {
    /** An unquoted word: a keyword or an identifier, folded to lower case. */
    WORD,
    /** A {@code "quoted"} identifier, exactly as written (with {@code ""} read as one quote). */
    QUOTED_IDENT,
    /** A string constant ({@code '...'}, {@code E'...'}, {@code $$...$$}), its value decoded. */
    STRING,
    /** {@code X'0a1b'}: the text is the hexadecimal digits. */
    HEX_STRING,
    /** Digits only. */
    INTEGER,
    /** A number with a decimal point or an exponent. */
    DECIMAL,
    /** {@code ?}, {@code ?N} or {@code $N}; {@link Token#param()} is N, or 0 for a plain {@code ?}. */
    PARAM,
    /** An operator: {@code + - * / % ^ || = <> != < <= > >= -> ->> ::}. */
    OPERATOR,
    LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, SEMICOLON,
    EOF
}
