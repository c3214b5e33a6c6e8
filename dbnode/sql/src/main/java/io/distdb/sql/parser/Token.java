package io.distdb.sql.parser;

/**
 * One token: its kind, its text (the folded word, the identifier, the decoded string, the digits or the
 * operator), where it starts and ends in the input (0-based, end exclusive), and for a parameter its
 * position (0 for a plain {@code ?}).
 */
public record Token(TokenType type, String text, int start, int end, int param) {

    /** Whether this is the unquoted word {@code word} (given in lower case): how keywords are recognised. */
    public boolean isWord(String word) {
        return type == TokenType.WORD && text.equals(word);
    }

    public boolean isOperator(String op) {
        return type == TokenType.OPERATOR && text.equals(op);
    }
}
