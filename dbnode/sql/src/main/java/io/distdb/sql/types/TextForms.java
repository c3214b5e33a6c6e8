package io.distdb.sql.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text forms of values: PostgreSQL's input and output functions for each type. */
final class TextForms {

    /** Reads JSON as jsonb does: numbers keep their digits (BigDecimal), trailing content is an error. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:[Tt ]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d*))?)?)?"
                    + "\\s*(Z|z|UTC|utc|GMT|gmt|[+-]\\d{1,2}(?::?\\d{2})?(?::?\\d{2})?)?"
                    + "(\\s+(?:BC|bc))?");

    private TextForms() {
    }

    // ---- output ----

    static String format(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return v.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof BigDecimal d) {
            return formatNumeric(d);
        }
        if (v instanceof LocalDate d) {
            return formatDate(d);
        }
        if (v instanceof Instant t) {
            return formatTimestamp(t);
        }
        if (v instanceof Bytes b) {
            return b.toString();
        }
        if (v instanceof JsonNode j) {
            return formatJson(j);
        }
        throw new IllegalArgumentException("not a SQL value: " + v.getClass());
    }

    static String formatNumeric(BigDecimal d) {
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    /**
     * The shortest decimal that reads back as the same double, laid out as PostgreSQL 12+ prints float8:
     * plain notation for decimal exponents -4..14, otherwise {@code 1.5e+20} / {@code 1e-05}.
     */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal b = shortest(d);
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 15) {
            StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int e = Math.abs(exponent);
            out.append('e').append(exponent < 0 ? '-' : '+');
            if (e < 10) {
                out.append('0');
            }
            return out.append(e).toString();
        }
        return b.toPlainString();
    }

    /** Double.toString is the shortest round trip from JDK 19 on; before, it may carry a digit too many. */
    private static BigDecimal shortest(double d) {
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        outer:
        while (b.precision() > 1) {
            MathContext shorter = new MathContext(b.precision() - 1, RoundingMode.HALF_EVEN);
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP}) {
                BigDecimal candidate = b.round(new MathContext(shorter.getPrecision(), mode));
                if (candidate.doubleValue() == d) {
                    b = candidate.stripTrailingZeros();
                    continue outer;
                }
            }
            break;
        }
        return b;
    }

    static String formatDate(LocalDate d) {
        StringBuilder out = new StringBuilder(13);
        appendDate(out, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        if (d.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    private static void appendDate(StringBuilder out, int year, int month, int day) {
        int y = year <= 0 ? 1 - year : year;
        pad(out, y, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2);
    }

    private static StringBuilder pad(StringBuilder out, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }

    /** {@code 2024-01-02 03:04:05+00}, with up to six fraction digits (trailing zeros dropped) when present. */
    static String formatTimestamp(Instant t) {
        LocalDateTime l = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(32);
        appendDate(out, l.getYear(), l.getMonthValue(), l.getDayOfMonth());
        out.append(' ');
        pad(out, l.getHour(), 2).append(':');
        pad(out, l.getMinute(), 2).append(':');
        pad(out, l.getSecond(), 2);
        int micros = l.getNano() / 1000;
        if (micros != 0) {
            StringBuilder f = pad(new StringBuilder(), micros, 6);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(f, 0, end);
        }
        out.append("+00");
        if (l.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    /** Compact JSON text; numbers as their decimal digits (no exponent). */
    static String formatJson(JsonNode j) {
        StringBuilder out = new StringBuilder();
        appendJson(out, j);
        return out.toString();
    }

    private static void appendJson(StringBuilder out, JsonNode j) {
        if (j.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(TextNode.valueOf(e.getKey()).toString()).append(':');
                appendJson(out, e.getValue());
            }
            out.append('}');
        } else if (j.isArray()) {
            out.append('[');
            for (int i = 0; i < j.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendJson(out, j.get(i));
            }
            out.append(']');
        } else if (j.isBigDecimal()) {
            out.append(formatNumeric(j.decimalValue()));
        } else if (j.isMissingNode()) {
            out.append("null");
        } else {
            out.append(j.toString());
        }
    }

    // ---- input ----

    static Object parse(String s, SqlType type) {
        return switch (type) {
            case TEXT, UNKNOWN -> s;
            case BOOLEAN -> parseBoolean(s);
            case SMALLINT, INTEGER, BIGINT -> parseInteger(s, type);
            case DOUBLE -> parseDouble(s);
            case NUMERIC -> parseNumeric(s);
            case DATE -> parseDate(s);
            case TIMESTAMP -> parseTimestamp(s);
            case BYTEA -> parseBytea(s);
            case JSON -> parseJson(s);
        };
    }

    static SqlException invalid(SqlType type, String s) {
        if (type == SqlType.DATE || type == SqlType.TIMESTAMP) {
            // PostgreSQL's date/time input reports invalid_datetime_format
            return new SqlException("22007", SqlErrors.TYPE_MISMATCH, "invalid input syntax for type " + type.sqlName() + ": \"" + s + "\"");
        }
        return SqlErrors.invalidText("invalid input syntax for type " + type.sqlName() + ": \"" + s + "\"");
    }

    /** PostgreSQL's boolean input: t/true/y/yes/on/1 and f/false/n/no/off/0, any unique prefix, any case. */
    static Boolean parseBoolean(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
            switch (t.charAt(0)) {
                case 't' -> {
                    if ("true".startsWith(t)) {
                        return true;
                    }
                }
                case 'f' -> {
                    if ("false".startsWith(t)) {
                        return false;
                    }
                }
                case 'y' -> {
                    if ("yes".startsWith(t)) {
                        return true;
                    }
                }
                case 'n' -> {
                    if ("no".startsWith(t)) {
                        return false;
                    }
                }
                case 'o' -> {
                    if (t.length() >= 2 && "on".startsWith(t)) {
                        return true;
                    }
                    if (t.length() >= 2 && "off".startsWith(t)) {
                        return false;
                    }
                }
                case '1' -> {
                    if (t.length() == 1) {
                        return true;
                    }
                }
                case '0' -> {
                    if (t.length() == 1) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        throw invalid(SqlType.BOOLEAN, s);
    }

    static Long parseInteger(String s, SqlType type) {
        String t = s.strip();
        if (!INTEGER.matcher(t).matches()) {
            throw invalid(type, s);
        }
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw SqlErrors.outOfRange("value \"" + s + "\" is out of range for type " + type.sqlName());
        }
        if (!Numbers.fits(v, type)) {
            throw SqlErrors.outOfRange("value \"" + s + "\" is out of range for type " + type.sqlName());
        }
        return v;
    }

    static Double parseDouble(String s) {
        String t = s.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "infinity", "+infinity", "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-infinity", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw invalid(SqlType.DOUBLE, s);
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d) || (d == 0 && hasNonZeroDigit(t))) {
            throw SqlErrors.outOfRange("\"" + s + "\" is out of range for type double precision");
        }
        return d;
    }

    /**
     * Whether a decimal's digits before its exponent hold anything but zeros: a value that parses to 0 while
     * this is true underflowed. Read from the text, because a BigDecimal cannot hold every exponent a client
     * may write ({@code 1e-99999999999}).
     */
    private static boolean hasNonZeroDigit(String decimal) {
        for (int i = 0; i < decimal.length(); i++) {
            char c = decimal.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Decimal digits with an optional exponent; NaN and Infinity have no BigDecimal form and are refused (0A000). */
    static BigDecimal parseNumeric(String s) {
        String t = s.strip();
        if (!DECIMAL.matcher(t).matches()) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.matches("[+-]?(nan|inf|infinity)")) {
                throw SqlErrors.unsupported("numeric " + t);
            }
            throw invalid(SqlType.NUMERIC, s);
        }
        try {
            return Numbers.normalize(new BigDecimal(t));
        } catch (NumberFormatException | ArithmeticException e) {
            throw SqlErrors.outOfRange("value overflows numeric format");
        }
    }

    static LocalDate parseDate(String s) {
        Matcher m = DATE_TIME.matcher(s.strip());
        if (!m.matches()) {
            throw invalid(SqlType.DATE, s);
        }
        return date(m, s);
    }

    private static LocalDate date(Matcher m, String s) {
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(9) != null) {
                year = 1 - year;
            }
            return LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException | NumberFormatException e) {
            throw new SqlException("22008", SqlErrors.TYPE_MISMATCH, "date/time field value out of range: \"" + s + "\"");
        }
    }

    /**
     * ISO-8601 with {@code T} or a space between date and time, optional seconds and fraction (rounded to
     * microseconds), optional zone {@code Z}/{@code UTC}/{@code +02}/{@code +02:00}/{@code +0200}; without a
     * zone the time is UTC. A date alone is its midnight.
     */
    static Instant parseTimestamp(String s) {
        Matcher m = DATE_TIME.matcher(s.strip());
        if (!m.matches()) {
            throw invalid(SqlType.TIMESTAMP, s);
        }
        LocalDate date = date(m, s);
        long seconds = date.toEpochDay() * 86_400L;
        long nanos = 0;
        if (m.group(4) != null) {
            int hour = Integer.parseInt(m.group(4));
            int minute = Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            String fraction = m.group(7) == null ? "" : m.group(7);
            boolean midnight24 = hour == 24 && minute == 0 && second == 0 && fraction.chars().allMatch(c -> c == '0');
            if ((hour > 23 && !midnight24) || minute > 59 || second > 60) {
                throw new SqlException("22008", SqlErrors.TYPE_MISMATCH, "date/time field value out of range: \"" + s + "\"");
            }
            seconds += hour * 3600L + minute * 60L + second;
            if (!fraction.isEmpty()) {
                BigDecimal f = new BigDecimal("0." + fraction).setScale(6, RoundingMode.HALF_UP);
                nanos = f.movePointRight(9).longValueExact();
            }
        }
        String zone = m.group(8);
        if (zone != null && (zone.charAt(0) == '+' || zone.charAt(0) == '-')) {
            String digits = zone.substring(1).replace(":", "");
            int hours;
            int minutes = 0;
            int secs = 0;
            if (digits.length() <= 2) {
                hours = Integer.parseInt(digits);
            } else {
                int hl = digits.length() % 2 == 1 ? 1 : 2;
                hours = Integer.parseInt(digits.substring(0, hl));
                minutes = Integer.parseInt(digits.substring(hl, hl + 2));
                if (digits.length() >= hl + 4) {
                    secs = Integer.parseInt(digits.substring(hl + 2, hl + 4));
                }
            }
            if (hours > 15 || minutes > 59 || secs > 59) {
                throw invalid(SqlType.TIMESTAMP, s);
            }
            long offset = hours * 3600L + minutes * 60L + secs;
            seconds -= zone.charAt(0) == '-' ? -offset : offset;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@code \x} followed by hex digit pairs, or the escape format (text bytes; {@code \\} and {@code \ooo} octal). */
    static Bytes parseBytea(String s) {
        if (s.startsWith("\\x") || s.startsWith("\\X")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 2);
            int i = 2;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    i++;
                    continue;
                }
                int hi = Character.digit(c, 16);
                if (hi < 0) {
                    throw SqlErrors.invalidText("invalid hexadecimal digit: \"" + c + "\"");
                }
                if (i + 1 >= s.length()) {
                    throw SqlErrors.invalidText("invalid hexadecimal data: odd number of digits");
                }
                int lo = Character.digit(s.charAt(i + 1), 16);
                if (lo < 0) {
                    throw SqlErrors.invalidText("invalid hexadecimal digit: \"" + s.charAt(i + 1) + "\"");
                }
                out.write(hi << 4 | lo);
                i += 2;
            }
            return new Bytes(out.toByteArray());
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b != '\\') {
                out.write(b);
            } else if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < utf8.length && octal(utf8[i + 1], '3') && octal(utf8[i + 2], '7') && octal(utf8[i + 3], '7')) {
                out.write(((utf8[i + 1] - '0') << 6) | ((utf8[i + 2] - '0') << 3) | (utf8[i + 3] - '0'));
                i += 3;
            } else {
                throw invalid(SqlType.BYTEA, s);
            }
        }
        return new Bytes(out.toByteArray());
    }

    private static boolean octal(byte b, char max) {
        return b >= '0' && b <= max;
    }

    static JsonNode parseJson(String s) {
        try {
            JsonNode node = JSON.readTree(s);
            if (node == null || node.isMissingNode()) {
                throw invalidJson(s);
            }
            checkNumbers(node, s);
            return node;
        } catch (JsonProcessingException e) {
            throw invalidJson(s);
        } catch (NumberFormatException e) {
            // Valid JSON syntax, but a number no BigDecimal holds (an exponent of thousands of digits):
            // PostgreSQL's jsonb refuses it the same way, as a value out of range.
            throw SqlErrors.outOfRange("number in json out of range: \"" + shorten(s) + "\"");
        }
    }

    /**
     * Every number in a jsonb value must be one NUMERIC can hold, as in PostgreSQL: {@code 1e999999999} is
     * eleven characters of valid JSON that no later step could print or compute with.
     */
    private static void checkNumbers(JsonNode node, String s) {
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue();
            if ((long) d.precision() - d.scale() > Numbers.MAX_DIGITS || d.scale() > Numbers.MAX_STORED_SCALE) {
                throw SqlErrors.outOfRange("number in json out of range: \"" + shorten(s) + "\"");
            }
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) {
                checkNumbers(child, s);
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static SqlException invalidJson(String s) {
        return SqlErrors.invalidText("invalid input syntax for type json: \"" + shorten(s) + "\"");
    }
}
