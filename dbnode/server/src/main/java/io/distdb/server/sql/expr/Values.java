package io.distdb.server.sql.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.SqlType;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The semantics of run-time values: Long (INTEGER, BIGINT), Double, Boolean, String (TEXT), Instant
 * (TIMESTAMP), JsonNode (JSON) and {@code null} (SQL NULL). Numbers compare across Long and Double; text
 * compares by code point (the UTF-8 byte order of keys); a text operand compared with a number, boolean or
 * timestamp is read as one (so {@code doc->>'age' > 30} works), anything else is a type mismatch.
 */
public final class Values {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Values() {
    }

    /** JSON scalars become plain values; JSON null becomes SQL NULL; objects and arrays stay JSON. */
    public static Object unwrapJson(Object v) {
        if (!(v instanceof JsonNode j)) {
            return v;
        }
        if (j.isNull() || j.isMissingNode()) {
            return null;
        }
        if (j.isTextual()) {
            return j.textValue();
        }
        if (j.isBoolean()) {
            return j.booleanValue();
        }
        if (j.isIntegralNumber() && j.canConvertToLong()) {
            return j.longValue();
        }
        if (j.isNumber()) {
            return j.doubleValue();
        }
        return j;
    }

    /** Three-valued equality: {@code null} when either side is NULL. */
    public static Boolean sqlEquals(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return compare(a, b) == 0;
    }

    /** Order of two non-NULL values. */
    public static int compare(Object a, Object b) {
        a = unwrapJson(a);
        b = unwrapJson(b);
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return compareText(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        if (a instanceof JsonNode x && b instanceof JsonNode y) {
            if (x.equals(y)) {
                return 0;
            }
            return compareText(x.toString(), y.toString());
        }
        if (a instanceof String s && !(b instanceof String)) {
            return compare(readTextAs(s, b), b);
        }
        if (b instanceof String s && !(a instanceof String)) {
            return compare(a, readTextAs(s, a));
        }
        throw SqlErrors.typeMismatch("cannot compare " + typeName(a) + " " + display(a) + " with " + typeName(b) + " " + display(b));
    }

    private static Object readTextAs(String text, Object like) {
        try {
            if (like instanceof Number) {
                return parseNumber(text);
            }
            if (like instanceof Boolean) {
                return parseBoolean(text);
            }
            if (like instanceof Instant) {
                return parseTimestamp(text);
            }
            if (like instanceof JsonNode) {
                return JSON.readTree(text);
            }
        } catch (IllegalArgumentException | IOException e) {
            // reported below
        }
        throw SqlErrors.typeMismatch("cannot compare TEXT " + display(text) + " with " + typeName(like) + " " + display(like));
    }

    /** Code point order, which equals the byte order of UTF-8 (String.compareTo differs for surrogates). */
    public static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Sort order: NULL before every value. */
    public static int compareNullsFirst(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(a, b);
    }

    /** A value usable as a hash key for joins, grouping and DISTINCT: equal SQL values give equal keys. */
    public static Object keyOf(Object v) {
        v = unwrapJson(v);
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return (long) d.doubleValue();
        }
        return v;
    }

    public static List<Object> keyOf(Object[] values) {
        List<Object> key = new ArrayList<>(values.length);
        for (Object v : values) {
            key.add(keyOf(v));
        }
        return key;
    }

    /** WHERE, ON, HAVING and logic operands must be BOOLEAN or NULL. */
    public static Boolean truth(Object v) {
        v = unwrapJson(v);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw SqlErrors.typeMismatch("expected a BOOLEAN condition, got " + typeName(v) + " " + display(v));
    }

    public static Object toNumber(Object v) {
        v = unwrapJson(v);
        if (v == null || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof String s) {
            try {
                return parseNumber(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw SqlErrors.typeMismatch("expected a number, got " + typeName(v) + " " + display(v));
    }

    public static Object parseNumber(String s) {
        String t = s.trim();
        if (!DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("not a number: " + s);
        }
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            return Double.parseDouble(t);
        }
    }

    public static Boolean parseBoolean(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + s);
        };
    }

    /** ISO-8601 instants ('2024-01-02T03:04:05Z', with an offset) and zone-less times read as UTC ('2024-01-02 03:04:05', '2024-01-02'). */
    public static Instant parseTimestamp(String s) {
        String t = s.trim();
        try {
            return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            // try without a zone
        }
        try {
            return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + s);
        }
    }

    /**
     * Converts a value for storing into a column (INSERT, UPDATE).
     *
     * @throws IllegalArgumentException with the reason, for the caller to place in a type_mismatch message
     */
    public static Object assign(Object v, ColumnDef column) {
        if (v == null) {
            return null;
        }
        if (column.type() != SqlType.JSON) {
            v = unwrapJson(v);
            if (v == null) {
                return null;
            }
        }
        Object converted = convert(v, column.type(), false);
        if (column.maxLength() > 0 && converted instanceof String s
                && s.codePointCount(0, s.length()) > column.maxLength()) {
            throw new IllegalArgumentException(display(v) + " is longer than " + column.maxLength() + " characters");
        }
        return converted;
    }

    /** CAST(v AS type): like assignment, but also rounds doubles to integers and renders JSON as text. */
    public static Object cast(Object v, SqlType type) {
        if (v == null) {
            return null;
        }
        if (type != SqlType.JSON && type != SqlType.TEXT) {
            v = unwrapJson(v);
            if (v == null) {
                return null;
            }
        }
        try {
            return convert(v, type, true);
        } catch (IllegalArgumentException e) {
            throw SqlErrors.typeMismatch("cannot cast " + typeName(v) + " " + display(v) + " to " + type + ": " + e.getMessage());
        }
    }

    private static Object convert(Object v, SqlType type, boolean explicit) {
        switch (type) {
            case INTEGER, BIGINT -> {
                long l;
                if (v instanceof Long x) {
                    l = x;
                } else if (v instanceof Double d) {
                    if (explicit) {
                        l = Math.round(d);
                    } else if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                        l = d.longValue();
                    } else {
                        throw new IllegalArgumentException(display(v) + " is not a whole number");
                    }
                } else if (v instanceof String s) {
                    Object n;
                    try {
                        n = parseNumber(s);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(display(v) + " is not a valid " + type);
                    }
                    return convert(n, type, explicit);
                } else {
                    throw new IllegalArgumentException(typeName(v) + " " + display(v) + " is not a valid " + type);
                }
                if (type == SqlType.INTEGER && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException(l + " is out of range for INTEGER (use BIGINT)");
                }
                return l;
            }
            case DOUBLE -> {
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                if (v instanceof String s) {
                    try {
                        return ((Number) parseNumber(s)).doubleValue();
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(display(v) + " is not a valid DOUBLE");
                    }
                }
                throw new IllegalArgumentException(typeName(v) + " " + display(v) + " is not a valid DOUBLE");
            }
            case BOOLEAN -> {
                if (v instanceof Boolean b) {
                    return b;
                }
                if (explicit && v instanceof Long l) {
                    return l != 0;
                }
                if (v instanceof String s) {
                    try {
                        return parseBoolean(s);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(display(v) + " is not a valid BOOLEAN");
                    }
                }
                throw new IllegalArgumentException(typeName(v) + " " + display(v) + " is not a valid BOOLEAN");
            }
            case TEXT -> {
                if (v instanceof String s) {
                    return s;
                }
                if (v instanceof JsonNode j) {
                    return j.isTextual() ? j.textValue() : j.toString();
                }
                return v.toString();
            }
            case TIMESTAMP -> {
                if (v instanceof Instant t) {
                    return t;
                }
                if (v instanceof String s) {
                    try {
                        return parseTimestamp(s);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(display(v) + " is not a valid TIMESTAMP (use ISO-8601, e.g. '2024-01-02T03:04:05Z')");
                    }
                }
                throw new IllegalArgumentException(typeName(v) + " " + display(v) + " is not a valid TIMESTAMP");
            }
            case JSON -> {
                return toJson(v);
            }
            default -> throw new IllegalStateException(type.name());
        }
    }

    public static JsonNode toJson(Object v) {
        if (v instanceof JsonNode j) {
            return j;
        }
        if (v instanceof String s) {
            try {
                JsonNode node = JSON.readTree(s);
                if (node == null || node.isMissingNode()) {
                    throw new IllegalArgumentException("'' is not valid JSON");
                }
                return node;
            } catch (IOException e) {
                throw new IllegalArgumentException(display(v) + " is not valid JSON");
            }
        }
        if (v instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (v instanceof Double d) {
            return DoubleNode.valueOf(d);
        }
        if (v instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (v instanceof Instant t) {
            return TextNode.valueOf(t.toString());
        }
        throw new IllegalArgumentException("cannot convert " + typeName(v) + " to JSON");
    }

    /** The value as the client sees it in results: timestamps as ISO-8601 text, the rest as JSON values. */
    public static Object toResult(Object v) {
        if (v instanceof Instant t) {
            return t.toString();
        }
        return v;
    }

    public static String typeName(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Long) {
            return "INTEGER";
        }
        if (v instanceof Double) {
            return "DOUBLE";
        }
        if (v instanceof Boolean) {
            return "BOOLEAN";
        }
        if (v instanceof String) {
            return "TEXT";
        }
        if (v instanceof Instant) {
            return "TIMESTAMP";
        }
        if (v instanceof JsonNode) {
            return "JSON";
        }
        return v.getClass().getSimpleName();
    }

    /** A value for messages: text quoted, long values cut. */
    public static String display(Object v) {
        String s;
        if (v == null) {
            s = "NULL";
        } else if (v instanceof String str) {
            s = "'" + str + "'";
        } else {
            s = v.toString();
        }
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
