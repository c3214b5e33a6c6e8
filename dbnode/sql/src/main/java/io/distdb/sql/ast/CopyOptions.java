package io.distdb.sql.ast;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the rows of a {@code COPY ... FROM STDIN} or {@code COPY ... TO STDOUT} are written as text, with
 * PostgreSQL's defaults: text format separates fields by a tab and writes NULL as {@code \N}; CSV separates
 * them by a comma, writes NULL as an empty unquoted field and quotes with {@code "} (which is also the
 * escape character unless ESCAPE names another). {@code header} skips (FROM) or writes (TO) a first line of
 * column names; {@code headerMatch} (FROM only) also checks that its names are the columns'. The encoding
 * is always UTF-8.
 *
 * <p>Build one with {@link Builder}: {@link Builder#build()} checks the combination as PostgreSQL does.
 */
public record CopyOptions(Format format, char delimiter, String nullString, boolean header, boolean headerMatch,
                          char quote, char escape) {

    public enum Format { TEXT, CSV }

    /** Text format with every default. */
    public static final CopyOptions TEXT = builder().build();
    /** CSV with every default. */
    public static final CopyOptions CSV = builder().format(Format.CSV).build();

    public CopyOptions {
        if (format == null || nullString == null) {
            throw new NullPointerException("format and nullString are required");
        }
    }

    public boolean csv() {
        return format == Format.CSV;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The options as a {@code WITH (...)} clause reads them back (defaults left out); empty when all are defaults. */
    public String toSql() {
        CopyOptions defaults = csv() ? CSV : TEXT;
        List<String> parts = new ArrayList<>();
        if (csv()) {
            parts.add("FORMAT csv");
        }
        if (delimiter != defaults.delimiter) {
            parts.add("DELIMITER " + literal(String.valueOf(delimiter)));
        }
        if (!nullString.equals(defaults.nullString)) {
            parts.add("NULL " + literal(nullString));
        }
        if (header) {
            parts.add(headerMatch ? "HEADER MATCH" : "HEADER");
        }
        if (csv() && quote != defaults.quote) {
            parts.add("QUOTE " + literal(String.valueOf(quote)));
        }
        if (csv() && escape != quote) {
            parts.add("ESCAPE " + literal(String.valueOf(escape)));
        }
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }

    /** A string constant: plain with doubled quotes, or an escape string when it holds a backslash or a control character. */
    private static String literal(String s) {
        boolean plain = s.chars().allMatch(c -> c >= 0x20 && c != '\\');
        if (plain) {
            return "'" + s.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder("E'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /**
     * Collects options one at a time as a statement names them (each at most once: 42601 "conflicting or
     * redundant options") and checks them together in {@link #build()}.
     */
    public static final class Builder {
        private Format format;
        private String delimiter;
        private String nullString;
        private Boolean header;
        private boolean headerMatch;
        private String quote;
        private String escape;

        private Builder() {
        }

        public Builder format(Format value) {
            once(format, "FORMAT");
            format = value;
            return this;
        }

        /** {@code FORMAT name}: text or csv; binary is refused (0A000). */
        public Builder format(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            switch (n) {
                case "text" -> format(Format.TEXT);
                case "csv" -> format(Format.CSV);
                case "binary" -> throw new SqlException("0A000", SqlErrors.UNSUPPORTED,
                        "COPY FORMAT binary is not supported: use text or csv");
                default -> throw new SqlException("22023", SqlErrors.GENERAL, "COPY format \"" + name + "\" not recognized");
            }
            return this;
        }

        public Builder delimiter(String value) {
            once(delimiter, "DELIMITER");
            delimiter = value;
            return this;
        }

        public Builder nullString(String value) {
            once(nullString, "NULL");
            nullString = value;
            return this;
        }

        public Builder header(boolean value) {
            once(header, "HEADER");
            header = value;
            return this;
        }

        /** {@code HEADER MATCH}: the header line is read and must name the columns, in order. */
        public Builder headerMatch() {
            header(true);
            headerMatch = true;
            return this;
        }

        public Builder quote(String value) {
            once(quote, "QUOTE");
            quote = value;
            return this;
        }

        public Builder escape(String value) {
            once(escape, "ESCAPE");
            escape = value;
            return this;
        }

        /** {@code ENCODING name}: only UTF-8 (spelled UTF8, UTF-8, utf8 ...); others are refused with 0A000. */
        public Builder encoding(String name) {
            String n = name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
            if (!n.equals("UTF8") && !n.equals("UNICODE")) {
                throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "COPY ENCODING '" + name
                        + "' is not supported: data is always read and written as UTF8");
            }
            return this;
        }

        private static void once(Object current, String option) {
            if (current != null) {
                throw SqlErrors.syntax("conflicting or redundant options (" + option + " given twice)", null);
            }
        }

        /** The options, checked: single one-byte characters, no newline, and the rules that keep them readable. */
        public CopyOptions build() {
            boolean csv = format == Format.CSV;
            char delim = single(delimiter, csv ? ',' : '\t', "delimiter");
            String nul = nullString != null ? nullString : csv ? "" : "\\N";
            if (quote != null && !csv) {
                throw invalid("0A000", "COPY QUOTE requires CSV mode");
            }
            if (escape != null && !csv) {
                throw invalid("0A000", "COPY ESCAPE requires CSV mode");
            }
            char q = single(quote, '"', "quote");
            char e = single(escape, q, "escape");
            if (delim == '\n' || delim == '\r') {
                throw invalid("22023", "COPY delimiter cannot be newline or carriage return");
            }
            if (nul.indexOf('\n') >= 0 || nul.indexOf('\r') >= 0) {
                throw invalid("22023", "COPY null representation cannot use newline or carriage return");
            }
            if (!csv && "\\.abcdefghijklmnopqrstuvwxyz0123456789".indexOf(delim) >= 0) {
                throw invalid("22023", "COPY delimiter cannot be \"" + delim + "\"");
            }
            if (csv && delim == q) {
                throw invalid("22023", "COPY delimiter and quote must be different");
            }
            if (nul.indexOf(delim) >= 0) {
                throw invalid("22023", "COPY delimiter character must not appear in the NULL specification");
            }
            if (csv && nul.indexOf(q) >= 0) {
                throw invalid("22023", "CSV quote character must not appear in the NULL specification");
            }
            return new CopyOptions(csv ? Format.CSV : Format.TEXT, delim, nul, header != null && header, headerMatch, q, e);
        }

        private static char single(String value, char otherwise, String what) {
            if (value == null) {
                return otherwise;
            }
            if (value.length() != 1 || value.charAt(0) >= 0x80) {
                throw invalid("0A000", "COPY " + what + " must be a single one-byte character");
            }
            return value.charAt(0);
        }

        private static SqlException invalid(String state, String message) {
            return new SqlException(state, state.equals("0A000") ? SqlErrors.UNSUPPORTED : SqlErrors.GENERAL, message);
        }
    }
}
