package io.distdb.sql.types;

import io.distdb.sql.errors.SqlException;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled LIKE / ILIKE pattern: {@code %} matches any run of characters, {@code _} exactly one character
 * (code point), the escape character (backslash unless ESCAPE says otherwise; none with {@code ESCAPE ''})
 * makes the next character literal. The pattern is split at {@code %} into segments; the first is anchored
 * at the start, the last at the end, the ones between are found left to right at their earliest place,
 * which is correct for patterns made of {@code %} and {@code _} alone and never backtracks: matching costs
 * at most the text length times the pattern length. ILIKE compares code points lower-cased
 * ({@link Character#toLowerCase(int)}).
 */
public final class Like {

    /** The escape character when there is no ESCAPE clause. */
    public static final Character DEFAULT_ESCAPE = '\\';

    /** A code point that stands for {@code _} in a compiled segment (no real code point is negative). */
    private static final int ANY = -1;

    private final int[][] segments;
    private final boolean caseInsensitive;
    private final String literalPrefix;
    private final boolean hasWildcards;

    private Like(int[][] segments, boolean caseInsensitive, String literalPrefix, boolean hasWildcards) {
        this.segments = segments;
        this.caseInsensitive = caseInsensitive;
        this.literalPrefix = literalPrefix;
        this.hasWildcards = hasWildcards;
    }

    /**
     * The escape character of an {@code ESCAPE} clause: {@link #DEFAULT_ESCAPE} without one ({@code null}),
     * no escape for {@code ''}, else its single character.
     *
     * @throws SqlException 22025 when the escape string is longer than one character
     */
    public static Character escapeOf(String escapeClause) {
        if (escapeClause == null) {
            return DEFAULT_ESCAPE;
        }
        if (escapeClause.isEmpty()) {
            return null;
        }
        if (escapeClause.codePointCount(0, escapeClause.length()) != 1 || escapeClause.length() != 1) {
            throw new SqlException("22025", "sql_error", "invalid escape string");
        }
        return escapeClause.charAt(0);
    }

    /** A pattern with the default escape (backslash). */
    public static Like compile(String pattern, boolean caseInsensitive) {
        return compile(pattern, DEFAULT_ESCAPE, caseInsensitive);
    }

    /**
     * @param escape the escape character, {@code null} for none
     * @throws SqlException 22025 when the pattern ends with the escape character
     */
    public static Like compile(String pattern, Character escape, boolean caseInsensitive) {
        List<int[]> segments = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        boolean inPrefix = true;
        boolean wildcards = false;
        int esc = escape == null ? -2 : escape;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == esc) {
                if (i >= pattern.length()) {
                    throw new SqlException("22025", "sql_error", "LIKE pattern must not end with escape character");
                }
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                current.add(caseInsensitive ? Character.toLowerCase(next) : next);
                if (inPrefix) {
                    prefix.appendCodePoint(next);
                }
            } else if (c == '%') {
                wildcards = true;
                inPrefix = false;
                segments.add(toArray(current));
                current.clear();
            } else if (c == '_') {
                wildcards = true;
                inPrefix = false;
                current.add(ANY);
            } else {
                current.add(caseInsensitive ? Character.toLowerCase(c) : c);
                if (inPrefix) {
                    prefix.appendCodePoint(c);
                }
            }
        }
        segments.add(toArray(current));
        return new Like(segments.toArray(new int[0][]), caseInsensitive, caseInsensitive ? "" : prefix.toString(), wildcards);
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    /** Whether the whole of {@code text} matches. */
    public boolean matches(String text) {
        int[] s = text.codePoints().toArray();
        if (caseInsensitive) {
            for (int i = 0; i < s.length; i++) {
                s[i] = Character.toLowerCase(s[i]);
            }
        }
        int[] first = segments[0];
        if (segments.length == 1) {
            return s.length == first.length && matchesAt(s, 0, first);
        }
        int[] last = segments[segments.length - 1];
        if (s.length < first.length + last.length || !matchesAt(s, 0, first)) {
            return false;
        }
        int end = s.length - last.length;
        if (!matchesAt(s, end, last)) {
            return false;
        }
        int pos = first.length;
        for (int k = 1; k < segments.length - 1; k++) {
            int[] seg = segments[k];
            int found = -1;
            for (int at = pos; at + seg.length <= end; at++) {
                if (matchesAt(s, at, seg)) {
                    found = at;
                    break;
                }
            }
            if (found < 0) {
                return false;
            }
            pos = found + seg.length;
        }
        return true;
    }

    private static boolean matchesAt(int[] s, int at, int[] seg) {
        for (int j = 0; j < seg.length; j++) {
            if (seg[j] != ANY && seg[j] != s[at + j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The literal text every match starts with (before the first {@code %} or {@code _}, escapes
     * resolved), for an index range; empty for ILIKE (case folding makes it no range).
     */
    public String literalPrefix() {
        return literalPrefix;
    }

    /** Whether the pattern has a {@code %} or {@code _}; without, LIKE is equality with {@link #literalPrefix}. */
    public boolean hasWildcards() {
        return hasWildcards;
    }
}
