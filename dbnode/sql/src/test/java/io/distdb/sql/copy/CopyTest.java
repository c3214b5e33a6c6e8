package io.distdb.sql.copy;

import io.distdb.sql.ast.CopyOptions;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.parser.SqlPrinter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COPY's statement and its data formats, without an engine: parsing, the chunked decoder (every split of
 * the data into chunks reads the same rows) and the encoder. The statement against an engine is in
 * {@link CopyTestSessionTest}.
 */
class CopyTest {

    static final SqlParser PARSER = new SqlParser();

    static Statement.Copy copy(String sql) {
        return (Statement.Copy) PARSER.parseOne(sql);
    }

    static SqlException error(String sql) {
        return assertThrows(SqlException.class, () -> PARSER.parseOne(sql), sql);
    }

    /** Decodes {@code data} fed in the given chunk boundaries; each row as a list (NULL as null). */
    static List<List<String>> decode(CopyOptions options, byte[] data, int... cuts) {
        List<List<String>> rows = new ArrayList<>();
        CopyDecoder decoder = new CopyDecoder(options);
        CopyDecoder.RowSink sink = (fields, line) -> rows.add(Arrays.asList(fields));
        int from = 0;
        for (int cut : cuts) {
            decoder.accept(data, from, cut - from, sink);
            from = cut;
        }
        decoder.accept(data, from, data.length - from, sink);
        decoder.finish(sink);
        return rows;
    }

    static List<List<String>> decode(CopyOptions options, String data) {
        return decode(options, data.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> row(String... fields) {
        return Arrays.asList(fields);
    }

    static CopyOptions csv(String with) {
        return copy("COPY t FROM STDIN WITH (FORMAT csv" + (with.isEmpty() ? "" : ", " + with) + ")").options();
    }

    @Nested
    class Parsing {

        @Test
        void tableFromStdinWithDefaults() {
            Statement.Copy c = copy("COPY t FROM STDIN");
            assertEquals(new Statement.Copy("t", List.of(), null, true, CopyOptions.TEXT, 0), c);
            assertEquals('\t', c.options().delimiter());
            assertEquals("\\N", c.options().nullString());
            assertFalse(c.options().header());
            Statement.Copy csv = copy("copy s.t (a, \"B\") from stdin with (format csv)");
            assertEquals("s.t", csv.table());
            assertEquals(List.of("a", "B"), csv.columns());
            assertEquals(CopyOptions.CSV, csv.options());
            assertEquals(',', csv.options().delimiter());
            assertEquals("", csv.options().nullString());
            assertEquals('"', csv.options().quote());
            assertEquals('"', csv.options().escape());
        }

        @Test
        void everyOption() {
            CopyOptions o = copy("COPY t (a) FROM STDIN (FORMAT 'csv', HEADER true, DELIMITER ';', NULL 'NULL', QUOTE '''', "
                    + "ESCAPE '\\', ENCODING 'UTF8')").options();
            assertEquals(new CopyOptions(CopyOptions.Format.CSV, ';', "NULL", true, false, '\'', '\\'), o);
            assertTrue(copy("COPY t FROM STDIN (FORMAT csv, HEADER)").options().header());
            assertFalse(copy("COPY t FROM STDIN (FORMAT csv, HEADER off)").options().header());
            assertTrue(copy("COPY t FROM STDIN (FORMAT csv, HEADER 1)").options().header());
            assertTrue(copy("COPY t FROM STDIN (FORMAT csv, HEADER MATCH)").options().headerMatch());
            assertTrue(copy("COPY t FROM STDIN (HEADER)").options().header(), "text format takes HEADER too (PostgreSQL 15+)");
            assertEquals(CopyOptions.TEXT, copy("COPY t FROM STDIN (FORMAT text, ENCODING 'utf-8')").options());
        }

        @Test
        void olderOptionWords() {
            assertEquals(CopyOptions.builder().format(CopyOptions.Format.CSV).header(true).build(),
                    copy("COPY t FROM STDIN WITH CSV HEADER").options());
            assertEquals(CopyOptions.CSV, copy("COPY t TO STDOUT CSV").options());
            assertEquals(CopyOptions.builder().delimiter(",").nullString("").build(),
                    copy("COPY t FROM STDIN DELIMITER AS ',' NULL AS ''").options());
            assertEquals(CopyOptions.builder().format(CopyOptions.Format.CSV).quote("'").escape("\\").build(),
                    copy("COPY t FROM STDIN WITH CSV QUOTE AS '''' ESCAPE '\\'").options());
        }

        @Test
        void toStdout() {
            Statement.Copy t = copy("COPY t (a) TO STDOUT WITH (FORMAT csv, HEADER)");
            assertFalse(t.from());
            assertEquals("t", t.table());
            assertNull(t.query());
            Statement.Copy q = copy("COPY (SELECT a, b FROM t WHERE a > 1 ORDER BY a) TO STDOUT");
            assertNull(q.table());
            assertEquals("SELECT a, b FROM t WHERE (a > 1) ORDER BY a", SqlPrinter.print(new Statement.QueryStatement(q.query())));
            copy("COPY ((SELECT 1) UNION (SELECT 2)) TO STDOUT");
            copy("COPY (VALUES (1)) TO STDOUT;");
        }

        @Test
        void printsBackTheSameStatement() {
            for (String sql : List.of("COPY t FROM STDIN", "COPY t (a, \"B\") TO STDOUT WITH (FORMAT csv, HEADER)",
                    "COPY (SELECT 1) TO STDOUT", "COPY t FROM STDIN WITH (DELIMITER '|', NULL '', HEADER MATCH)",
                    "COPY t FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t', NULL 'n''a', ESCAPE E'\\\\')",
                    "COPY t FROM STDIN WITH (FORMAT csv, QUOTE '''', ESCAPE '\"')")) {
                Statement.Copy c = copy(sql);
                assertEquals(sql, SqlPrinter.print(c));
                assertEquals(c, copy(SqlPrinter.print(c)));
            }
        }

        @Test
        void filesAreRefused() {
            for (String sql : List.of("COPY t FROM '/tmp/t.csv'", "COPY t TO '/tmp/t.csv' CSV", "COPY t FROM PROGRAM 'cat x'",
                    "COPY (SELECT 1) TO '/tmp/x'")) {
                SqlException e = error(sql);
                assertEquals("0A000", e.sqlState());
                assertEquals("COPY to or from a file is not supported: use STDIN/STDOUT", e.getMessage());
            }
        }

        @Test
        void badOptions() {
            assertEquals("42601", error("COPY (SELECT 1) FROM STDIN").sqlState());
            assertEquals("42601", error("COPY t STDIN").sqlState());
            assertEquals("42601", error("COPY t FROM STDIN WITH").sqlState());
            assertEquals("42601", error("COPY t FROM STDIN (FORMAT csv, FORMAT text)").sqlState());
            assertEquals("42601", error("COPY t FROM STDIN (FORMAT)").sqlState());
            assertEquals("option \"bogus\" not recognized", error("COPY t FROM STDIN (bogus 1)").getMessage());
            assertEquals("0A000", error("COPY t FROM STDIN (FORMAT binary)").sqlState());
            assertEquals("0A000", error("COPY t FROM STDIN BINARY").sqlState());
            assertEquals("0A000", error("COPY t FROM STDIN (ENCODING 'LATIN1')").sqlState());
            assertEquals("0A000", error("COPY t FROM STDIN (FREEZE)").sqlState());
            assertEquals("0A000", error("COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE *)").sqlState());
            assertEquals("0A000", error("COPY t FROM STDIN (QUOTE '\"')").sqlState(), "QUOTE needs CSV");
            assertEquals("0A000", error("COPY t FROM STDIN (DELIMITER ',,')").sqlState());
            assertEquals("0A000", error("COPY t FROM STDIN (DELIMITER 'é')").sqlState());
            assertEquals("0A000", error("COPY t TO STDOUT (HEADER MATCH)").sqlState());
            assertEquals("0A000", error("COPY t FROM STDIN WHERE a > 1").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (FORMAT csv, DELIMITER '\"')").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (DELIMITER E'\\n')").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (DELIMITER 'a')").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (DELIMITER ',', NULL 'a,b')").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (FORMAT csv, NULL '\"')").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (FORMAT xml)").sqlState());
            assertEquals("22023", error("COPY t FROM STDIN (HEADER maybe)").sqlState());
        }

        @Test
        void copyIsStillAName() {
            assertEquals("copy", copy("COPY copy FROM STDIN").table());
            PARSER.parseOne("CREATE TABLE copy (id INTEGER)");
        }
    }

    @Nested
    class TextFormat {

        @Test
        void fieldsNullsAndEscapes() {
            assertEquals(List.of(row("1", "abc", null), row("2", "\t\n\\x", "")),
                    decode(CopyOptions.TEXT, "1\tabc\t\\N\n2\t\\t\\n\\\\x\t\n"));
            assertEquals(List.of(row("\b\f\u000b\r", "A", "A", "\u0004", "x", "xg", "q", "S", "\t")),
                    decode(CopyOptions.TEXT, "\\b\\f\\v\\r\t\\101\t\\x41\t\\x4\t\\x\t\\xg\t\\q\t\\123\t\\\t\n"));
            assertEquals(List.of(row("a\tb", "c")), decode(CopyOptions.TEXT, "a\\\tb\tc\n"), "an escaped delimiter is data");
            assertEquals(List.of(row("a\nb")), decode(CopyOptions.TEXT, "a\\\nb\n"), "an escaped newline is data");
            assertEquals(List.of(row("\\N"), row((String) null)), decode(CopyOptions.TEXT, "\\\\N\n\\N\n"),
                    "NULL is the field as written, before escapes");
            assertEquals(List.of(row("")), decode(CopyOptions.TEXT, "\n"), "an empty line is one empty field");
        }

        @Test
        void lineEndsAndTheEndMarker() {
            assertEquals(List.of(row("1", "a"), row("2", "b"), row("3", "c")), decode(CopyOptions.TEXT, "1\ta\r\n2\tb\r3\tc"));
            assertEquals(List.of(row("1"), row("2")), decode(CopyOptions.TEXT, "1\n2\n\\.\n3\n4\n"));
            assertEquals(List.of(row("1")), decode(CopyOptions.TEXT, "1\n\\."));
            assertEquals(List.of(row("1"), row("")), decode(CopyOptions.TEXT, "1\r\n\r\n"));
        }

        @Test
        void otherDelimiterAndNull() {
            CopyOptions o = copy("COPY t FROM STDIN (DELIMITER '|', NULL '')").options();
            assertEquals(List.of(row("a", null, "c|d", "\n")), decode(o, "a||c\\|d|\\\n"),
                    "an escaped line end at the end of the data");
            assertEquals(List.of(row("a", null)), decode(o, "a|\n"), "an empty field is the NULL string ''");
        }

        @Test
        void utf8AndBadBytes() {
            assertEquals(List.of(row("é", "日本語", "\uD83D\uDE00")), decode(CopyOptions.TEXT, "é\t日本語\t\uD83D\uDE00\n"));
            assertEquals(List.of(row("é")), decode(CopyOptions.TEXT, "\\303\\251\n"), "octal escapes give bytes");
            SqlException bad = assertThrows(SqlException.class,
                    () -> decode(CopyOptions.TEXT, new byte[] {'a', (byte) 0xc3, '(', '\n'}));
            assertEquals("22021", bad.sqlState());
            assertTrue(bad.getMessage().contains("0xc3 0x28"), bad.getMessage());
            assertEquals("22021", assertThrows(SqlException.class, () -> decode(CopyOptions.TEXT, "a\\0b\n")).sqlState());
        }
    }

    @Nested
    class CsvFormat {

        @Test
        void quotedFields() {
            assertEquals(List.of(row("1", "a,b", "say \"hi\"", null, "", "x")),
                    decode(CopyOptions.CSV, "1,\"a,b\",\"say \"\"hi\"\"\",,\"\",x\n"));
            assertEquals(List.of(row("multi\nline\r\nvalue", "2"), row("3", "4")),
                    decode(CopyOptions.CSV, "\"multi\nline\r\nvalue\",2\r\n3,4"));
            assertEquals(List.of(row("ab,c d", "e")), decode(CopyOptions.CSV, "a\"b,c\" d,e\n"), "quotes may open mid-field");
            assertEquals(List.of(row("a\\b", "\\N")), decode(CopyOptions.CSV, "a\\b,\\N\n"), "no backslash escapes in CSV");
            assertEquals(List.of(row(null, null)), decode(CopyOptions.CSV, ",\n"));
        }

        @Test
        void escapeAndQuoteOptions() {
            CopyOptions o = csv("ESCAPE '\\'");
            assertEquals(List.of(row("a\"b", "c\\d", "e\\f")), decode(o, "\"a\\\"b\",\"c\\\\d\",\"e\\f\"\n"));
            CopyOptions q = csv("QUOTE '''', DELIMITER ';', NULL 'NULL'");
            assertEquals(List.of(row("a;b", null, "NULL", "it's")), decode(q, "'a;b';NULL;'NULL';'it''s'\n"));
        }

        @Test
        void headerAndEndMarker() {
            List<String[]> headers = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            CopyDecoder d = new CopyDecoder(csv("HEADER"));
            CopyDecoder.RowSink sink = new CopyDecoder.RowSink() {
                @Override
                public void row(String[] fields, long line) {
                    rows.add(Arrays.asList(fields));
                    assertEquals(rows.size() + 1, line);
                }

                @Override
                public void header(String[] fields, long line) {
                    headers.add(fields);
                }
            };
            byte[] data = "id,name\n1,a\n2,b\n\\.\n3,c\n".getBytes(StandardCharsets.UTF_8);
            d.accept(data, 0, data.length, sink);
            d.finish(sink);
            assertEquals(1, headers.size());
            assertArrayEquals(new String[] {"id", "name"}, headers.get(0));
            assertEquals(List.of(row("1", "a"), row("2", "b")), rows);
            assertTrue(d.ended());
            assertEquals(List.of(row("\\.")), decode(CopyOptions.CSV, "\"\\.\"\n"), "a quoted \\. is data");
        }

        @Test
        void unterminatedQuote() {
            SqlException e = assertThrows(SqlException.class, () -> decode(CopyOptions.CSV, "1,\"abc\n2,3\n"));
            assertEquals("22P04", e.sqlState());
            assertTrue(e.getMessage().startsWith("unterminated CSV quoted field"), e.getMessage());
        }
    }

    @Nested
    class Encoding {

        private String encode(CopyOptions o, Object... values) {
            return new String(new CopyEncoder(o).row(values), StandardCharsets.UTF_8);
        }

        @Test
        void textEscapes() {
            assertEquals("1\tt\t\\N\ta\\tb\\nc\\\\d\\re\\bf\\fg\\vh\n",
                    encode(CopyOptions.TEXT, 1L, true, null, "a\tb\nc\\d\re\bf\fg\u000bh"));
            assertEquals("a\\|b|\n", encode(copy("COPY t TO STDOUT (DELIMITER '|')").options(), "a|b", ""));
            assertEquals("x\u0001y\n", encode(CopyOptions.TEXT, "x\u0001y"), "other control characters as they are");
        }

        @Test
        void csvQuoting() {
            assertEquals("1,,\"\",\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",plain,f\n",
                    encode(CopyOptions.CSV, 1L, null, "", "a,b", "say \"hi\"", "x\ny", "plain", false));
            assertEquals("\"\\.\"\n", encode(CopyOptions.CSV, "\\."), "\\. alone is quoted");
            assertEquals("\\.,a\n", encode(CopyOptions.CSV, "\\.", "a"));
            assertEquals("\"a\\\"b\\\\c\",d\\e\n", encode(csv("ESCAPE '\\'"), "a\"b\\c", "d\\e"));
            assertEquals("NULL;\"NULL\"\n", encode(csv("DELIMITER ';', NULL 'NULL'"), null, "NULL"));
            assertEquals("id,\"a,b\"\n", new String(new CopyEncoder(CopyOptions.CSV).header(List.of("id", "a,b")),
                    StandardCharsets.UTF_8));
        }
    }

    /** Random rows, encoded, read back the same whatever chunks the bytes arrive in. */
    @Nested
    class ChunkedRoundTrip {

        private static final String ALPHABET = "ab,;|\t\n\r\\\"'. Né日\uD83D\uDE00N\\.x";

        private List<String[]> randomRows(Random random, int count, int width) {
            List<String[]> rows = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                String[] row = new String[width];
                for (int c = 0; c < width; c++) {
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        row[c] = null;
                    } else if (kind == 1) {
                        row[c] = "";
                    } else if (kind == 2) {
                        row[c] = "\\.";
                    } else {
                        StringBuilder s = new StringBuilder();
                        int n = random.nextInt(8);
                        for (int i = 0; i < n; i++) {
                            int p = random.nextInt(ALPHABET.length());
                            char ch = ALPHABET.charAt(p);
                            s.append(ch);
                            if (Character.isHighSurrogate(ch)) {
                                s.append(ALPHABET.charAt(p + 1));
                            } else if (Character.isLowSurrogate(ch)) {
                                s.setLength(s.length() - 1);
                            }
                        }
                        row[c] = s.toString();
                    }
                }
                rows.add(row);
            }
            return rows;
        }

        private void check(CopyOptions options, long seed) {
            Random random = new Random(seed);
            int width = 1 + random.nextInt(3);
            List<String[]> rows = randomRows(random, 25, width);
            CopyEncoder encoder = new CopyEncoder(options);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                names.add("c" + c);
            }
            if (options.header()) {
                out.writeBytes(encoder.header(names));
            }
            for (String[] row : rows) {
                out.writeBytes(encoder.row(row));
            }
            byte[] data = out.toByteArray();
            List<List<String>> expected = new ArrayList<>();
            for (String[] row : rows) {
                expected.add(Arrays.asList(row));
            }
            assertEquals(expected, decode(options, data), "whole, " + options);
            for (int cut = 0; cut <= data.length; cut++) {
                assertEquals(expected, decode(options, data, cut), "cut at " + cut + ", " + options);
            }
            int[] everyByte = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                everyByte[i] = i;
            }
            assertEquals(expected, decode(options, data, everyByte), "one byte at a time, " + options);
            int[] randomCuts = random.ints(8, 0, data.length + 1).sorted().toArray();
            assertEquals(expected, decode(options, data, randomCuts), "cuts " + Arrays.toString(randomCuts) + ", " + options);
        }

        @Test
        void text() {
            for (long seed = 1; seed <= 12; seed++) {
                check(CopyOptions.TEXT, seed);
                check(copy("COPY t FROM STDIN (DELIMITER ',', NULL 'nul', HEADER)").options(), seed);
            }
        }

        @Test
        void csv() {
            for (long seed = 1; seed <= 12; seed++) {
                check(CopyOptions.CSV, seed);
                check(CopyTest.csv("HEADER, DELIMITER '|', NULL 'N'"), seed);
                check(CopyTest.csv("QUOTE '''', ESCAPE '\\'"), seed);
                check(CopyTest.csv("DELIMITER E'\\t'"), seed);
            }
        }
    }
}
