package io.distdb.sql.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The scalar functions, by lower-case name, with PostgreSQL's signatures and semantics. A name maps to a
 * {@link Function}; binding it to the argument types ({@link Function#bind}) chooses the overload as
 * PostgreSQL does (an exact match, else the one reachable by implicit conversions with the most exact
 * arguments, then the most preferred types: double precision for numbers, text for unknown literals — so
 * {@code round(5)} is double precision and {@code round(5, 1)} numeric) and gives the parameter types,
 * the result type and the implementation. Functions return NULL when an argument is NULL, except
 * coalesce, greatest, least, nullif, concat, concat_ws and pg_typeof. Aggregates are not here.
 */
public final class Functions {

    /** A function name with its overloads. */
    public interface Function {
        String name();

        /**
         * Chooses the overload for these argument types.
         *
         * @throws SqlException 42883 {@code function lower(integer) does not exist}; 42725 when ambiguous
         */
        Bound bind(List<SqlType> argTypes);

        /** The result type for these argument types (42883 when none fits). */
        default SqlType returnType(List<SqlType> argTypes) {
            return bind(argTypes).returnType();
        }

        /**
         * Binds by the run-time types of the values and applies, for tests and one-off calls: strings are
         * untyped literals, Longs integer (bigint beyond its range), NULLs unknown.
         */
        default Object apply(FunctionContext context, Object... args) {
            List<SqlType> types = new ArrayList<>(args.length);
            for (Object a : args) {
                types.add(a instanceof String ? SqlType.UNKNOWN
                        : a instanceof Long l && Numbers.fits(l, SqlType.INTEGER) ? SqlType.INTEGER : Values.typeOf(a));
            }
            return bind(types).apply(context, args);
        }
    }

    /** The implementation of one overload. */
    @FunctionalInterface
    interface Impl {
        Object apply(Bound call, FunctionContext context, Object[] args);
    }

    /**
     * A function bound to argument types. {@link #apply} converts each argument to its parameter type
     * ({@link Values#coerce}; untyped literals are read), returns NULL for a NULL argument when
     * {@link #strict}, and computes the result.
     *
     * @param paramTypes one per argument ({@link SqlType#UNKNOWN} = taken as it is)
     * @param isVolatile whether two calls in one statement may differ (random, clock_timestamp)
     */
    public record Bound(String name, List<SqlType> argTypes, List<SqlType> paramTypes, SqlType returnType,
                        boolean strict, boolean isVolatile, Impl impl) {

        public Object apply(FunctionContext context, Object[] args) {
            Object[] a = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                Object v = args[i];
                if (v == null) {
                    if (strict) {
                        return null;
                    }
                } else {
                    v = Values.coerce(v, paramTypes.get(i));
                }
                a[i] = v;
            }
            return impl.apply(this, context, a);
        }
    }

    private static final SqlType I2 = SqlType.SMALLINT;
    private static final SqlType I4 = SqlType.INTEGER;
    private static final SqlType I8 = SqlType.BIGINT;
    private static final SqlType F8 = SqlType.DOUBLE;
    private static final SqlType N = SqlType.NUMERIC;
    private static final SqlType T = SqlType.TEXT;
    private static final SqlType B = SqlType.BOOLEAN;
    private static final SqlType D = SqlType.DATE;
    private static final SqlType TS = SqlType.TIMESTAMP;
    private static final SqlType BY = SqlType.BYTEA;
    private static final SqlType J = SqlType.JSON;
    /** As a parameter type: any argument type, passed as it is. */
    private static final SqlType ANY = SqlType.UNKNOWN;

    /** One overload: parameter types, an optional repeated last parameter, the result type. */
    private record Sig(List<SqlType> params, SqlType variadic, SqlType ret, boolean strict, boolean isVolatile, Impl impl) {
    }

    private interface Resolver {
        Bound resolve(String name, List<SqlType> argTypes);
    }

    private record Entry(String name, Resolver resolver) implements Function {
        @Override
        public Bound bind(List<SqlType> argTypes) {
            return resolver.resolve(name, List.copyOf(argTypes));
        }
    }

    private static final Map<String, Function> REGISTRY = new TreeMap<>();

    private Functions() {
    }

    /** The function of this name (any case), or {@code null}. */
    public static Function find(String name) {
        return REGISTRY.get(name.toLowerCase(Locale.ROOT));
    }

    /** @throws SqlException 42883 {@code function foo does not exist} */
    public static Function get(String name) {
        Function f = find(name);
        if (f == null) {
            throw SqlErrors.unknownFunction(name.toLowerCase(Locale.ROOT));
        }
        return f;
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(REGISTRY.keySet());
    }

    // ------------------------------------------------------------------ resolution

    private static Sig sig(SqlType ret, Impl impl, SqlType... params) {
        return new Sig(List.of(params), null, ret, true, false, impl);
    }

    private static Sig variadic(SqlType ret, boolean strict, Impl impl, SqlType repeated, SqlType... params) {
        return new Sig(List.of(params), repeated, ret, strict, false, impl);
    }

    private static void def(String name, Sig... sigs) {
        List<Sig> list = List.of(sigs);
        REGISTRY.put(name, new Entry(name, (n, args) -> choose(n, list, args)));
    }

    private static void defCustom(String name, Resolver resolver) {
        REGISTRY.put(name, new Entry(name, resolver));
    }

    private static void alias(String alias, String name) {
        Function f = REGISTRY.get(name);
        REGISTRY.put(alias, new Entry(alias, ((Entry) f).resolver()));
    }

    private static String signature(String name, List<SqlType> args) {
        return name + "(" + args.stream().map(SqlType::sqlName).collect(Collectors.joining(", ")) + ")";
    }

    private static List<SqlType> expand(Sig s, int n) {
        if (s.variadic() == null) {
            return s.params().size() == n ? s.params() : null;
        }
        if (n < s.params().size() + 1) {
            return null;
        }
        List<SqlType> p = new ArrayList<>(s.params());
        while (p.size() < n) {
            p.add(s.variadic());
        }
        return p;
    }

    private static Bound choose(String name, List<Sig> sigs, List<SqlType> args) {
        List<Sig> best = new ArrayList<>();
        List<List<SqlType>> bestParams = new ArrayList<>();
        int bestExact = -1;
        int bestPreferred = -1;
        for (Sig s : sigs) {
            List<SqlType> p = expand(s, args.size());
            if (p == null) {
                continue;
            }
            int exact = 0;
            int preferred = 0;
            boolean viable = true;
            for (int i = 0; i < args.size(); i++) {
                SqlType a = args.get(i);
                SqlType want = p.get(i);
                if (want == ANY || a == want) {
                    exact++;
                } else if (Values.implicitlyConvertible(a, want)) {
                    if (want == F8 || want == T) {
                        preferred++;
                    }
                } else {
                    viable = false;
                    break;
                }
            }
            if (!viable) {
                continue;
            }
            if (exact > bestExact || (exact == bestExact && preferred > bestPreferred)) {
                best.clear();
                bestParams.clear();
                bestExact = exact;
                bestPreferred = preferred;
            }
            if (exact == bestExact && preferred == bestPreferred) {
                best.add(s);
                bestParams.add(p);
            }
        }
        if (best.isEmpty()) {
            throw SqlErrors.unknownFunction(signature(name, args));
        }
        if (best.size() > 1) {
            throw new SqlException("42725", SqlErrors.GENERAL, "function " + signature(name, args) + " is not unique");
        }
        Sig s = best.get(0);
        return new Bound(name, args, bestParams.get(0), s.ret(), s.strict(), s.isVolatile(), s.impl());
    }

    /** Every argument converted to the arguments' common type, which is also the result type. */
    private static Resolver common(String context, int min, int max, boolean strict, Impl impl) {
        return (name, args) -> {
            if (args.size() < min || args.size() > max) {
                throw SqlErrors.unknownFunction(signature(name, args));
            }
            SqlType t = Values.commonType(context, args);
            return new Bound(name, args, Collections.nCopies(args.size(), t), t, strict, false, impl);
        };
    }

    // ------------------------------------------------------------------ helpers

    private static long l(Object v) {
        return (Long) v;
    }

    private static double d(Object v) {
        return (Double) v;
    }

    private static BigDecimal n(Object v) {
        return (BigDecimal) v;
    }

    private static String s(Object v) {
        return (String) v;
    }

    private static int i(Object v) {
        long x = (Long) v;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x));
    }

    private static SqlException invalidArgument(String sqlState, String message) {
        return new SqlException(sqlState, SqlErrors.GENERAL, message);
    }

    private static double checkDouble(double r) {
        if (Double.isInfinite(r)) {
            throw Numbers.doubleOverflow();
        }
        return r;
    }

    private static int cpLength(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Code points [from, to) of s, both clamped to the string. */
    private static String cpSlice(String s, long from, long to) {
        int len = cpLength(s);
        long a = Math.max(0, Math.min(from, len));
        long b = Math.max(a, Math.min(to, len));
        if (len == s.length()) {
            return s.substring((int) a, (int) b);
        }
        int start = s.offsetByCodePoints(0, (int) a);
        int end = s.offsetByCodePoints(start, (int) (b - a));
        return s.substring(start, end);
    }

    private static void checkLength(long chars) {
        if (chars > (1L << 28)) {
            throw SqlErrors.tooLarge("requested length too large");
        }
    }

    private static String trim(String s, String chars, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length();
        while (leading && start < end) {
            int c = s.codePointAt(start);
            if (chars.indexOf(c) < 0) {
                break;
            }
            start += Character.charCount(c);
        }
        while (trailing && end > start) {
            int c = s.codePointBefore(end);
            if (chars.indexOf(c) < 0) {
                break;
            }
            end -= Character.charCount(c);
        }
        return s.substring(start, end);
    }

    private static String pad(String s, long len, String fill, boolean left) {
        if (len <= 0) {
            return "";
        }
        checkLength(len);
        int slen = cpLength(s);
        if (slen >= len) {
            return cpSlice(s, 0, len);
        }
        if (fill.isEmpty()) {
            return s;
        }
        int[] f = fill.codePoints().toArray();
        StringBuilder p = new StringBuilder();
        for (long k = 0; k < len - slen; k++) {
            p.appendCodePoint(f[(int) (k % f.length)]);
        }
        return left ? p + s : s + p;
    }

    private static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            k += Character.charCount(c);
            out.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
            inWord = Character.isLetterOrDigit(c);
        }
        return out.toString();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytesOf(Object v) {
        return v instanceof Bytes b ? b.bytes() : s(v).getBytes(StandardCharsets.UTF_8);
    }

    /** Significant-digit scale of PostgreSQL's numeric sqrt: from the base-10000 weight of the argument. */
    private static BigDecimal numericSqrt(BigDecimal x) {
        if (x.signum() < 0) {
            throw invalidArgument("2201F", "cannot take square root of a negative number");
        }
        int weight = Numbers.weight(x)[0];
        int sweight = (weight + 1) * 4 / 2 - 1;
        int rscale = Math.max(0, Math.min(Numbers.MAX_SCALE, Math.max(Numbers.MIN_SIG_DIGITS - sweight, Numbers.dscale(x))));
        if (x.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int precision = Math.max(1, Numbers.exponent(x) / 2 + 2) + rscale + 5;
        return x.sqrt(new MathContext(precision, RoundingMode.HALF_EVEN)).setScale(rscale, RoundingMode.HALF_UP);
    }

    private static double lnOf(double x, boolean base10) {
        if (x == 0) {
            throw invalidArgument("2201E", "cannot take logarithm of zero");
        }
        if (x < 0) {
            throw invalidArgument("2201E", "cannot take logarithm of a negative number");
        }
        return base10 ? Math.log10(x) : Math.log(x);
    }

    private static BigDecimal roundNumeric(BigDecimal x, long places, RoundingMode mode) {
        int p = (int) Math.max(-Numbers.MAX_DIGITS, Math.min(Numbers.MAX_SCALE, places));
        BigDecimal r = x.setScale(p, mode);
        return p < 0 ? r.setScale(0) : r;
    }

    // ------------------------------------------------------------------ dates

    private static final Set<String> TIME_FIELDS = Set.of("hour", "minute", "second", "millisecond", "microsecond",
            "timezone", "timezone_hour", "timezone_minute");

    private static String unit(String field) {
        String f = field.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "years", "y", "yr", "yrs" -> "year";
            case "months", "mon", "mons" -> "month";
            case "days", "d" -> "day";
            case "hours", "h", "hr", "hrs" -> "hour";
            case "minutes", "min", "mins", "m" -> "minute";
            case "seconds", "sec", "secs", "s" -> "second";
            case "milliseconds", "ms", "msec", "msecs" -> "millisecond";
            case "microseconds", "us", "usec", "usecs" -> "microsecond";
            case "weeks", "w" -> "week";
            case "decades" -> "decade";
            case "centuries" -> "century";
            case "millennia", "millenniums" -> "millennium";
            default -> f;
        };
    }

    /** PostgreSQL's year numbering: no year 0, 1 BC is -1. */
    private static long pgYear(int isoYear) {
        return isoYear > 0 ? isoYear : isoYear - 1;
    }

    /** extract(field from v) as PostgreSQL 14+: numeric; seconds and epoch of a timestamp with six fraction digits. */
    static BigDecimal extract(String field, Object v) {
        String u = unit(field);
        boolean isDate = v instanceof LocalDate;
        if (isDate && TIME_FIELDS.contains(u)) {
            throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "unit \"" + field + "\" not supported for type date");
        }
        LocalDateTime t = isDate ? ((LocalDate) v).atStartOfDay()
                : LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC);
        long micros = t.getNano() / 1000;
        long year = pgYear(t.getYear());
        return switch (u) {
            case "year" -> BigDecimal.valueOf(year);
            case "month" -> BigDecimal.valueOf(t.getMonthValue());
            case "day" -> BigDecimal.valueOf(t.getDayOfMonth());
            case "hour" -> BigDecimal.valueOf(t.getHour());
            case "minute" -> BigDecimal.valueOf(t.getMinute());
            case "second" -> BigDecimal.valueOf(t.getSecond() * 1_000_000L + micros, 6);
            case "millisecond" -> BigDecimal.valueOf(t.getSecond() * 1_000_000L + micros, 3);
            case "microsecond" -> BigDecimal.valueOf(t.getSecond() * 1_000_000L + micros);
            case "dow" -> BigDecimal.valueOf(t.getDayOfWeek().getValue() % 7);
            case "isodow" -> BigDecimal.valueOf(t.getDayOfWeek().getValue());
            case "doy" -> BigDecimal.valueOf(t.getDayOfYear());
            case "week" -> BigDecimal.valueOf(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "isoyear" -> BigDecimal.valueOf(pgYear(t.get(IsoFields.WEEK_BASED_YEAR)));
            case "quarter" -> BigDecimal.valueOf((t.getMonthValue() - 1) / 3 + 1);
            case "decade" -> BigDecimal.valueOf(Math.floorDiv(year, 10));
            case "century" -> BigDecimal.valueOf(year > 0 ? (year + 99) / 100 : -((-year + 99) / 100));
            case "millennium" -> BigDecimal.valueOf(year > 0 ? (year + 999) / 1000 : -((-year + 999) / 1000));
            case "julian" -> BigDecimal.valueOf(t.toLocalDate().toEpochDay() + 2_440_588L);
            case "epoch" -> isDate ? BigDecimal.valueOf(((LocalDate) v).toEpochDay() * 86_400L)
                    : BigDecimal.valueOf(((Instant) v).getEpochSecond() * 1_000_000L + micros, 6);
            case "timezone", "timezone_hour", "timezone_minute" -> BigDecimal.ZERO;
            default -> throw invalidArgument("22023", "unit \"" + field + "\" not recognized for type "
                    + (isDate ? "date" : "timestamp with time zone"));
        };
    }

    static Instant dateTrunc(String field, Instant v) {
        LocalDateTime t = LocalDateTime.ofInstant(v, ZoneOffset.UTC);
        LocalDate day = t.toLocalDate();
        int y = t.getYear();
        LocalDateTime r = switch (unit(field)) {
            case "microsecond" -> t.withNano(t.getNano() / 1000 * 1000);
            case "millisecond" -> t.withNano(t.getNano() / 1_000_000 * 1_000_000);
            case "second" -> t.withNano(0);
            case "minute" -> t.withSecond(0).withNano(0);
            case "hour" -> t.withMinute(0).withSecond(0).withNano(0);
            case "day" -> day.atStartOfDay();
            case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case "month" -> day.withDayOfMonth(1).atStartOfDay();
            case "quarter" -> LocalDate.of(y, (t.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case "year" -> LocalDate.of(y, 1, 1).atStartOfDay();
            case "decade" -> LocalDate.of(Math.floorDiv(y, 10) * 10, 1, 1).atStartOfDay();
            case "century" -> LocalDate.of(y > 0 ? (y - 1) / 100 * 100 + 1 : y, 1, 1).atStartOfDay();
            case "millennium" -> LocalDate.of(y > 0 ? (y - 1) / 1000 * 1000 + 1 : y, 1, 1).atStartOfDay();
            default -> throw invalidArgument("22023", "unit \"" + field + "\" not recognized for type timestamp with time zone");
        };
        return r.toInstant(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ JSON

    /**
     * {@code j -> key}: a text key reads an object's field, an integer an array's element (negative counts
     * from the end); anything missing (or the wrong kind of container) is {@code null}. A JSON null value
     * is returned as the JSON null node.
     */
    public static JsonNode jsonGet(JsonNode j, Object key) {
        if (j == null || key == null) {
            return null;
        }
        if (key instanceof String k) {
            return j.isObject() ? j.get(k) : null;
        }
        if (key instanceof Long index) {
            if (!j.isArray()) {
                return null;
            }
            long at = index < 0 ? j.size() + index : index;
            return at >= 0 && at < j.size() ? j.get((int) at) : null;
        }
        throw SqlErrors.typeMismatch("operator does not exist: jsonb -> " + Values.typeOf(key).sqlName());
    }

    /** {@code j ->> key}: like {@link #jsonGet}, as text: strings unquoted, JSON null as SQL NULL. */
    public static String jsonGetText(JsonNode j, Object key) {
        return jsonText(jsonGet(j, key));
    }

    private static String jsonText(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : Values.toText(v);
    }

    private static JsonNode jsonPath(JsonNode j, Object[] args) {
        JsonNode cur = j;
        for (int k = 1; k < args.length && cur != null; k++) {
            Object key = args[k];
            if (key == null) {
                return null;
            }
            String p = s(key);
            if (cur.isArray()) {
                try {
                    cur = jsonGet(cur, Long.parseLong(p.strip()));
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                cur = jsonGet(cur, p);
            }
        }
        return cur;
    }

    private static String jsonType(JsonNode j) {
        if (j.isObject()) {
            return "object";
        }
        if (j.isArray()) {
            return "array";
        }
        if (j.isTextual()) {
            return "string";
        }
        if (j.isNumber()) {
            return "number";
        }
        if (j.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    /** to_jsonb: numbers, booleans and text become JSON scalars, dates and timestamps ISO-8601 strings. */
    static JsonNode toJson(Object v) {
        if (v instanceof JsonNode j) {
            return j;
        }
        if (v instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? DoubleNode.valueOf(d) : TextNode.valueOf(Values.toText(d));
        }
        if (v instanceof BigDecimal d) {
            return DecimalNode.valueOf(d);
        }
        if (v instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (v instanceof Instant t) {
            String s = Values.toText(t);
            return TextNode.valueOf(s.replace(' ', 'T').replace("+00", "+00:00"));
        }
        return TextNode.valueOf(Values.toText(v));
    }

    // ------------------------------------------------------------------ the registry

    static {
        // ---- numbers
        def("abs",
                sig(I2, (c, x, a) -> Numbers.checkWidth(Math.abs(l(a[0])), I2), I2),
                sig(I4, (c, x, a) -> Numbers.checkWidth(Math.abs(l(a[0])), I4), I4),
                sig(I8, (c, x, a) -> {
                    if (l(a[0]) == Long.MIN_VALUE) {
                        throw Numbers.intRange(I8);
                    }
                    return Math.abs(l(a[0]));
                }, I8),
                sig(N, (c, x, a) -> n(a[0]).abs(), N),
                sig(F8, (c, x, a) -> Math.abs(d(a[0])), F8));
        def("sign",
                sig(F8, (c, x, a) -> Math.signum(d(a[0])), F8),
                sig(N, (c, x, a) -> BigDecimal.valueOf(n(a[0]).signum()), N));
        def("round",
                sig(F8, (c, x, a) -> Math.rint(d(a[0])), F8),
                sig(N, (c, x, a) -> n(a[0]).setScale(0, RoundingMode.HALF_UP), N),
                sig(N, (c, x, a) -> roundNumeric(n(a[0]), l(a[1]), RoundingMode.HALF_UP), N, I4));
        def("trunc",
                sig(F8, (c, x, a) -> d(a[0]) < 0 ? Math.ceil(d(a[0])) : Math.floor(d(a[0])), F8),
                sig(N, (c, x, a) -> n(a[0]).setScale(0, RoundingMode.DOWN), N),
                sig(N, (c, x, a) -> roundNumeric(n(a[0]), l(a[1]), RoundingMode.DOWN), N, I4));
        def("ceil",
                sig(F8, (c, x, a) -> Math.ceil(d(a[0])), F8),
                sig(N, (c, x, a) -> n(a[0]).setScale(0, RoundingMode.CEILING), N));
        alias("ceiling", "ceil");
        def("floor",
                sig(F8, (c, x, a) -> Math.floor(d(a[0])), F8),
                sig(N, (c, x, a) -> n(a[0]).setScale(0, RoundingMode.FLOOR), N));
        def("sqrt",
                sig(F8, (c, x, a) -> {
                    if (d(a[0]) < 0) {
                        throw invalidArgument("2201F", "cannot take square root of a negative number");
                    }
                    return Math.sqrt(d(a[0]));
                }, F8),
                sig(N, (c, x, a) -> numericSqrt(n(a[0])), N));
        def("cbrt", sig(F8, (c, x, a) -> Math.cbrt(d(a[0])), F8));
        def("power",
                sig(F8, (c, x, a) -> Values.doublePower(d(a[0]), d(a[1])), F8, F8),
                sig(N, (c, x, a) -> Values.numericPower(n(a[0]), n(a[1])), N, N));
        alias("pow", "power");
        def("exp",
                sig(F8, (c, x, a) -> {
                    double r = Math.exp(d(a[0]));
                    if (Double.isInfinite(r) && Double.isFinite(d(a[0]))) {
                        throw Numbers.doubleOverflow();
                    }
                    if (r == 0 && Double.isFinite(d(a[0]))) {
                        throw Numbers.doubleUnderflow();
                    }
                    return r;
                }, F8),
                sig(N, (c, x, a) -> Numbers.exp(n(a[0])), N));
        def("ln",
                sig(F8, (c, x, a) -> lnOf(d(a[0]), false), F8),
                sig(N, (c, x, a) -> Numbers.ln(n(a[0])), N));
        def("log",
                sig(F8, (c, x, a) -> lnOf(d(a[0]), true), F8),
                sig(N, (c, x, a) -> Numbers.log(BigDecimal.TEN, n(a[0])), N),
                sig(N, (c, x, a) -> Numbers.log(n(a[0]), n(a[1])), N, N));
        def("log10",
                sig(F8, (c, x, a) -> lnOf(d(a[0]), true), F8),
                sig(N, (c, x, a) -> Numbers.log(BigDecimal.TEN, n(a[0])), N));
        def("mod",
                sig(I2, (c, x, a) -> Values.modulo(a[0], a[1], I2), I2, I2),
                sig(I4, (c, x, a) -> Values.modulo(a[0], a[1], I4), I4, I4),
                sig(I8, (c, x, a) -> Values.modulo(a[0], a[1], I8), I8, I8),
                sig(N, (c, x, a) -> Values.modulo(a[0], a[1], N), N, N));
        def("div", sig(N, (c, x, a) -> {
            if (n(a[1]).signum() == 0) {
                throw SqlErrors.divisionByZero();
            }
            return Numbers.normalize(n(a[0]).divideToIntegralValue(n(a[1])).setScale(0, RoundingMode.DOWN));
        }, N, N));
        def("pi", sig(F8, (c, x, a) -> Math.PI));
        def("degrees", sig(F8, (c, x, a) -> Math.toDegrees(d(a[0])), F8));
        def("radians", sig(F8, (c, x, a) -> Math.toRadians(d(a[0])), F8));
        REGISTRY.put("random", new Entry("random", (name, args) -> {
            if (!args.isEmpty()) {
                throw SqlErrors.unknownFunction(signature(name, args));
            }
            return new Bound(name, args, List.of(), F8, false, true, (b, ctx, a) -> ctx.random().nextDouble());
        }));

        // ---- conditional
        defCustom("coalesce", common("COALESCE", 1, Integer.MAX_VALUE, false, (b, c, a) -> {
            for (Object v : a) {
                if (v != null) {
                    return v;
                }
            }
            return null;
        }));
        defCustom("greatest", common("GREATEST", 1, Integer.MAX_VALUE, false, (b, c, a) -> extreme(a, 1)));
        defCustom("least", common("LEAST", 1, Integer.MAX_VALUE, false, (b, c, a) -> extreme(a, -1)));
        defCustom("nullif", (name, args) -> {
            if (args.size() != 2) {
                throw SqlErrors.unknownFunction(signature(name, args));
            }
            SqlType t = Values.comparisonType(args.get(0), args.get(1));
            return new Bound(name, args, List.of(t, t), t, false, false,
                    (b, c, a) -> a[0] != null && a[1] != null && Values.compare(a[0], a[1]) == 0 ? null : a[0]);
        });

        // ---- text
        def("length",
                sig(I4, (c, x, a) -> (long) cpLength(s(a[0])), T),
                sig(I4, (c, x, a) -> (long) ((Bytes) a[0]).length(), BY));
        def("char_length", sig(I4, (c, x, a) -> (long) cpLength(s(a[0])), T));
        alias("character_length", "char_length");
        def("octet_length",
                sig(I4, (c, x, a) -> (long) s(a[0]).getBytes(StandardCharsets.UTF_8).length, T),
                sig(I4, (c, x, a) -> (long) ((Bytes) a[0]).length(), BY));
        def("lower", sig(T, (c, x, a) -> s(a[0]).toLowerCase(Locale.ROOT), T));
        def("upper", sig(T, (c, x, a) -> s(a[0]).toUpperCase(Locale.ROOT), T));
        def("initcap", sig(T, (c, x, a) -> initcap(s(a[0])), T));
        def("substr",
                sig(T, (c, x, a) -> cpSlice(s(a[0]), l(a[1]) - 1, Long.MAX_VALUE), T, I4),
                sig(T, (c, x, a) -> {
                    if (l(a[2]) < 0) {
                        throw invalidArgument("22011", "negative substring length not allowed");
                    }
                    return cpSlice(s(a[0]), l(a[1]) - 1, l(a[1]) - 1 + l(a[2]));
                }, T, I4, I4));
        alias("substring", "substr");
        def("left", sig(T, (c, x, a) -> {
            long n = l(a[1]);
            return cpSlice(s(a[0]), 0, n >= 0 ? n : cpLength(s(a[0])) + n);
        }, T, I4));
        def("right", sig(T, (c, x, a) -> {
            long n = l(a[1]);
            int len = cpLength(s(a[0]));
            return cpSlice(s(a[0]), n >= 0 ? len - n : -n, len);
        }, T, I4));
        def("position", sig(I4, (c, x, a) -> position(s(a[1]), s(a[0])), T, T));
        def("strpos", sig(I4, (c, x, a) -> position(s(a[0]), s(a[1])), T, T));
        def("replace", sig(T, (c, x, a) -> s(a[1]).isEmpty() ? s(a[0]) : s(a[0]).replace(s(a[1]), s(a[2])), T, T, T));
        def("reverse", sig(T, (c, x, a) -> new StringBuilder(s(a[0])).reverse().toString(), T));
        def("repeat", sig(T, (c, x, a) -> {
            long n = l(a[1]);
            if (n <= 0) {
                return "";
            }
            checkLength(s(a[0]).length() * n);
            return s(a[0]).repeat((int) n);
        }, T, I4));
        def("lpad",
                sig(T, (c, x, a) -> pad(s(a[0]), l(a[1]), " ", true), T, I4),
                sig(T, (c, x, a) -> pad(s(a[0]), l(a[1]), s(a[2]), true), T, I4, T));
        def("rpad",
                sig(T, (c, x, a) -> pad(s(a[0]), l(a[1]), " ", false), T, I4),
                sig(T, (c, x, a) -> pad(s(a[0]), l(a[1]), s(a[2]), false), T, I4, T));
        def("btrim",
                sig(T, (c, x, a) -> trim(s(a[0]), " ", true, true), T),
                sig(T, (c, x, a) -> trim(s(a[0]), s(a[1]), true, true), T, T));
        alias("trim", "btrim");
        def("ltrim",
                sig(T, (c, x, a) -> trim(s(a[0]), " ", true, false), T),
                sig(T, (c, x, a) -> trim(s(a[0]), s(a[1]), true, false), T, T));
        def("rtrim",
                sig(T, (c, x, a) -> trim(s(a[0]), " ", false, true), T),
                sig(T, (c, x, a) -> trim(s(a[0]), s(a[1]), false, true), T, T));
        def("concat", variadic(T, false, (c, x, a) -> {
            StringBuilder out = new StringBuilder();
            for (Object v : a) {
                if (v != null) {
                    out.append(Values.toOutputText(v));
                }
            }
            return out.toString();
        }, ANY));
        def("concat_ws", variadic(T, false, (c, x, a) -> {
            if (a[0] == null) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            boolean first = true;
            for (int k = 1; k < a.length; k++) {
                if (a[k] != null) {
                    if (!first) {
                        out.append(s(a[0]));
                    }
                    first = false;
                    out.append(Values.toOutputText(a[k]));
                }
            }
            return out.toString();
        }, ANY, T));
        def("split_part", sig(T, (c, x, a) -> splitPart(s(a[0]), s(a[1]), l(a[2])), T, T, I4));
        def("starts_with", sig(B, (c, x, a) -> s(a[0]).startsWith(s(a[1])), T, T));
        def("md5",
                sig(T, (c, x, a) -> hex(digest("MD5", bytesOf(a[0]))), T),
                sig(T, (c, x, a) -> hex(digest("MD5", bytesOf(a[0]))), BY));
        def("sha256", sig(BY, (c, x, a) -> new Bytes(digest("SHA-256", bytesOf(a[0]))), BY));
        def("to_hex",
                sig(T, (c, x, a) -> Integer.toHexString((int) l(a[0])), I4),
                sig(T, (c, x, a) -> Long.toHexString(l(a[0])), I8));
        def("ascii", sig(I4, (c, x, a) -> s(a[0]).isEmpty() ? 0L : (long) s(a[0]).codePointAt(0), T));
        def("chr", sig(T, (c, x, a) -> chr(l(a[0])), I4));
        def("translate", sig(T, (c, x, a) -> translate(s(a[0]), s(a[1]), s(a[2])), T, T, T));
        def("encode", sig(T, (c, x, a) -> encode(((Bytes) a[0]).bytes(), s(a[1])), BY, T));
        def("decode", sig(BY, (c, x, a) -> decode(s(a[0]), s(a[1])), T, T));

        // ---- dates and times
        Impl now = (b, c, a) -> c.statementStart();
        def("now", sig(TS, now));
        def("current_timestamp", sig(TS, now));
        def("transaction_timestamp", sig(TS, now));
        def("statement_timestamp", sig(TS, now));
        REGISTRY.put("clock_timestamp", new Entry("clock_timestamp", (name, args) -> {
            if (!args.isEmpty()) {
                throw SqlErrors.unknownFunction(signature(name, args));
            }
            return new Bound(name, args, List.of(), TS, false, true, (b, c, a) -> Instant.now());
        }));
        def("current_date", sig(D, (b, c, a) -> LocalDate.ofInstant(c.statementStart(), ZoneOffset.UTC)));
        def("extract",
                sig(N, (b, c, a) -> extract(s(a[0]), a[1]), T, TS),
                sig(N, (b, c, a) -> extract(s(a[0]), a[1]), T, D));
        def("date_part", sig(F8, (b, c, a) -> extract(s(a[0]), a[1]).doubleValue(), T, TS));
        def("date_trunc", sig(TS, (b, c, a) -> dateTrunc(s(a[0]), (Instant) a[1]), T, TS));
        def("make_date", sig(D, (b, c, a) -> {
            try {
                return LocalDate.of((int) (l(a[0]) < 0 ? l(a[0]) + 1 : l(a[0])), i(a[1]), i(a[2]));
            } catch (DateTimeException e) {
                throw new SqlException("22008", SqlErrors.GENERAL, "date field value out of range: "
                        + a[0] + "-" + a[1] + "-" + a[2]);
            }
        }, I4, I4, I4));
        def("to_timestamp", sig(TS, (b, c, a) -> {
            double secs = d(a[0]);
            if (!Double.isFinite(secs) || Math.abs(secs) > 3e14) {
                throw SqlErrors.outOfRange("timestamp out of range: \"" + Values.toText(secs) + "\"");
            }
            long micros = Math.round(secs * 1e6);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        }, F8));

        // ---- JSON
        def("jsonb_typeof", sig(T, (b, c, a) -> jsonType((JsonNode) a[0]), J));
        alias("json_typeof", "jsonb_typeof");
        def("jsonb_array_length", sig(I4, (b, c, a) -> {
            JsonNode j = (JsonNode) a[0];
            if (!j.isArray()) {
                throw invalidArgument("22023", j.isObject() ? "cannot get array length of a non-array"
                        : "cannot get array length of a scalar");
            }
            return (long) j.size();
        }, J));
        alias("json_array_length", "jsonb_array_length");
        def("jsonb_extract_path", variadic(J, true, (b, c, a) -> jsonPath((JsonNode) a[0], a), T, J));
        alias("json_extract_path", "jsonb_extract_path");
        def("jsonb_extract_path_text", variadic(T, true, (b, c, a) -> jsonText(jsonPath((JsonNode) a[0], a)), T, J));
        alias("json_extract_path_text", "jsonb_extract_path_text");
        def("to_jsonb", sig(J, (b, c, a) -> toJson(a[0]), ANY));
        alias("to_json", "to_jsonb");

        // ---- system
        REGISTRY.put("pg_typeof", new Entry("pg_typeof", (name, args) -> {
            if (args.size() != 1) {
                throw SqlErrors.unknownFunction(signature(name, args));
            }
            String type = args.get(0).sqlName();
            return new Bound(name, args, List.of(ANY), T, false, false, (b, c, a) -> type);
        }));
        String version = "DistDB " + versionOf() + " (PostgreSQL-compatible SQL)";
        def("version", sig(T, (b, c, a) -> version));
        // Every table lives in schema public (also written without parentheses: current_schema).
        def("current_schema", sig(T, (b, c, a) -> "public"));
    }

    private static String versionOf() {
        String v = Functions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static Object extreme(Object[] a, int sign) {
        Object best = null;
        for (Object v : a) {
            if (v != null && (best == null || Values.compare(v, best) * sign > 0)) {
                best = v;
            }
        }
        return best;
    }

    private static long position(String s, String sub) {
        int at = s.indexOf(sub);
        return at < 0 ? 0 : s.codePointCount(0, at) + 1L;
    }

    private static String splitPart(String s, String delimiter, long n) {
        if (n == 0) {
            throw invalidArgument("22023", "field position must not be zero");
        }
        List<String> fields = new ArrayList<>();
        if (delimiter.isEmpty()) {
            fields.add(s);
        } else {
            int from = 0;
            while (true) {
                int at = s.indexOf(delimiter, from);
                if (at < 0) {
                    fields.add(s.substring(from));
                    break;
                }
                fields.add(s.substring(from, at));
                from = at + delimiter.length();
            }
        }
        if (s.isEmpty()) {
            return "";
        }
        long index = n > 0 ? n - 1 : fields.size() + n;
        return index >= 0 && index < fields.size() ? fields.get((int) index) : "";
    }

    private static String chr(long code) {
        if (code == 0) {
            throw SqlErrors.tooLarge("null character not permitted");
        }
        if (code < 0) {
            throw invalidArgument("22023", "character number must be positive");
        }
        if (code > Character.MAX_CODE_POINT) {
            throw SqlErrors.tooLarge("requested character too large for encoding: " + code);
        }
        if (code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE) {
            throw SqlErrors.tooLarge("requested character not valid for encoding: " + code);
        }
        return new String(Character.toChars((int) code));
    }

    private static String translate(String s, String from, String to) {
        int[] f = from.codePoints().toArray();
        int[] t = to.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            int k = -1;
            for (int j = 0; j < f.length; j++) {
                if (f[j] == c) {
                    k = j;
                    break;
                }
            }
            if (k < 0) {
                out.appendCodePoint(c);
            } else if (k < t.length) {
                out.appendCodePoint(t[k]);
            }
        });
        return out.toString();
    }

    private static String encode(byte[] b, String format) {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "hex" -> hex(b);
            case "base64" -> Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(b);
            case "escape" -> {
                StringBuilder out = new StringBuilder();
                for (byte x : b) {
                    int v = x & 0xFF;
                    if (v == '\\') {
                        out.append("\\\\");
                    } else if (v == 0 || v >= 0x80) {
                        out.append('\\').append(String.format("%03o", v));
                    } else {
                        out.append((char) v);
                    }
                }
                yield out.toString();
            }
            default -> throw invalidArgument("22023", "unrecognized encoding: \"" + format + "\"");
        };
    }

    private static Bytes decode(String s, String format) {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "hex" -> TextForms.parseBytea("\\x" + s);
            case "base64" -> {
                try {
                    yield new Bytes(Base64.getMimeDecoder().decode(s));
                } catch (IllegalArgumentException e) {
                    throw invalidArgument("22023", "invalid base64 data");
                }
            }
            case "escape" -> TextForms.parseBytea(s.startsWith("\\x") ? "\\\\" + s.substring(1) : s);
            default -> throw invalidArgument("22023", "unrecognized encoding: \"" + format + "\"");
        };
    }
}
