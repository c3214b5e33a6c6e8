package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LexerTest {

    private static List<String> tokens(String sql) {
        Lexer lexer = new Lexer(sql);
        List<String> out = new ArrayList<>();
        for (Token t = lexer.next(); t.type() != TokenType.EOF; t = lexer.next()) {
            out.add(t.type() + ":" + t.text() + (t.param() > 0 ? "#" + t.param() : ""));
        }
        return out;
    }

    private static SqlException lexError(String sql) {
        return assertThrows(SqlException.class, () -> tokens(sql));
    }

    @Test
    void wordsFoldAndQuotedIdentifiersKeepTheirCase() {
        // Only ASCII letters fold, as in PostgreSQL with a multi-byte encoding.
        assertEquals(List.of("WORD:select", "WORD:abc_1$", "QUOTED_IDENT:MiXed\"Case", "WORD:ÜnÏ"),
                tokens("SELECT Abc_1$ \"MiXed\"\"Case\" ÜNÏ"));
    }

    @Test
    void numbers() {
        assertEquals(List.of("INTEGER:42", "DECIMAL:1.5", "DECIMAL:.5", "DECIMAL:1.", "DECIMAL:1e10", "DECIMAL:2.5E-3",
                "INTEGER:1", "DOT:.", "DECIMAL:.2"), tokens("42 1.5 .5 1. 1e10 2.5E-3 1..2"));
        assertEquals("42601", lexError("SELECT 12abc").sqlState());
    }

    @Test
    void strings() {
        assertEquals(List.of("STRING:it's", "STRING:a\\x0a", "STRING:ab"), tokens("'it''s' 'a\\x0a' 'a'\n  'b'"));
        assertEquals(List.of("STRING:a\nb\t\\'c\u0001A"), tokens("E'a\\nb\\t\\\\\\'c\\x01\\101'"));
        assertEquals(List.of("HEX_STRING:0a1b"), tokens("X'0A1b'"));
        assertEquals(List.of("STRING:a'b$c", "STRING:x"), tokens("$$a'b$c$$ $tag$x$tag$"));
        // Strings on one line are not continued.
        assertEquals(List.of("STRING:a", "STRING:b"), tokens("'a' 'b'"));
    }

    @Test
    void operatorsAndPunctuation() {
        assertEquals(List.of("OPERATOR:+", "OPERATOR:-", "OPERATOR:*", "OPERATOR:/", "OPERATOR:%", "OPERATOR:^",
                        "OPERATOR:||", "OPERATOR:=", "OPERATOR:<>", "OPERATOR:<>", "OPERATOR:<", "OPERATOR:<=",
                        "OPERATOR:>", "OPERATOR:>=", "OPERATOR:->", "OPERATOR:->>", "OPERATOR:::", "LPAREN:(",
                        "RPAREN:)", "COMMA:,", "DOT:.", "SEMICOLON:;", "LBRACKET:[", "RBRACKET:]"),
                tokens("+ - * / % ^ || = <> != < <= > >= -> ->> :: ( ) , . ; [ ]"));
        assertEquals(List.of("WORD:a", "OPERATOR:<", "OPERATOR:-", "INTEGER:1"), tokens("a<-1"));
    }

    @Test
    void parameters() {
        assertEquals(List.of("PARAM:?", "PARAM:?3#3", "PARAM:$12#12"), tokens("? ?3 $12"));
        assertEquals("42601", lexError("$0").sqlState());
        assertEquals("42601", lexError("$99999999999").sqlState());
    }

    @Test
    void comments() {
        assertEquals(List.of("INTEGER:1", "INTEGER:2", "INTEGER:3"), tokens("1 -- one\n2 /* a /* nested */ b */ 3 --"));
    }

    @Test
    void errorsArePositioned() {
        SqlException e = lexError("SELECT 1,\n  'abc");
        assertEquals("42601", e.sqlState());
        assertEquals(new SqlException.Position(2, 3, 12), e.position());
        e = lexError("SELECT /* /* */");
        assertEquals(new SqlException.Position(1, 8, 7), e.position());
        e = lexError("SELECT 1 # 2");
        assertEquals("syntax error at or near \"#\"", e.getMessage());
        assertEquals(10, e.position().column());
        assertEquals("42601", lexError("SELECT \"abc").sqlState());
        assertEquals("42601", lexError("SELECT X'0g'").sqlState());
        assertEquals("42601", lexError("SELECT X'abc'").sqlState());
        assertEquals("42601", lexError("SELECT E'abc\\'").sqlState());
        assertEquals("42601", lexError("SELECT $a").sqlState());
        assertEquals("42601", lexError("SELECT $$abc").sqlState());
    }
}
