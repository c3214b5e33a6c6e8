package io.distdb.server.sql.expr;

import java.util.regex.Pattern;

/** LIKE patterns: {@code %} any run, {@code _} one character, backslash escapes the next character. */
public final class Like {

    private Like() {
    }

    public static Pattern compile(String pattern, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }

    /** The literal text before the first wildcard, for an index range; empty when the pattern starts with one. */
    public static String literalPrefix(String pattern) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                prefix.append(pattern.charAt(++i));
            } else if (c == '%' || c == '_') {
                break;
            } else {
                prefix.append(c);
            }
        }
        return prefix.toString();
    }
}
