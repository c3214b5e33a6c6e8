package io.distdb.pgwire.introspection;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One statement a client sent, as the recognizers read it: its text with every run of whitespace made one
 * space (psql indents with tabs and newlines, pgjdbc with runs of spaces), a lower-cased copy of the same
 * length to look for fragments in, and the bound parameters. The filters a client puts in a catalog query
 * are read from it: psql's regular expressions ({@code c.relname OPERATOR(pg_catalog.~) '^(t.*)$'}),
 * pgjdbc's {@code LIKE $1} / {@code = $2} / {@code = E'name'}, psql's {@code c.oid = '16385'}.
 */
final class QueryText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    final String text;
    final String lower;
    final List<Object> params;

    QueryText(String sql, List<Object> params) {
        this.text = normalize(sql);
        // Character by character, so that an index in one is the same place in the other.
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        this.lower = new String(chars);
        this.params = params == null ? List.of() : params;
    }

    static String normalize(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }

    boolean has(String fragment) {
        return lower.contains(fragment.toLowerCase(Locale.ROOT));
    }

    boolean hasAll(String... fragments) {
        for (String f : fragments) {
            if (!has(f)) {
                return false;
            }
        }
        return true;
    }

    boolean startsWith(String prefix) {
        return lower.startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    /** The text before the first occurrence of {@code fragment} (the select list before a FROM), or all of it. */
    String before(String fragment) {
        int i = lower.indexOf(fragment.toLowerCase(Locale.ROOT));
        return i < 0 ? lower : lower.substring(0, i);
    }

    /** {@link #before} in the original case (for quoted aliases). */
    String beforeAsWritten(String fragment) {
        return text.substring(0, before(fragment).length());
    }

    // ---- filters ----------------------------------------------------------------------------------------

    /**
     * psql's name filter {@code <column> OPERATOR(pg_catalog.~) '<regex>'}: psql has already translated its
     * pattern ({@code t*}, {@code public.t}, {@code "MyTable"}) into an anchored POSIX expression whose
     * syntax Java shares for everything psql produces (groups, {@code .*}, {@code .}, {@code \} escapes,
     * bracket lists). Absent: matches everything. An expression Java cannot compile matches nothing.
     */
    Predicate<String> regexFilter(String column) {
        String marker = column.toLowerCase(Locale.ROOT) + " operator(pg_catalog.~) ";
        int i = lower.indexOf(marker);
        if (i < 0) {
            return name -> true;
        }
        Optional<String> literal = literalAt(i + marker.length());
        if (literal.isEmpty()) {
            return name -> false;
        }
        try {
            Pattern p = Pattern.compile(literal.get());
            return name -> p.matcher(new BoundedName(name)).find();
        } catch (PatternSyntaxException e) {
            return name -> false;
        }
    }

    /** pgjdbc's {@code <column> LIKE <value>}: SQL LIKE with {@code \} as the escape. Absent: matches everything. */
    Predicate<String> likeFilter(String column) {
        Operand operand = operandAfter(column.toLowerCase(Locale.ROOT) + " like ");
        if (!operand.present()) {
            return name -> true;
        }
        if (operand.value() == null) {
            return name -> false;
        }
        Pattern p = Pattern.compile(likeToRegex(operand.value()), Pattern.DOTALL);
        return name -> p.matcher(new BoundedName(name)).matches();
    }

    /**
     * The most characters one match of a client's pattern may read from one name. psql's and pgjdbc's
     * patterns read a name a few times; a pattern that backtracks without end ({@code ^(.*a){20}b$},
     * {@code %a%a...%b}) would otherwise hold the connection's thread for good, out of reach of a cancel
     * request or a disconnect: past this, the statement fails.
     */
    static final long MATCH_READS = 1_000_000;

    /** A name that counts the characters a match reads and stops the match past {@link #MATCH_READS}. */
    private static final class BoundedName implements CharSequence {
        private final String name;
        private long reads;

        BoundedName(String name) {
            this.name = name;
        }

        @Override
        public int length() {
            return name.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads > MATCH_READS) {
                throw new SqlException("2201B", SqlErrors.GENERAL,
                        "invalid regular expression: matching it against a name takes too long");
            }
            return name.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return name.subSequence(start, end);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code <column> = <value>} (pgjdbc's exact names). Absent: matches everything. */
    Predicate<String> equalsFilter(String column) {
        Operand operand = operandAfter(column.toLowerCase(Locale.ROOT) + " = ");
        if (!operand.present()) {
            return name -> true;
        }
        return name -> operand.value() != null && operand.value().equals(name);
    }

    /** The number after {@code fragment} ({@code c.oid = '16385'} or {@code = 16385}), -1 if absent. */
    long oidAfter(String fragment) {
        int i = lower.indexOf(fragment.toLowerCase(Locale.ROOT));
        if (i < 0) {
            return -1;
        }
        int p = i + fragment.length();
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\'')) {
            p++;
        }
        int start = p;
        while (p < text.length() && Character.isDigit(text.charAt(p))) {
            p++;
        }
        if (p == start || p - start > 12) {
            return -1;
        }
        return Long.parseLong(text.substring(start, p));
    }

    /** What follows a filter's marker: whether the filter is there, and its value (null: NULL or unreadable). */
    private record Operand(boolean present, String value) {
    }

    /**
     * The operand after {@code marker}: a parameter {@code $n}, a string literal {@code '...'} or an escape
     * string {@code E'...'}. A parameter not bound yet (a Describe before Bind) is NULL.
     */
    private Operand operandAfter(String marker) {
        int i = lower.indexOf(marker);
        if (i < 0) {
            return new Operand(false, null);
        }
        int p = i + marker.length();
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.find(p) && m.start() == p && m.group(1).length() < 6) {
            int n = Integer.parseInt(m.group(1));
            Object v = n >= 1 && n <= params.size() ? params.get(n - 1) : null;
            return new Operand(true, v == null ? null : String.valueOf(v));
        }
        return new Operand(true, literalAt(p).orElse(null));
    }

    /** The string literal starting at {@code p} ({@code '...'} with {@code ''}, or {@code E'...'} with backslash escapes). */
    private Optional<String> literalAt(int p) {
        boolean escape = false;
        if (p < text.length() && (text.charAt(p) == 'E' || text.charAt(p) == 'e')) {
            escape = true;
            p++;
        }
        if (p >= text.length() || text.charAt(p) != '\'') {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (int k = p + 1; k < text.length(); k++) {
            char c = text.charAt(k);
            if (escape && c == '\\' && k + 1 < text.length()) {
                out.append(text.charAt(++k));
            } else if (c == '\'') {
                if (k + 1 < text.length() && text.charAt(k + 1) == '\'') {
                    out.append('\'');
                    k++;
                } else {
                    return Optional.of(out.toString());
                }
            } else {
                out.append(c);
            }
        }
        return Optional.empty();
    }

    /** A LIKE pattern as a Java regex: {@code %} any run, {@code _} one character, {@code \x} the character x. */
    static String likeToRegex(String like) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** Every string literal of the text that follows {@code marker}, in order (psql's {@code relkind IN ('r','p','')}). */
    List<String> literalsAfter(String marker, String until) {
        List<String> out = new ArrayList<>();
        int i = lower.indexOf(marker.toLowerCase(Locale.ROOT));
        if (i < 0) {
            return out;
        }
        int end = lower.indexOf(until.toLowerCase(Locale.ROOT), i + marker.length());
        if (end < 0) {
            end = text.length();
        }
        Matcher m = Pattern.compile("'([^']*)'").matcher(text.substring(i + marker.length(), end));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
