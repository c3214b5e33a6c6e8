package io.distdb.sql.copy;

import io.distdb.sql.ast.CopyOptions;
import io.distdb.sql.types.Values;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows as the lines of a {@code COPY ... TO STDOUT}, each ending with {@code \n}, in UTF-8. Values
 * take their PostgreSQL output form ({@link Values#toOutputText}: booleans {@code t}/{@code f}, timestamps
 * {@code 2024-01-02 03:04:05+00} ...).
 *
 * <p>Text format: NULL is the NULL string; backslash, newline, carriage return, tab, backspace, form feed,
 * vertical tab and the delimiter are escaped with a backslash, as PostgreSQL writes them. CSV: NULL is the
 * NULL string unquoted; a value is quoted when it holds the delimiter, the quote character, a newline or a
 * carriage return, when it equals the NULL string (so an empty string is {@code ""}), or when it is
 * {@code \.} alone in a one-column row; inside quotes a quote or escape character is preceded by the escape character.
 */
public final class CopyEncoder {

    private final CopyOptions options;
    private final StringBuilder out = new StringBuilder(128);

    public CopyEncoder(CopyOptions options) {
        this.options = options;
    }

    /** The header line: the column names, as a row of text. */
    public byte[] header(List<String> names) {
        return line(names.toArray());
    }

    /** One row (values of the engine's types, {@code null} for NULL) as one line. */
    public byte[] row(Object[] values) {
        out.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(options.delimiter());
            }
            Object v = values[i];
            if (v == null) {
                out.append(options.nullString());
            } else if (options.csv()) {
                csv(Values.toOutputText(v), values.length == 1);
            } else {
                text(Values.toOutputText(v));
            }
        }
        out.append('\n');
        return bytes();
    }

    private byte[] line(Object[] texts) {
        out.setLength(0);
        for (int i = 0; i < texts.length; i++) {
            if (i > 0) {
                out.append(options.delimiter());
            }
            String s = (String) texts[i];
            if (options.csv()) {
                csv(s, texts.length == 1);
            } else {
                text(s);
            }
        }
        out.append('\n');
        return bytes();
    }

    private byte[] bytes() {
        int n = out.length();
        for (int i = 0; i < n; i++) {
            if (out.charAt(i) >= 0x80) {
                return out.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) out.charAt(i);
        }
        return b;
    }

    private void text(String s) {
        char delim = options.delimiter();
        int clean = 0;
        int n = s.length();
        while (clean < n) {
            char c = s.charAt(clean);
            if (c < 0x20 || c == '\\' || c == delim) {
                break;
            }
            clean++;
        }
        // Most values need no escape: append them whole rather than a character at a time.
        out.append(s, 0, clean);
        for (int i = clean; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case 0x0b -> out.append("\\v");
                    default -> {
                        if (c == delim) {
                            out.append('\\');
                        }
                        out.append(c);
                    }
                }
            } else if (c == '\\' || c == delim) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
    }

    private void csv(String s, boolean onlyColumn) {
        char delim = options.delimiter();
        char quote = options.quote();
        char escape = options.escape();
        boolean needsQuotes = s.equals(options.nullString()) || onlyColumn && s.equals("\\.");
        for (int i = 0, n = s.length(); i < n && !needsQuotes; i++) {
            char c = s.charAt(i);
            needsQuotes = c == delim || c == quote || c == '\n' || c == '\r';
        }
        if (!needsQuotes) {
            out.append(s);
            return;
        }
        out.append(quote);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == quote || c == escape) {
                out.append(escape);
            }
            out.append(c);
        }
        out.append(quote);
    }
}
