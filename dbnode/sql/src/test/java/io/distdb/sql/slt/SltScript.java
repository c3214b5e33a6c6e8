package io.distdb.sql.slt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sqllogictest script ({@code .test} file) read into its records.
 *
 * <p>The format, as SQLite's runner reads it: records are separated by blank lines; a line starting with
 * {@code #} between records is a comment. A record is
 * <ul>
 *   <li>{@code statement ok} or {@code statement error}, then the SQL up to the end of the record;</li>
 *   <li>{@code query <types> [nosort|rowsort|valuesort] [label]}, where every type letter is {@code I}
 *       (integer), {@code R} (real) or {@code T} (text), then the SQL up to a {@code ----} line, then the
 *       expected values, one a line, or the single line {@code N values hashing to <md5>};</li>
 *   <li>{@code hash-threshold N}, {@code halt}.</li>
 * </ul>
 * Any record may be preceded by {@code skipif <db>} and {@code onlyif <db>} lines (anything after the
 * database name, usually a {@code #} comment, is ignored); they apply to that record only.
 */
public final class SltScript {

    /** A {@code skipif db} ({@code skip} true) or {@code onlyif db} line. */
    public record Condition(boolean skip, String db) {
        @Override
        public String toString() {
            return (skip ? "skipif " : "onlyif ") + db;
        }
    }

    /** How a query's values are put in order before comparing. */
    public enum Sort {
        NOSORT, ROWSORT, VALUESORT
    }

    /** One record, with the 1-based line of its first line (the first condition line when there is one). */
    public sealed interface Record permits Statement, Query, HashThreshold, Halt {
        int line();

        List<Condition> conditions();

        /**
         * Whether the record is for {@code db}, as the reference runner decides: not when a {@code skipif}
         * names it, nor when an {@code onlyif} names another database.
         */
        default boolean appliesTo(String db) {
            for (Condition c : conditions()) {
                if (c.skip() == c.db().equalsIgnoreCase(db)) {
                    return false;
                }
            }
            return true;
        }
    }

    public record Statement(int line, List<Condition> conditions, boolean expectOk, String sql)
            implements Record {
    }

    /**
     * A query. {@code types} is the type string ({@code IIT}), one letter a column; {@code label} is
     * {@code null} when there is none.
     */
    public record Query(int line, List<Condition> conditions, String types, Sort sort, String label, String sql,
                        Expected expected) implements Record {
    }

    public record HashThreshold(int line, List<Condition> conditions, int threshold) implements Record {
    }

    public record Halt(int line, List<Condition> conditions) implements Record {
    }

    /** What a query is expected to return. */
    public sealed interface Expected permits Values, Hash, Unchecked {
    }

    /** The values, in the order the sort mode leaves them. */
    public record Values(List<String> values) implements Expected {
    }

    /** {@code count values hashing to md5}. */
    public record Hash(int count, String md5) implements Expected {
        @Override
        public String toString() {
            return count + " values hashing to " + md5;
        }
    }

    /** No {@code ----} section: the query has only to run. */
    public record Unchecked() implements Expected {
    }

    /** A line the format does not allow. */
    public static final class ParseException extends IllegalArgumentException {
        public ParseException(String name, int line, String message) {
            super(name + ":" + line + ": " + message);
        }
    }

    static final Pattern HASH_LINE = Pattern.compile("(\\d+) values? hashing to ([0-9a-fA-F]{32})");

    private final String name;
    private final List<Record> records;

    private SltScript(String name, List<Record> records) {
        this.name = name;
        this.records = List.copyOf(records);
    }

    /** The name failures are reported under, such as {@code test/select1.test}. */
    public String name() {
        return name;
    }

    public List<Record> records() {
        return records;
    }

    /** This script cut after its first {@code n} records, for running a part of a long file. */
    public SltScript head(int n) {
        return new SltScript(name, records.subList(0, Math.min(n, records.size())));
    }

    public static SltScript parse(String name, InputStream in) throws IOException {
        return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    public static SltScript parse(String name, String text) {
        return new Parser(name, text).parse();
    }

    private static final class Parser {
        private final String name;
        private final String[] lines;
        private int next; // index of the next line to read

        Parser(String name, String text) {
            this.name = name;
            this.lines = text.isEmpty() ? new String[0] : text.split("\r?\n", -1);
        }

        SltScript parse() {
            List<Record> records = new ArrayList<>();
            List<Condition> conditions = new ArrayList<>();
            int conditionsLine = 0;
            while (next < lines.length) {
                int lineNo = next + 1;
                String line = lines[next++];
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] tokens = tokens(trimmed);
                int recordLine = conditions.isEmpty() ? lineNo : conditionsLine;
                switch (tokens[0]) {
                    case "skipif", "onlyif" -> {
                        if (tokens.length < 2) {
                            throw new ParseException(name, lineNo, tokens[0] + " without a database name");
                        }
                        if (conditions.isEmpty()) {
                            conditionsLine = lineNo;
                        }
                        conditions.add(new Condition(tokens[0].equals("skipif"), tokens[1]));
                        continue;
                    }
                    case "statement" -> {
                        boolean ok;
                        if (tokens.length >= 2 && tokens[1].equals("ok")) {
                            ok = true;
                        } else if (tokens.length >= 2 && tokens[1].equals("error")) {
                            ok = false;
                        } else {
                            throw new ParseException(name, lineNo, "expected 'statement ok' or 'statement error'");
                        }
                        String sql = String.join("\n", readUntilBlank(false));
                        if (sql.isEmpty()) {
                            throw new ParseException(name, lineNo, "statement without SQL");
                        }
                        records.add(new Statement(recordLine, List.copyOf(conditions), ok, sql));
                    }
                    case "query" -> records.add(query(tokens, lineNo, recordLine, List.copyOf(conditions)));
                    case "hash-threshold" -> {
                        if (tokens.length < 2) {
                            throw new ParseException(name, lineNo, "hash-threshold without a number");
                        }
                        int threshold;
                        try {
                            threshold = Integer.parseInt(tokens[1]);
                        } catch (NumberFormatException e) {
                            throw new ParseException(name, lineNo, "bad hash-threshold '" + tokens[1] + "'");
                        }
                        records.add(new HashThreshold(recordLine, List.copyOf(conditions), threshold));
                    }
                    case "halt" -> records.add(new Halt(recordLine, List.copyOf(conditions)));
                    default -> throw new ParseException(name, lineNo, "unknown record '" + trimmed + "'");
                }
                conditions.clear();
            }
            return new SltScript(name, records);
        }

        private Query query(String[] tokens, int lineNo, int recordLine, List<Condition> conditions) {
            if (tokens.length < 2) {
                throw new ParseException(name, lineNo, "query without a type string");
            }
            String types = tokens[1];
            for (int i = 0; i < types.length(); i++) {
                char c = types.charAt(i);
                if (c != 'I' && c != 'R' && c != 'T') {
                    throw new ParseException(name, lineNo, "unknown type character '" + c + "' in '" + types + "'");
                }
            }
            Sort sort = Sort.NOSORT;
            String label = null;
            if (tokens.length >= 3) {
                sort = switch (tokens[2]) {
                    case "nosort" -> Sort.NOSORT;
                    case "rowsort" -> Sort.ROWSORT;
                    case "valuesort" -> Sort.VALUESORT;
                    default -> throw new ParseException(name, lineNo, "unknown sort mode '" + tokens[2] + "'");
                };
            }
            if (tokens.length >= 4) {
                label = tokens[3];
            }
            List<String> sql = readUntilBlank(true);
            if (sql.isEmpty()) {
                throw new ParseException(name, lineNo, "query without SQL");
            }
            Expected expected;
            if (next < lines.length && lines[next].strip().equals("----")) {
                next++;
                List<String> values = readUntilBlank(false);
                Matcher m = values.size() == 1 ? HASH_LINE.matcher(values.get(0).strip()) : null;
                if (m != null && m.matches()) {
                    expected = new Hash(Integer.parseInt(m.group(1)), m.group(2).toLowerCase(Locale.ROOT));
                } else {
                    expected = new Values(List.copyOf(values));
                }
            } else {
                expected = new Unchecked();
            }
            return new Query(recordLine, conditions, types, sort, label, String.join("\n", sql), expected);
        }

        /** The lines up to the next blank line or end of file (and, for a query's SQL, up to {@code ----}). */
        private List<String> readUntilBlank(boolean stopAtSeparator) {
            List<String> out = new ArrayList<>();
            while (next < lines.length) {
                String line = lines[next];
                if (line.isBlank() || (stopAtSeparator && line.strip().equals("----"))) {
                    break;
                }
                out.add(line);
                next++;
            }
            return out;
        }

        private static String[] tokens(String trimmed) {
            return trimmed.split("\\s+");
        }
    }
}
