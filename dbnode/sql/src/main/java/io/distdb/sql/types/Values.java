package io.distdb.sql.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The semantics of run-time values, following PostgreSQL. Values are {@link Boolean}, {@link Long} (every
 * integer width), {@link Double}, {@link BigDecimal} (NUMERIC), {@link String} (TEXT, and untyped
 * literals), {@link LocalDate}, {@link Instant} (timestamptz), {@link Bytes}, {@link JsonNode} (jsonb) and
 * {@code null} (SQL NULL). Every method is static and pure.
 *
 * <p>Operators take the static result type the binder computed ({@link #arithmeticType}); integer results
 * are checked against that width. Text compares in code point order, which is the byte order of UTF-8 and
 * PostgreSQL's "C" collation: {@code 'B' < 'a'}, no locale rules.
 */
public final class Values {

    private Values() {
    }

    // ------------------------------------------------------------------ types and errors

    /**
     * The JSON reader of jsonb values: numbers keep every digit (BigDecimal), trailing content is an error.
     * Shared and thread-safe; pass it to {@link io.distdb.sql.codec.RowCodec}.
     */
    public static ObjectMapper jsonMapper() {
        return TextForms.JSON;
    }

    /**
     * The type a run-time value has: integers are {@link SqlType#BIGINT} (the width is static, not in the
     * value), strings {@link SqlType#TEXT}, {@code null} {@link SqlType#UNKNOWN}.
     */
    public static SqlType typeOf(Object v) {
        if (v == null) {
            return SqlType.UNKNOWN;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return SqlType.BIGINT;
        }
        if (v instanceof Double) {
            return SqlType.DOUBLE;
        }
        if (v instanceof BigDecimal) {
            return SqlType.NUMERIC;
        }
        if (v instanceof String) {
            return SqlType.TEXT;
        }
        if (v instanceof Boolean) {
            return SqlType.BOOLEAN;
        }
        if (v instanceof LocalDate) {
            return SqlType.DATE;
        }
        if (v instanceof Instant) {
            return SqlType.TIMESTAMP;
        }
        if (v instanceof Bytes) {
            return SqlType.BYTEA;
        }
        if (v instanceof JsonNode) {
            return SqlType.JSON;
        }
        throw new IllegalArgumentException("not a SQL value: " + v.getClass().getName());
    }

    /** 42883 {@code operator does not exist: text + integer}. */
    public static SqlException undefinedOperator(String op, SqlType left, SqlType right) {
        String operands = left == null ? op + " " + right.sqlName() : left.sqlName() + " " + op + " " + right.sqlName();
        return new SqlException("42883", SqlErrors.TYPE_MISMATCH, "operator does not exist: " + operands);
    }

    private static SqlException notUnique(String op, SqlType left, SqlType right) {
        String operands = left == null ? op + " " + right.sqlName() : left.sqlName() + " " + op + " " + right.sqlName();
        return new SqlException("42725", SqlErrors.TYPE_MISMATCH, "operator is not unique: " + operands);
    }

    static SqlException notA(Object v, SqlType type) {
        return SqlErrors.typeMismatch("a value of type " + typeOf(v).sqlName() + " cannot be used as type " + type.sqlName());
    }

    private static SqlException cannotCast(SqlType from, SqlType to) {
        return new SqlException("42846", SqlErrors.TYPE_MISMATCH, "cannot cast type " + from.sqlName() + " to " + to.sqlName());
    }

    // ------------------------------------------------------------------ comparison

    /**
     * The order of two non-NULL values. Numbers compare by value across Long, Double and BigDecimal (Long
     * with BigDecimal exactly; a Double with anything as doubles, as PostgreSQL converts to float8; NaN is
     * equal to itself and greater than every other number; -0 equals 0). Text by Unicode code point (UTF-8
     * byte order, PostgreSQL's "C" collation). false &lt; true. Dates and timestamps chronologically, a
     * date meaning its midnight UTC. Bytes unsigned, shorter first on a common prefix. JSON in jsonb's
     * order: null &lt; string &lt; number &lt; boolean &lt; array &lt; object, scalars by value, arrays by
     * length then element by element, objects by pair count then key/value pairs in key order (shorter keys
     * first).
     *
     * @throws SqlException 42804 for values of incomparable types
     */
    public static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareText(x, y);
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return compareDoubles(doubleForCompare(a), doubleForCompare(b));
            }
            return Numbers.toBig(a).compareTo(Numbers.toBig(b));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if ((a instanceof LocalDate || a instanceof Instant) && (b instanceof LocalDate || b instanceof Instant)) {
            if (a instanceof LocalDate x && b instanceof LocalDate y) {
                return x.compareTo(y);
            }
            return toInstant(a).compareTo(toInstant(b));
        }
        if (a instanceof Bytes x && b instanceof Bytes y) {
            return x.compareTo(y);
        }
        if (a instanceof JsonNode x && b instanceof JsonNode y) {
            return compareJson(x, y);
        }
        if (a == null || b == null) {
            throw new IllegalArgumentException("compare of NULL");
        }
        throw SqlErrors.typeMismatch("operator does not exist: " + typeOf(a).sqlName() + " = " + typeOf(b).sqlName());
    }

    /** Three-valued equality: {@code null} when either side is NULL. */
    public static Boolean sqlEquals(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return compare(a, b) == 0;
    }

    /** {@code IS NOT DISTINCT FROM}: NULL equals NULL. */
    public static boolean notDistinct(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return compare(a, b) == 0;
    }

    /** Sort order with NULL after every value (PostgreSQL's default for ascending order). */
    public static int compareNullsLast(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return compare(a, b);
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof BigDecimal;
    }

    private static double doubleForCompare(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        return ((BigDecimal) v).doubleValue();
    }

    private static int compareDoubles(double x, double y) {
        if (Double.isNaN(x)) {
            return Double.isNaN(y) ? 0 : 1;
        }
        if (Double.isNaN(y)) {
            return -1;
        }
        return x < y ? -1 : (x > y ? 1 : 0);
    }

    /** Code point order, which is the byte order of UTF-8 (String.compareTo differs above the surrogates). */
    public static int compareText(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 || y >= 0xD800) {
                    return fixup(x) - fixup(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF so that UTF-16 units order as code points. */
    private static int fixup(char c) {
        if (c >= 0xE000) {
            return c - 0x800;
        }
        if (c >= 0xD800) {
            return c + 0x2000;
        }
        return c;
    }

    private static Instant toInstant(Object v) {
        return v instanceof LocalDate d ? d.atStartOfDay().toInstant(ZoneOffset.UTC) : (Instant) v;
    }

    private static int jsonRank(JsonNode j) {
        if (j.isObject()) {
            return 5;
        }
        if (j.isArray()) {
            return 4;
        }
        if (j.isBoolean()) {
            return 3;
        }
        if (j.isNumber()) {
            return 2;
        }
        if (j.isTextual()) {
            return 1;
        }
        return 0;
    }

    static int compareJson(JsonNode a, JsonNode b) {
        int ra = jsonRank(a);
        int rb = jsonRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 1:
                return compareText(a.textValue(), b.textValue());
            case 2:
                return jsonNumber(a).compareTo(jsonNumber(b));
            case 3:
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            case 4: {
                if (a.size() != b.size()) {
                    return Integer.compare(a.size(), b.size());
                }
                for (int i = 0; i < a.size(); i++) {
                    int c = compareJson(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
            case 5: {
                if (a.size() != b.size()) {
                    return Integer.compare(a.size(), b.size());
                }
                List<String> ka = jsonKeys(a);
                List<String> kb = jsonKeys(b);
                for (int i = 0; i < ka.size(); i++) {
                    int c = compareJsonKeys(ka.get(i), kb.get(i));
                    if (c != 0) {
                        return c;
                    }
                    c = compareJson(a.get(ka.get(i)), b.get(kb.get(i)));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
            default:
                return 0;
        }
    }

    private static BigDecimal jsonNumber(JsonNode j) {
        if (j.isDouble() || j.isFloat()) {
            double d = j.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : BigDecimal.ZERO;
        }
        return j.decimalValue();
    }

    /** jsonb's key order: shorter keys first, then by bytes. */
    private static int compareJsonKeys(String x, String y) {
        int lx = x.getBytes(StandardCharsets.UTF_8).length;
        int ly = y.getBytes(StandardCharsets.UTF_8).length;
        return lx != ly ? Integer.compare(lx, ly) : compareText(x, y);
    }

    private static List<String> jsonKeys(JsonNode object) {
        List<String> keys = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(keys::add);
        keys.sort(Values::compareJsonKeys);
        return keys;
    }

    // ------------------------------------------------------------------ hashing, size, truth

    /** The normalised form of a JSON value used as a hash key. */
    private record JsonKey(String canonical) {
    }

    /**
     * A key for hash joins, GROUP BY, DISTINCT and set operations: values equal under {@link #compare} give
     * equal keys (by {@code equals}). Numbers become a Long when integral and in range (1, 1.0 and 1.00 →
     * 1L; -0.0 → 0L), otherwise the exact BigDecimal without trailing zeros; NaN and the infinities stay
     * Doubles. A date becomes the Instant of its midnight UTC (it equals that timestamp). JSON becomes a
     * canonical text (sorted keys, normalised numbers). Note that a Double compares with a Long as a double
     * (PostgreSQL's rule), so 2^53+1 "equals" 2^53 under compare but not here: the engine hashes operands
     * after coercing both sides to their {@link #comparisonType}, where the rule is exact.
     */
    public static Object hashKey(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Double d) {
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            if (Double.isInfinite(d)) {
                return d;
            }
            if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                return (long) d.doubleValue();
            }
            return new BigDecimal(d).stripTrailingZeros();
        }
        if (v instanceof BigDecimal d) {
            BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            if (s.scale() <= 0 && s.precision() - s.scale() <= 19) {
                try {
                    return s.longValueExact();
                } catch (ArithmeticException e) {
                    return s;
                }
            }
            return s;
        }
        if (v instanceof LocalDate d) {
            return toInstant(d);
        }
        if (v instanceof JsonNode j) {
            StringBuilder out = new StringBuilder();
            canonicalJson(out, j);
            return new JsonKey(out.toString());
        }
        return v;
    }

    /** {@link #hashKey} of each value, as a list with value equality. */
    public static List<Object> hashKeys(Object[] values) {
        List<Object> key = new ArrayList<>(values.length);
        for (Object v : values) {
            key.add(hashKey(v));
        }
        return key;
    }

    private static void canonicalJson(StringBuilder out, JsonNode j) {
        if (j.isObject()) {
            out.append('{');
            List<String> keys = jsonKeys(j);
            for (String k : keys) {
                out.append(TextNode.valueOf(k)).append(':');
                canonicalJson(out, j.get(k));
                out.append(',');
            }
            out.append('}');
        } else if (j.isArray()) {
            out.append('[');
            for (JsonNode e : j) {
                canonicalJson(out, e);
                out.append(',');
            }
            out.append(']');
        } else if (j.isNumber()) {
            BigDecimal d = jsonNumber(j);
            out.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else {
            out.append(j.toString());
        }
    }

    /** Approximate heap bytes of a value (object headers included), for the per-statement memory budget. */
    public static long estimateBytes(Object v) {
        if (v == null || v instanceof Boolean) {
            return 8;
        }
        if (v instanceof Long || v instanceof Double) {
            return 24;
        }
        if (v instanceof String s) {
            return 48 + 2L * s.length();
        }
        if (v instanceof BigDecimal d) {
            return 72 + d.unscaledValue().bitLength() / 8;
        }
        if (v instanceof LocalDate) {
            return 32;
        }
        if (v instanceof Instant) {
            return 32;
        }
        if (v instanceof Bytes b) {
            return 40 + b.length();
        }
        if (v instanceof JsonNode j) {
            return estimateJson(j);
        }
        return 64;
    }

    private static long estimateJson(JsonNode j) {
        if (j.isObject()) {
            long n = 64;
            for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                n += 48 + 48 + 2L * e.getKey().length() + estimateJson(e.getValue());
            }
            return n;
        }
        if (j.isArray()) {
            long n = 56;
            for (JsonNode e : j) {
                n += 8 + estimateJson(e);
            }
            return n;
        }
        if (j.isTextual()) {
            return 16 + 48 + 2L * j.textValue().length();
        }
        if (j.isBigDecimal() || j.isBigInteger()) {
            return 96;
        }
        return 24;
    }

    /** A WHERE/ON/HAVING condition: TRUE, FALSE or NULL (unknown). */
    public static Boolean truth(Object v) {
        return truth(v, "WHERE");
    }

    /**
     * @param clause the construct for the message, such as {@code WHERE}, {@code HAVING}, {@code AND}
     * @throws SqlException 42804 {@code argument of WHERE must be type boolean, not type integer}
     */
    public static Boolean truth(Object v, String clause) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw SqlErrors.typeMismatch("argument of " + clause + " must be type boolean, not type " + typeOf(v).sqlName());
    }

    // ------------------------------------------------------------------ static typing

    private static int intRank(SqlType t) {
        return switch (t) {
            case SMALLINT -> 1;
            case INTEGER -> 2;
            default -> 3;
        };
    }

    private static SqlType widerNumber(SqlType a, SqlType b) {
        if (a == SqlType.DOUBLE || b == SqlType.DOUBLE) {
            return SqlType.DOUBLE;
        }
        if (a == SqlType.NUMERIC || b == SqlType.NUMERIC) {
            return SqlType.NUMERIC;
        }
        return intRank(a) >= intRank(b) ? a : b;
    }

    /**
     * The result type of a binary operator as PostgreSQL resolves it: {@code + - * / %} on integers give the
     * wider integer (smallint + smallint is smallint), any double precision makes double precision, numeric
     * with integers numeric, numeric with double double. {@code ^} is double precision, numeric when an
     * operand is numeric (and none is double). {@code %} has no double precision form. An UNKNOWN operand
     * (untyped literal or NULL) takes the other side's type. date ± integer is a date, date − date an
     * integer. {@code ||} is text for any operands when one is text or unknown (bytea || bytea is bytea,
     * jsonb || jsonb jsonb).
     *
     * @throws SqlException 42883 for operand types the operator does not take, 42725 for two unknowns,
     *     0A000 for timestamp − timestamp (there is no INTERVAL type)
     */
    public static SqlType arithmeticType(String op, SqlType left, SqlType right) {
        if (op.equals("||")) {
            SqlType l = left == SqlType.UNKNOWN ? right : left;
            SqlType r = right == SqlType.UNKNOWN ? left : right;
            if (l == SqlType.BYTEA && r == SqlType.BYTEA) {
                return SqlType.BYTEA;
            }
            if (l == SqlType.JSON && r == SqlType.JSON) {
                return SqlType.JSON;
            }
            if (left == SqlType.TEXT || right == SqlType.TEXT || left == SqlType.UNKNOWN || right == SqlType.UNKNOWN) {
                return SqlType.TEXT;
            }
            throw undefinedOperator(op, left, right);
        }
        if (left == SqlType.UNKNOWN && right == SqlType.UNKNOWN) {
            throw notUnique(op, left, right);
        }
        SqlType l = left == SqlType.UNKNOWN ? right : left;
        SqlType r = right == SqlType.UNKNOWN ? left : right;
        if (l.isNumeric() && r.isNumeric()) {
            switch (op) {
                case "^":
                    return (l == SqlType.NUMERIC || r == SqlType.NUMERIC) && l != SqlType.DOUBLE && r != SqlType.DOUBLE
                            ? SqlType.NUMERIC : SqlType.DOUBLE;
                case "%":
                    if (l == SqlType.DOUBLE || r == SqlType.DOUBLE) {
                        throw undefinedOperator(op, left, right);
                    }
                    return widerNumber(l, r);
                case "+", "-", "*", "/":
                    return widerNumber(l, r);
                default:
                    throw undefinedOperator(op, left, right);
            }
        }
        if (op.equals("+") && ((l == SqlType.DATE && r.isInteger()) || (l.isInteger() && r == SqlType.DATE))) {
            return SqlType.DATE;
        }
        if (op.equals("-") && l == SqlType.DATE && r.isInteger()) {
            return SqlType.DATE;
        }
        if (op.equals("-") && l == SqlType.DATE && r == SqlType.DATE) {
            return SqlType.INTEGER;
        }
        if (op.equals("-") && isTime(l) && isTime(r)) {
            throw SqlErrors.unsupported("timestamp subtraction (there is no INTERVAL type)");
        }
        throw undefinedOperator(op, left, right);
    }

    private static boolean isTime(SqlType t) {
        return t == SqlType.DATE || t == SqlType.TIMESTAMP;
    }

    /** The type of prefix {@code -} or {@code +}: numbers keep their type. */
    public static SqlType unaryType(String op, SqlType operand) {
        if (operand.isNumeric()) {
            return operand;
        }
        if (operand == SqlType.UNKNOWN) {
            throw notUnique(op, null, operand);
        }
        throw undefinedOperator(op, null, operand);
    }

    /**
     * The type two operands of a comparison are compared in: the same type; an UNKNOWN side (untyped
     * literal) takes the other's (two unknowns compare as text); numbers the widest (double precision
     * above numeric above the integers); date with timestamp as timestamp.
     *
     * @throws SqlException 42883 {@code operator does not exist: text = integer}
     */
    public static SqlType comparisonType(SqlType a, SqlType b) {
        if (a == b) {
            return a == SqlType.UNKNOWN ? SqlType.TEXT : a;
        }
        if (a == SqlType.UNKNOWN) {
            return b;
        }
        if (b == SqlType.UNKNOWN) {
            return a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            return widerNumber(a, b);
        }
        if (isTime(a) && isTime(b)) {
            return SqlType.TIMESTAMP;
        }
        throw undefinedOperator("=", a, b);
    }

    /**
     * The common type of the branches of CASE, UNION, COALESCE, GREATEST, VALUES... as PostgreSQL's
     * select_common_type: unknowns are ignored (all unknown → text); numbers the widest; date with
     * timestamp timestamp; anything else must be the same type.
     *
     * @param context the construct for the message, such as {@code CASE} or {@code UNION}
     * @throws SqlException 42804 {@code CASE types integer and text cannot be matched}
     */
    public static SqlType commonType(String context, List<SqlType> types) {
        SqlType result = SqlType.UNKNOWN;
        for (SqlType t : types) {
            if (t == SqlType.UNKNOWN || t == result) {
                continue;
            }
            if (result == SqlType.UNKNOWN) {
                result = t;
            } else if (result.isNumeric() && t.isNumeric()) {
                result = widerNumber(result, t);
            } else if (isTime(result) && isTime(t)) {
                result = SqlType.TIMESTAMP;
            } else {
                throw SqlErrors.typeMismatch(context + " types " + result.sqlName() + " and " + t.sqlName() + " cannot be matched");
            }
        }
        return result == SqlType.UNKNOWN ? SqlType.TEXT : result;
    }

    /** Whether an implicit conversion (no CAST) takes a value of {@code from} to {@code to}. */
    public static boolean implicitlyConvertible(SqlType from, SqlType to) {
        if (from == to || from == SqlType.UNKNOWN) {
            return true;
        }
        if (from.isNumeric() && to.isNumeric()) {
            return widerNumber(from, to) == to;
        }
        return from == SqlType.DATE && to == SqlType.TIMESTAMP;
    }

    /** Whether CAST from one type to the other exists. */
    public static boolean canCast(SqlType from, SqlType to) {
        if (from == to || from == SqlType.UNKNOWN || from == SqlType.TEXT || to == SqlType.TEXT || to == SqlType.UNKNOWN) {
            return true;
        }
        if (from.isNumeric() && to.isNumeric()) {
            return true;
        }
        if ((from == SqlType.BOOLEAN && to.isInteger()) || (from.isInteger() && to == SqlType.BOOLEAN)) {
            return true;
        }
        if (from == SqlType.JSON && (to.isNumeric() || to == SqlType.BOOLEAN)) {
            return true;
        }
        return isTime(from) && isTime(to);
    }

    // ------------------------------------------------------------------ arithmetic

    private static SqlType resolve(SqlType resultType, String op, Object a, Object b) {
        if (resultType != null && resultType != SqlType.UNKNOWN) {
            return resultType;
        }
        return arithmeticType(op, a instanceof String ? SqlType.UNKNOWN : typeOf(a), b instanceof String ? SqlType.UNKNOWN : typeOf(b));
    }

    /** Any binary operator by its symbol: {@code + - * / % ^ ||}. */
    public static Object binary(String op, Object a, Object b, SqlType resultType) {
        return switch (op) {
            case "+" -> add(a, b, resultType);
            case "-" -> subtract(a, b, resultType);
            case "*" -> multiply(a, b, resultType);
            case "/" -> divide(a, b, resultType);
            case "%" -> modulo(a, b, resultType);
            case "^" -> power(a, b, resultType);
            case "||" -> concat(a, b, resultType);
            default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
        };
    }

    /** {@code a + b}; NULL if either is NULL; integers checked against {@code resultType}'s width (22003). */
    public static Object add(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        SqlType rt = resolve(resultType, "+", a, b);
        switch (rt) {
            case SMALLINT, INTEGER, BIGINT -> {
                long x = Numbers.toLong(a, rt);
                long y = Numbers.toLong(b, rt);
                long r = x + y;
                if (((x ^ r) & (y ^ r)) < 0) {
                    throw Numbers.intRange(rt);
                }
                return Numbers.checkWidth(r, rt);
            }
            case DOUBLE -> {
                double x = Numbers.toDouble(a);
                double y = Numbers.toDouble(b);
                return checkOverflow(x + y, x, y);
            }
            case NUMERIC -> {
                return Numbers.normalize(Numbers.toBig(a).add(Numbers.toBig(b)));
            }
            case DATE -> {
                return a instanceof LocalDate d ? plusDays(d, Numbers.toLong(b, SqlType.INTEGER))
                        : plusDays(toDate(b), Numbers.toLong(a, SqlType.INTEGER));
            }
            default -> throw undefinedOperator("+", typeOf(a), typeOf(b));
        }
    }

    /** {@code a - b}; date − integer is a date, date − date the days between (integer). */
    public static Object subtract(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof LocalDate d) {
            if (b instanceof LocalDate || resultType != null && resultType.isInteger()) {
                return Numbers.checkWidth(d.toEpochDay() - toDate(b).toEpochDay(), SqlType.INTEGER);
            }
            return plusDays(d, Math.negateExact(Numbers.toLong(b, SqlType.INTEGER)));
        }
        if (a instanceof Instant && (b instanceof Instant || b instanceof LocalDate)) {
            throw SqlErrors.unsupported("timestamp subtraction (there is no INTERVAL type)");
        }
        SqlType rt = resolve(resultType, "-", a, b);
        switch (rt) {
            case SMALLINT, INTEGER, BIGINT -> {
                long x = Numbers.toLong(a, rt);
                long y = Numbers.toLong(b, rt);
                long r = x - y;
                if (((x ^ y) & (x ^ r)) < 0) {
                    throw Numbers.intRange(rt);
                }
                return Numbers.checkWidth(r, rt);
            }
            case DOUBLE -> {
                double x = Numbers.toDouble(a);
                double y = Numbers.toDouble(b);
                return checkOverflow(x - y, x, y);
            }
            case NUMERIC -> {
                return Numbers.normalize(Numbers.toBig(a).subtract(Numbers.toBig(b)));
            }
            default -> throw undefinedOperator("-", typeOf(a), typeOf(b));
        }
    }

    /** {@code a * b}; NUMERIC exactly (the scales add up). */
    public static Object multiply(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        SqlType rt = resolve(resultType, "*", a, b);
        switch (rt) {
            case SMALLINT, INTEGER, BIGINT -> {
                long x = Numbers.toLong(a, rt);
                long y = Numbers.toLong(b, rt);
                long hi = Math.multiplyHigh(x, y);
                long r = x * y;
                if ((hi != 0 || r < 0) && (hi != -1 || r >= 0)) {
                    throw Numbers.intRange(rt);
                }
                return Numbers.checkWidth(r, rt);
            }
            case DOUBLE -> {
                double x = Numbers.toDouble(a);
                double y = Numbers.toDouble(b);
                double r = checkOverflow(x * y, x, y);
                if (r == 0 && x != 0 && y != 0) {
                    throw Numbers.doubleUnderflow();
                }
                return r;
            }
            case NUMERIC -> {
                return Numbers.normalize(Numbers.toBig(a).multiply(Numbers.toBig(b)));
            }
            default -> throw undefinedOperator("*", typeOf(a), typeOf(b));
        }
    }

    /**
     * {@code a / b}: integers truncate toward zero; NUMERIC with PostgreSQL's scale (at least 16
     * significant digits, at least the operands' scales, rounded half away from zero: 1/3 is
     * 0.33333333333333333333, 10/4 is 2.5000000000000000); division by zero is 22012 for every type,
     * double precision included.
     */
    public static Object divide(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        SqlType rt = resolve(resultType, "/", a, b);
        switch (rt) {
            case SMALLINT, INTEGER, BIGINT -> {
                long x = Numbers.toLong(a, rt);
                long y = Numbers.toLong(b, rt);
                if (y == 0) {
                    throw SqlErrors.divisionByZero();
                }
                if (y == -1) {
                    if (x == Long.MIN_VALUE) {
                        throw Numbers.intRange(rt);
                    }
                    return Numbers.checkWidth(-x, rt);
                }
                return x / y;
            }
            case DOUBLE -> {
                double x = Numbers.toDouble(a);
                double y = Numbers.toDouble(b);
                if (y == 0) {
                    throw SqlErrors.divisionByZero();
                }
                double r = checkOverflow(x / y, x, y);
                if (r == 0 && x != 0 && !Double.isInfinite(y)) {
                    throw Numbers.doubleUnderflow();
                }
                return r;
            }
            case NUMERIC -> {
                return Numbers.divide(Numbers.toBig(a), Numbers.toBig(b));
            }
            default -> throw undefinedOperator("/", typeOf(a), typeOf(b));
        }
    }

    /** {@code a % b}: the sign of the dividend; integers and numeric only (22012 for a zero divisor). */
    public static Object modulo(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        SqlType rt = resolve(resultType, "%", a, b);
        switch (rt) {
            case SMALLINT, INTEGER, BIGINT -> {
                long x = Numbers.toLong(a, rt);
                long y = Numbers.toLong(b, rt);
                if (y == 0) {
                    throw SqlErrors.divisionByZero();
                }
                return y == -1 ? 0L : x % y;
            }
            case NUMERIC -> {
                BigDecimal x = Numbers.toBig(a);
                BigDecimal y = Numbers.toBig(b);
                if (y.signum() == 0) {
                    throw SqlErrors.divisionByZero();
                }
                return Numbers.normalize(x.remainder(y).setScale(Math.max(Numbers.dscale(x), Numbers.dscale(y)), RoundingMode.UNNECESSARY));
            }
            default -> throw undefinedOperator("%", typeOf(a), typeOf(b));
        }
    }

    /**
     * {@code a ^ b}: double precision, or numeric when {@code resultType} is NUMERIC. NUMERIC with an
     * integral exponent is computed in decimal and shown with at least 16 fraction digits (as PostgreSQL:
     * 2 ^ 10 = 1024.0000000000000000); with a fractional exponent as exp(b · ln a) in decimal, 16 significant digits.
     * 0 ^ negative and negative ^ fraction are 2201F.
     */
    public static Object power(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        SqlType rt = resolve(resultType, "^", a, b);
        if (rt == SqlType.NUMERIC) {
            return numericPower(Numbers.toBig(a), Numbers.toBig(b));
        }
        if (rt != SqlType.DOUBLE) {
            throw undefinedOperator("^", typeOf(a), typeOf(b));
        }
        double x = Numbers.toDouble(a);
        double y = Numbers.toDouble(b);
        return doublePower(x, y);
    }

    static double doublePower(double x, double y) {
        if (x == 0 && y < 0) {
            throw invalidPower("zero raised to a negative power is undefined");
        }
        if (x < 0 && Double.isFinite(y) && y != Math.rint(y)) {
            throw invalidPower("a negative number raised to a non-integer power yields a complex result");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && Double.isFinite(x) && Double.isFinite(y)) {
            throw Numbers.doubleOverflow();
        }
        if (r == 0 && x != 0 && Double.isFinite(x) && Double.isFinite(y)) {
            throw Numbers.doubleUnderflow();
        }
        return r;
    }

    private static SqlException invalidPower(String message) {
        return new SqlException("2201F", SqlErrors.GENERAL, message);
    }

    static BigDecimal numericPower(BigDecimal x, BigDecimal y) {
        if (x.signum() == 0 && y.signum() < 0) {
            throw invalidPower("zero raised to a negative power is undefined");
        }
        BigDecimal yStripped = y.signum() == 0 ? BigDecimal.ZERO : y.stripTrailingZeros();
        int rscale = Math.min(Numbers.MAX_SCALE, Math.max(Numbers.MIN_SIG_DIGITS, Math.max(Numbers.dscale(x), Numbers.dscale(y))));
        if (yStripped.scale() <= 0 && yStripped.abs().compareTo(BigDecimal.valueOf(999_999_999)) <= 0) {
            int n = yStripped.intValueExact();
            if (n == 0) {
                return BigDecimal.ONE.setScale(rscale);
            }
            if (x.signum() == 0) {
                return BigDecimal.ZERO.setScale(rscale);
            }
            double digits = n * Numbers.log10(x);
            if (digits > Numbers.MAX_DIGITS) {
                throw SqlErrors.outOfRange("value overflows numeric format");
            }
            if (digits < -(rscale + 2)) {
                return BigDecimal.ZERO.setScale(rscale);
            }
            int precision = Math.max(0, (int) Math.ceil(digits)) + rscale + 10;
            BigDecimal r = x.pow(n, new MathContext(precision, RoundingMode.HALF_EVEN));
            return Numbers.normalize(r.setScale(rscale, RoundingMode.HALF_UP));
        }
        if (x.signum() < 0) {
            throw invalidPower("a negative number raised to a non-integer power yields a complex result");
        }
        return Numbers.powFraction(x, y);
    }

    /** Prefix minus; integers checked against {@code resultType}'s width. */
    public static Object negate(Object v, SqlType resultType) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            SqlType rt = resultType != null && resultType.isInteger() ? resultType : SqlType.BIGINT;
            if (l == Long.MIN_VALUE) {
                throw Numbers.intRange(rt);
            }
            return Numbers.checkWidth(-l, rt);
        }
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof BigDecimal d) {
            return d.negate();
        }
        if (v instanceof String s && resultType != null && resultType.isNumeric()) {
            return negate(coerce(s, resultType), resultType);
        }
        throw undefinedOperator("-", null, typeOf(v));
    }

    /**
     * {@code a || b}: NULL if either is NULL; bytea || bytea joins bytes; jsonb || jsonb joins arrays,
     * merges objects (right side wins) and otherwise wraps scalars in arrays; anything else joins the text
     * forms of the operands (as a CAST to text: {@code 'a' || true} is {@code atrue}).
     */
    public static Object concat(Object a, Object b, SqlType resultType) {
        if (a == null || b == null) {
            return null;
        }
        if (resultType == SqlType.BYTEA || (resultType != SqlType.TEXT && a instanceof Bytes && b instanceof Bytes)) {
            byte[] x = toBytes(a);
            byte[] y = toBytes(b);
            byte[] r = Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, r, x.length, y.length);
            return new Bytes(r);
        }
        if (resultType == SqlType.JSON || (resultType != SqlType.TEXT && a instanceof JsonNode && b instanceof JsonNode)) {
            return jsonConcat(toJson(a), toJson(b));
        }
        return toText(a).concat(toText(b));
    }

    private static byte[] toBytes(Object v) {
        return v instanceof Bytes b ? b.bytes() : TextForms.parseBytea((String) v).bytes();
    }

    private static JsonNode toJson(Object v) {
        return v instanceof JsonNode j ? j : TextForms.parseJson((String) v);
    }

    private static JsonNode jsonConcat(JsonNode a, JsonNode b) {
        if (a.isObject() && b.isObject()) {
            ObjectNode r = ((ObjectNode) a).deepCopy();
            r.setAll((ObjectNode) b.deepCopy());
            return r;
        }
        ArrayNode r = JsonNodeFactory.instance.arrayNode();
        if (a.isArray()) {
            r.addAll((ArrayNode) a.deepCopy());
        } else {
            r.add(a.deepCopy());
        }
        if (b.isArray()) {
            r.addAll((ArrayNode) b.deepCopy());
        } else {
            r.add(b.deepCopy());
        }
        return r;
    }

    private static double checkOverflow(double r, double x, double y) {
        if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw Numbers.doubleOverflow();
        }
        return r;
    }

    private static LocalDate plusDays(LocalDate d, long days) {
        try {
            return d.plusDays(days);
        } catch (DateTimeException | ArithmeticException e) {
            throw SqlErrors.outOfRange("date out of range");
        }
    }

    private static LocalDate toDate(Object v) {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof String s) {
            return TextForms.parseDate(s);
        }
        throw notA(v, SqlType.DATE);
    }

    // ------------------------------------------------------------------ conversions

    private enum Mode { IMPLICIT, ASSIGN, EXPLICIT }

    /**
     * The implicit conversion the binder asks for after {@link #comparisonType} or a function signature:
     * an untyped literal (String) is read as {@code to} (22P02 on bad text), a number widened (integer →
     * numeric → double precision; integers checked against the width), a date to a timestamp.
     *
     * @throws SqlException 42804 for any other conversion
     */
    public static Object coerce(Object v, SqlType to) {
        if (v == null || to == SqlType.UNKNOWN) {
            return v;
        }
        return convert(v, to, Mode.IMPLICIT);
    }

    /**
     * {@code CAST(v AS to)}: text to and from every type (text forms as {@link #toText}/{@link #parseText}),
     * numbers among themselves (double precision → integer rounds half to even like PostgreSQL's rint,
     * numeric → integer half away from zero, then the width is checked: 22003), boolean ↔ integer, date ↔
     * timestamp (UTC), jsonb → number/boolean for a JSON scalar of that kind. {@code maxLength} &gt; 0 is
     * varchar(n): longer text is cut silently.
     *
     * @throws SqlException 42846 for a cast that does not exist, 22P02/22003/22023 for a value that does
     *     not convert
     */
    public static Object cast(Object v, SqlType to, int maxLength) {
        if (v == null) {
            return null;
        }
        Object r = convert(v, to, Mode.EXPLICIT);
        if (maxLength > 0 && r instanceof BigDecimal d) {
            return numericTypmod(d, maxLength);
        }
        if (maxLength > 0 && r instanceof String s && s.length() > maxLength && s.codePointCount(0, s.length()) > maxLength) {
            return s.substring(0, s.offsetByCodePoints(0, maxLength));
        }
        return r;
    }

    /**
     * The conversion of a value stored into a column (INSERT, UPDATE), PostgreSQL's assignment casts:
     * numbers to the column's numeric type (double precision → integer rounds; ranges checked, 22003),
     * text literals read as the column's type (22P02), any value to text by its text form, date ↔
     * timestamp. Text longer than varchar(n) is 22001 unless the excess is spaces, which are cut.
     * Messages name the column.
     */
    public static Object assign(Object v, String column, SqlType to, int maxLength) {
        if (v == null) {
            return null;
        }
        Object r;
        try {
            r = convert(v, to, Mode.ASSIGN);
        } catch (SqlException e) {
            if (e.getMessage().startsWith("column ")) {
                throw e;
            }
            throw new SqlException(e.sqlState(), e.error(), e.getMessage() + " (column \"" + column + "\")");
        } catch (NotAssignable e) {
            throw SqlErrors.typeMismatch("column \"" + column + "\" is of type " + to.sqlName()
                    + " but expression is of type " + typeOf(v).sqlName());
        }
        int n = maxLength;
        if (n > 0 && r instanceof BigDecimal d) {
            try {
                return numericTypmod(d, n);
            } catch (SqlException e) {
                throw new SqlException(e.sqlState(), e.error(), e.getMessage() + " (column \"" + column + "\")");
            }
        }
        if (n > 0 && r instanceof String s && s.length() > n) {
            int count = s.codePointCount(0, s.length());
            if (count > n) {
                int cut = s.offsetByCodePoints(0, n);
                for (int i = cut; i < s.length(); i++) {
                    if (s.charAt(i) != ' ') {
                        throw SqlErrors.stringTooLong("value too long for type character varying(" + n + ") (column \""
                                + column + "\")");
                    }
                }
                return s.substring(0, cut);
            }
        }
        return r;
    }

    /**
     * A numeric value fitted to NUMERIC(p,s), whose type modifier is {@code p << 16 | s}: rounded half away
     * from zero to s fraction digits; 22003 when it then needs more than p - s integer digits.
     */
    public static BigDecimal numericTypmod(BigDecimal d, int typmod) {
        int precision = typmod >>> 16;
        int scale = typmod & 0xffff;
        BigDecimal r = d.setScale(scale, java.math.RoundingMode.HALF_UP);
        if (r.signum() != 0 && r.precision() - r.scale() > precision - scale) {
            throw SqlErrors.outOfRange("numeric field overflow: a field with precision " + precision + ", scale " + scale
                    + " must round to an absolute value less than 10^" + (precision - scale));
        }
        return r;
    }

    /** Internal signal of a conversion assignment does not allow, turned into a message naming the column. */
    private static final class NotAssignable extends RuntimeException {
        NotAssignable() {
            super(null, null, false, false);
        }
    }

    private static RuntimeException refuse(Object v, SqlType to, Mode mode) {
        return switch (mode) {
            case IMPLICIT -> notA(v, to);
            case ASSIGN -> new NotAssignable();
            case EXPLICIT -> cannotCast(typeOf(v), to);
        };
    }

    private static Object convert(Object v, SqlType to, Mode mode) {
        if (v instanceof String s) {
            return TextForms.parse(s, to);
        }
        switch (to) {
            case UNKNOWN:
                return v;
            case TEXT:
                if (mode == Mode.IMPLICIT) {
                    throw refuse(v, to, mode);
                }
                return toText(v);
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                if (mode == Mode.EXPLICIT && v instanceof Long l) {
                    return l != 0;
                }
                if (mode == Mode.EXPLICIT && v instanceof JsonNode j) {
                    if (j.isBoolean()) {
                        return j.booleanValue();
                    }
                    throw jsonScalar(j, to);
                }
                throw refuse(v, to, mode);
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                if (v instanceof Long l) {
                    return Numbers.checkWidth(l, to);
                }
                if (mode != Mode.IMPLICIT) {
                    if (v instanceof Double d) {
                        return Numbers.doubleToLong(d, to);
                    }
                    if (v instanceof BigDecimal d) {
                        return Numbers.bigToLong(d, to);
                    }
                }
                if (mode == Mode.EXPLICIT) {
                    if (v instanceof Boolean b) {
                        return b ? 1L : 0L;
                    }
                    if (v instanceof JsonNode j) {
                        if (j.isNumber()) {
                            return Numbers.bigToLong(jsonNumber(j), to);
                        }
                        throw jsonScalar(j, to);
                    }
                }
                throw refuse(v, to, mode);
            case DOUBLE:
                if (v instanceof Double) {
                    return v;
                }
                if (v instanceof Long l) {
                    return (double) l;
                }
                if (v instanceof BigDecimal d) {
                    return Numbers.bigToDouble(d);
                }
                if (mode == Mode.EXPLICIT && v instanceof JsonNode j) {
                    if (j.isNumber()) {
                        return Numbers.bigToDouble(jsonNumber(j));
                    }
                    throw jsonScalar(j, to);
                }
                throw refuse(v, to, mode);
            case NUMERIC:
                if (v instanceof BigDecimal) {
                    return v;
                }
                if (v instanceof Long l) {
                    return BigDecimal.valueOf(l);
                }
                if (mode != Mode.IMPLICIT && v instanceof Double d) {
                    return Numbers.doubleToBig(d);
                }
                if (mode == Mode.EXPLICIT && v instanceof JsonNode j) {
                    if (j.isNumber()) {
                        return Numbers.normalize(jsonNumber(j));
                    }
                    throw jsonScalar(j, to);
                }
                throw refuse(v, to, mode);
            case DATE:
                if (v instanceof LocalDate) {
                    return v;
                }
                if (mode != Mode.IMPLICIT && v instanceof Instant t) {
                    return LocalDate.ofInstant(t, ZoneOffset.UTC);
                }
                throw refuse(v, to, mode);
            case TIMESTAMP:
                if (v instanceof Instant) {
                    return v;
                }
                if (v instanceof LocalDate d) {
                    return toInstant(d);
                }
                throw refuse(v, to, mode);
            case BYTEA:
                if (v instanceof Bytes) {
                    return v;
                }
                throw refuse(v, to, mode);
            case JSON:
                if (v instanceof JsonNode) {
                    return v;
                }
                throw refuse(v, to, mode);
            default:
                throw new IllegalStateException(to.name());
        }
    }

    private static SqlException jsonScalar(JsonNode j, SqlType to) {
        String kind = j.isObject() ? "object" : j.isArray() ? "array" : j.isTextual() ? "string"
                : j.isBoolean() ? "boolean" : j.isNumber() ? "numeric" : "null";
        return new SqlException("22023", SqlErrors.TYPE_MISMATCH, "cannot cast jsonb " + kind + " to type " + to.sqlName());
    }

    // ------------------------------------------------------------------ text forms

    /**
     * The text form of a value, as a CAST to text gives it: booleans {@code true}/{@code false}; doubles the
     * shortest text that reads back ({@code 1.5}, {@code 1e+20}, {@code 1e-05}, {@code Infinity},
     * {@code NaN}, {@code -0}); numeric with its scale ({@code 1.50}); dates {@code 2024-01-02} (years
     * before 1 with {@code BC}); timestamps {@code 2024-01-02 03:04:05+00} with up to six fraction digits
     * when present; bytea {@code \x0a1b}; JSON compact ({@code {"a":1}}). {@code null} for NULL.
     */
    public static String toText(Object v) {
        return v == null ? null : TextForms.format(v);
    }

    /**
     * The form a value has in results and in {@code concat()} (PostgreSQL's type output functions): like
     * {@link #toText} except booleans are {@code t}/{@code f}.
     */
    public static String toOutputText(Object v) {
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        return toText(v);
    }

    /**
     * Reads text as a type (casts, literals, coercions). Integers: optional sign, surrounding spaces,
     * range-checked for the width (22003). Numeric: decimal with optional exponent ({@code 1.5e3} is
     * 1500); NaN and Infinity have no BigDecimal form and are refused with 0A000. Double: decimal,
     * {@code Infinity}, {@code -Infinity}, {@code inf}, {@code NaN}. Boolean: PostgreSQL's words and
     * their unique prefixes. Date {@code YYYY-MM-DD} (a time part is ignored, {@code BC} allowed).
     * Timestamp: ISO-8601 with {@code T} or a space, optional fraction (rounded to microseconds), optional
     * zone {@code Z}/{@code UTC}/{@code +02}/{@code +02:00}/{@code +0200}; no zone means UTC. Bytea
     * {@code \x} hex or escaped text. JSON any JSON text.
     *
     * @throws SqlException 22P02 {@code invalid input syntax for type integer: "abc"}
     */
    public static Object parseText(String s, SqlType type) {
        return s == null ? null : TextForms.parse(s, type);
    }
}
