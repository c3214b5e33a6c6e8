package io.distdb.sql.types;

import io.distdb.sql.errors.SqlException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LikeTest {

    static boolean like(String s, String pattern) {
        return Like.compile(pattern, false).matches(s);
    }

    @Test
    void wildcards() {
        assertTrue(like("abc", "abc"));
        assertFalse(like("abc", "ab"));
        assertTrue(like("abc", "a%"));
        assertTrue(like("abc", "%c"));
        assertTrue(like("abc", "%b%"));
        assertTrue(like("abc", "a_c"));
        assertFalse(like("abc", "a_"));
        assertTrue(like("", "%"));
        assertFalse(like("", "_"));
        assertTrue(like("", ""));
        assertTrue(like("abc", "%%%"));
        assertTrue(like("aXbXc", "a%b%c"));
        assertFalse(like("acb", "a%b%c"));
        assertTrue(like("abab", "%ab"));
        assertFalse(like("ab", "a%%b%b"));
        assertTrue(like("line1\nline2", "line1%line2"));
        assertTrue(like("\uD83D\uDE00x", "_x"), "_ is one code point");
        assertTrue(like("mississippi", "%iss%ip%"));
        assertFalse(like("mississippi", "%iss%ipp%x"));
        assertTrue(like("aaa", "a%a%a"));
        assertFalse(like("aa", "a%a%a"));
    }

    @Test
    void escapes() {
        assertTrue(like("50%", "50\\%"));
        assertFalse(like("500", "50\\%"));
        assertTrue(like("a_b", "a\\_b"));
        assertFalse(like("axb", "a\\_b"));
        assertTrue(like("a\\b", "a\\\\b"));
        assertTrue(Like.compile("50#%", '#', false).matches("50%"));
        assertFalse(Like.compile("50#%", '#', false).matches("500"));
        assertTrue(Like.compile("a\\%", null, false).matches("a\\xyz"), "ESCAPE '' makes backslash ordinary");
        assertEquals('\\', Like.escapeOf(null));
        assertNull(Like.escapeOf(""));
        assertEquals('#', Like.escapeOf("#"));
        assertEquals("22025", assertThrows(SqlException.class, () -> Like.escapeOf("##")).sqlState());
        assertEquals("22025", assertThrows(SqlException.class, () -> Like.compile("abc\\", false)).sqlState());
    }

    @Test
    void caseInsensitive() {
        assertTrue(Like.compile("ABC%", true).matches("abcdef"));
        assertTrue(Like.compile("%straße", true).matches("STRASSE straße"));
        assertFalse(Like.compile("ABC%", false).matches("abcdef"));
        assertEquals("", Like.compile("ABC%", true).literalPrefix());
    }

    @Test
    void prefix() {
        assertEquals("abc", Like.compile("abc%", false).literalPrefix());
        assertEquals("a%b", Like.compile("a\\%b_c", false).literalPrefix());
        assertEquals("", Like.compile("%abc", false).literalPrefix());
        assertEquals("abc", Like.compile("abc", false).literalPrefix());
        assertFalse(Like.compile("abc", false).hasWildcards());
        assertTrue(Like.compile("a_c", false).hasWildcards());
    }

    @Test
    void pathologicalPatternsStayLinear() {
        String as = "a".repeat(100_000);
        assertFalse(like(as, "%a%a%a%a%a%b"));
        assertTrue(like(as + "b", "%a%a%a%a%a%b"));
        assertFalse(like(as, "%_%_%_%_%_%_b"));
        assertFalse(like(as, "a%aaaaaaaaaaaaaaaaaaaaaaaaab%a"));
    }
}
