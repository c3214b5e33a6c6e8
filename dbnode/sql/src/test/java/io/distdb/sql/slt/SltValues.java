package io.distdb.sql.slt;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.types.Bytes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a result value becomes the text a script compares, and how those texts are sorted and hashed, as
 * SQLite's sqllogictest runner does it.
 *
 * <ul>
 *   <li>NULL is {@code NULL} in every column; an empty text is {@code (empty)}; every character outside
 *       printable ASCII ({@code ' '..'~'}) becomes {@code @}.</li>
 *   <li>{@code I}: the value converted to a 64-bit integer and printed with {@code %d}. Floating point and
 *       decimal values are truncated toward zero (SQLite's conversion; out of range saturates), a boolean is
 *       1 or 0, and a text (or any other value, by its text) is read as SQLite reads a number from text: its
 *       longest numeric prefix, 0 when there is none.</li>
 *   <li>{@code R}: the value as a double printed with {@code %.3f}; the digits are the exact binary value
 *       rounded half up, with a {@code -} for any negative value, as SQLite's {@code printf} does.</li>
 *   <li>{@code T}: the value's text: a text as it is, a boolean {@code true}/{@code false} (PostgreSQL's
 *       {@code ::text}), integers and decimals in plain notation, a double as PostgreSQL prints it
 *       (shortest round-trip digits, exponent form below 1e-4 and from 1e15), a date ISO, a timestamp as
 *       {@code 2024-01-02 03:04:05+00}, bytes as {@code \x0a1b}, JSON compact.</li>
 * </ul>
 */
public final class SltValues {

    private SltValues() {
    }

    /** The text of {@code value} in a column of type letter {@code type} ({@code I}, {@code R} or {@code T}). */
    public static String format(Object value, char type) {
        if (value == null) {
            return "NULL";
        }
        String s = switch (type) {
            case 'I' -> Long.toString(toLong(value));
            case 'R' -> formatReal(toDouble(value));
            case 'T' -> text(value);
            default -> throw new IllegalArgumentException("unknown column type '" + type + "'");
        };
        return printable(s);
    }

    /** {@code (empty)} for an empty text, and {@code @} for every character outside printable ASCII. */
    static String printable(String s) {
        if (s.isEmpty()) {
            return "(empty)";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] < ' ' || chars[j] > '~') {
                        chars[j] = '@';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    // ---- I ----

    static long toLong(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return (long) ((Number) value).doubleValue(); // truncates toward zero, saturates, NaN -> 0
        }
        if (value instanceof BigDecimal d) {
            return saturate(d.toBigInteger());
        }
        if (value instanceof BigInteger i) {
            return saturate(i);
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof JsonNode j && j.isNumber()) {
            return toLong(j.decimalValue());
        }
        BigDecimal prefix = numericPrefix(text(value));
        return prefix == null ? 0 : saturate(prefix.toBigInteger());
    }

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static long saturate(BigInteger i) {
        if (i.compareTo(LONG_MIN) < 0) {
            return Long.MIN_VALUE;
        }
        if (i.compareTo(LONG_MAX) > 0) {
            return Long.MAX_VALUE;
        }
        return i.longValue();
    }

    private static final Pattern NUMERIC_PREFIX =
            Pattern.compile("^\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    /** The longest prefix of {@code s} that reads as a number (after leading spaces), or {@code null}. */
    static BigDecimal numericPrefix(String s) {
        Matcher m = NUMERIC_PREFIX.matcher(s);
        if (!m.find()) {
            return null;
        }
        try {
            return new BigDecimal(m.group(1));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    // ---- R ----

    static double toDouble(Object value) {
        if (value instanceof Number n && !(value instanceof BigDecimal) && !(value instanceof BigInteger)) {
            return n.doubleValue();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof BigInteger i) {
            return i.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof JsonNode j && j.isNumber()) {
            return j.doubleValue();
        }
        BigDecimal prefix = numericPrefix(text(value));
        return prefix == null ? 0 : prefix.doubleValue();
    }

    /** {@code %.3f} as SQLite prints it. */
    static String formatReal(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        String digits = new BigDecimal(Math.abs(d)).setScale(3, RoundingMode.HALF_UP).toPlainString();
        return d < 0 ? "-" + digits : digits;
    }

    // ---- T ----

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The value's text as PostgreSQL's {@code ::text} gives it (before the printable-ASCII rule). */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof Double || value instanceof Float) {
            return pgDouble(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof Instant i) {
            StringBuilder sb = new StringBuilder(TIMESTAMP.format(i));
            int micros = i.getNano() / 1000;
            if (micros != 0) {
                String fraction = String.format("%06d", micros).replaceAll("0+$", "");
                sb.append('.').append(fraction);
            }
            return sb.append("+00").toString();
        }
        if (value instanceof Bytes b) {
            return b.toString();
        }
        if (value instanceof byte[] b) {
            return new Bytes(b).toString();
        }
        return String.valueOf(value); // Long, JsonNode (compact JSON), anything else
    }

    /** A double as PostgreSQL's {@code float8out} prints it (shortest digits that read back the same). */
    static String pgDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= 15) {
            String unscaled = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(unscaled.charAt(0));
            if (unscaled.length() > 1) {
                sb.append('.').append(unscaled, 1, unscaled.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        return bd.toPlainString();
    }

    // ---- rows: formatting, sorting, hashing ----

    /** Every row's values formatted by the type string, row after row. */
    public static List<String> formatRows(List<Object[]> rows, String types) {
        List<String> out = new ArrayList<>(rows.size() * types.length());
        for (Object[] row : rows) {
            for (int c = 0; c < types.length(); c++) {
                out.add(format(row[c], types.charAt(c)));
            }
        }
        return out;
    }

    /**
     * The values sorted as the reference runner sorts them: {@code rowsort} orders the rows of
     * {@code columns} values by comparing value after value (strcmp, which on printable ASCII is
     * {@link String#compareTo}); {@code valuesort} orders the values one by one; {@code nosort} keeps them.
     */
    public static List<String> sort(List<String> values, SltScript.Sort sort, int columns) {
        switch (sort) {
            case NOSORT:
                return values;
            case VALUESORT: {
                List<String> sorted = new ArrayList<>(values);
                sorted.sort(null);
                return sorted;
            }
            case ROWSORT: {
                if (columns <= 0 || values.size() % columns != 0) {
                    throw new IllegalArgumentException(values.size() + " values do not make rows of " + columns);
                }
                String[][] rows = new String[values.size() / columns][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = values.subList(r * columns, (r + 1) * columns).toArray(new String[0]);
                }
                Arrays.sort(rows, (a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                        int c = a[i].compareTo(b[i]);
                        if (c != 0) {
                            return c;
                        }
                    }
                    return 0;
                });
                List<String> sorted = new ArrayList<>(values.size());
                for (String[] row : rows) {
                    sorted.addAll(Arrays.asList(row));
                }
                return sorted;
            }
            default:
                throw new IllegalArgumentException(String.valueOf(sort));
        }
    }

    /** The reference runner's hash: MD5 over every value followed by a newline, in lowercase hex. */
    public static String md5(List<String> values) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String v : values) {
            md.update(v.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
