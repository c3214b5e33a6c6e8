package io.distdb.sql.types;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/** Number conversions and PostgreSQL's numeric result scales, shared by {@link Values} and {@link Functions}. */
final class Numbers {

    /** PostgreSQL's NUMERIC_MIN_SIG_DIGITS: inexact NUMERIC results carry at least this many significant digits. */
    static final int MIN_SIG_DIGITS = 16;
    /** PostgreSQL's NUMERIC_MAX_DISPLAY_SCALE. */
    static final int MAX_SCALE = 1000;
    /** Results with more digits before the point than this are refused (PostgreSQL allows 131072). */
    static final int MAX_DIGITS = 131_072;

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Numbers() {
    }

    static boolean fits(long v, SqlType type) {
        return switch (type) {
            case SMALLINT -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INTEGER -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
    }

    static SqlException intRange(SqlType type) {
        return SqlErrors.outOfRange(switch (type) {
            case SMALLINT -> "smallint out of range";
            case INTEGER -> "integer out of range";
            default -> "bigint out of range";
        });
    }

    static long checkWidth(long v, SqlType type) {
        if (!fits(v, type)) {
            throw intRange(type);
        }
        return v;
    }

    static SqlException doubleOverflow() {
        return SqlErrors.outOfRange("value out of range: overflow");
    }

    static SqlException doubleUnderflow() {
        return SqlErrors.outOfRange("value out of range: underflow");
    }

    /** The most digits after the point a NUMERIC keeps (PostgreSQL's NUMERIC_DSCALE_MAX). */
    static final int MAX_STORED_SCALE = 16383;

    /**
     * NUMERIC values keep a non-negative scale (1E+3 becomes 1000), and a bounded size. The size is judged
     * from precision and scale before anything is rescaled: rescaling 1E+999999999, or rounding 1E-999999999,
     * would first compute ten to that power, a statement of a few bytes spending minutes of CPU and the heap.
     */
    static BigDecimal normalize(BigDecimal d) {
        long digitsBeforePoint = (long) d.precision() - d.scale();
        if (digitsBeforePoint > MAX_DIGITS) {
            throw SqlErrors.outOfRange("value overflows numeric format");
        }
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        if (d.scale() > MAX_STORED_SCALE) {
            if (digitsBeforePoint < -MAX_STORED_SCALE) {
                // Below 10^-16384 in magnitude: rounds to zero at the kept scale.
                return BigDecimal.valueOf(0, MAX_STORED_SCALE);
            }
            d = d.setScale(MAX_STORED_SCALE, RoundingMode.HALF_UP);
        }
        return d;
    }

    /** Double to integer as PostgreSQL's float8 → int casts: round half to even (rint), then range. */
    static long doubleToLong(double d, SqlType type) {
        double r = Math.rint(d);
        if (Double.isNaN(r) || r < -9.223372036854775808E18 || r >= 9.223372036854775808E18) {
            throw intRange(type);
        }
        return checkWidth((long) r, type);
    }

    /** NUMERIC to integer: round half away from zero, then range. */
    static long bigToLong(BigDecimal d, SqlType type) {
        BigDecimal r = d.setScale(0, RoundingMode.HALF_UP);
        if (r.compareTo(LONG_MIN) < 0 || r.compareTo(LONG_MAX) > 0) {
            throw intRange(type);
        }
        return checkWidth(r.longValue(), type);
    }

    /** NUMERIC to double; a value beyond double's range is an error as in PostgreSQL. */
    static double bigToDouble(BigDecimal d) {
        double v = d.doubleValue();
        if (Double.isInfinite(v) || (v == 0 && d.signum() != 0)) {
            throw SqlErrors.outOfRange("\"" + TextForms.formatNumeric(d) + "\" is out of range for type double precision");
        }
        return v;
    }

    /** Double to NUMERIC as PostgreSQL: 15 significant digits (DBL_DIG); NaN and infinities are refused. */
    static BigDecimal doubleToBig(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw SqlErrors.unsupported("numeric " + TextForms.formatDouble(d));
        }
        if (d == 0) {
            return BigDecimal.ZERO;
        }
        return normalize(new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_EVEN)).stripTrailingZeros());
    }

    static BigDecimal toBig(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof Double d) {
            return doubleToBig(d);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof String s) {
            return TextForms.parseNumeric(s);
        }
        throw Values.notA(v, SqlType.NUMERIC);
    }

    static double toDouble(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof BigDecimal d) {
            return bigToDouble(d);
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return TextForms.parseDouble(s);
        }
        throw Values.notA(v, SqlType.DOUBLE);
    }

    /** A value of an integer type; text is read as {@code type}. */
    static long toLong(Object v, SqlType type) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            return TextForms.parseInteger(s, type.isInteger() ? type : SqlType.BIGINT);
        }
        if (v instanceof Double d) {
            return doubleToLong(d, type.isInteger() ? type : SqlType.BIGINT);
        }
        if (v instanceof BigDecimal d) {
            return bigToLong(d, type.isInteger() ? type : SqlType.BIGINT);
        }
        throw Values.notA(v, type);
    }

    /** The scale of a NUMERIC value as PostgreSQL displays it (never negative). */
    static int dscale(BigDecimal d) {
        return Math.max(d.scale(), 0);
    }

    /**
     * PostgreSQL's select_div_scale: enough fraction digits for at least 16 significant digits in the
     * quotient (estimated with base-10000 digit groups, as PostgreSQL stores numerics), and at least as
     * many as either operand shows; at most 1000.
     */
    static int divisionScale(BigDecimal x, BigDecimal y) {
        int[] wx = weight(x);
        int[] wy = weight(y);
        int qweight = wx[0] - wy[0];
        if (wx[1] <= wy[1]) {
            qweight--;
        }
        int rscale = MIN_SIG_DIGITS - qweight * 4;
        rscale = Math.max(rscale, dscale(x));
        rscale = Math.max(rscale, dscale(y));
        return Math.max(0, Math.min(rscale, MAX_SCALE));
    }

    /** {weight, first digit group} of the base-10000 form of |d|; {0, 0} for zero. */
    static int[] weight(BigDecimal d) {
        if (d.signum() == 0) {
            return new int[] {0, 0};
        }
        BigDecimal a = d.abs();
        int exponent = a.precision() - a.scale() - 1;
        int w = Math.floorDiv(exponent, 4);
        int first = a.movePointLeft(4 * w).setScale(0, RoundingMode.DOWN).intValue();
        return new int[] {w, first};
    }

    static BigDecimal divide(BigDecimal x, BigDecimal y) {
        if (y.signum() == 0) {
            throw SqlErrors.divisionByZero();
        }
        return normalize(x.divide(y, divisionScale(x, y), RoundingMode.HALF_UP));
    }

    /** Decimal exponent of the leading digit (floor(log10|d|)); 0 for zero. */
    static int exponent(BigDecimal d) {
        return d.signum() == 0 ? 0 : d.precision() - d.scale() - 1;
    }

    /** log10|d| for any size of d. */
    static double log10(BigDecimal d) {
        int e = exponent(d);
        double mantissa = d.abs().movePointLeft(e).doubleValue();
        return e + Math.log10(mantissa);
    }

    // ---- transcendental NUMERIC functions, in decimal at the precision the result scale needs

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** rscale = 16 - (int) log10|result| (PostgreSQL's rule for exp, ln, log and fractional powers), clamped. */
    private static int sigScale(double log10Result, int minScale) {
        int rscale = MIN_SIG_DIGITS - (int) log10Result;
        return Math.max(0, Math.min(MAX_SCALE, Math.max(rscale, minScale)));
    }

    /** e^x to about {@code digits} significant digits. */
    private static BigDecimal expDecimal(BigDecimal x, int digits) {
        if (x.signum() == 0) {
            return BigDecimal.ONE;
        }
        int m = Math.max(0, (int) Math.ceil((exponent(x) + 1) * 3.33)) + 2;
        MathContext mc = new MathContext(digits + m / 3 + 10, RoundingMode.HALF_EVEN);
        BigDecimal r = x.divide(TWO.pow(m), mc);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int k = 1; k < 10_000; k++) {
            term = term.multiply(r, mc).divide(BigDecimal.valueOf(k), mc);
            if (term.abs().compareTo(epsilon) < 0) {
                break;
            }
            sum = sum.add(term, mc);
        }
        for (int k = 0; k < m; k++) {
            sum = sum.multiply(sum, mc);
        }
        return sum;
    }

    /** ln x for x &gt; 0, with about {@code digits} correct digits after the point. */
    private static BigDecimal lnDecimal(BigDecimal x, int digits) {
        int e = exponent(x);
        MathContext mc = new MathContext(digits + 12, RoundingMode.HALF_EVEN);
        BigDecimal result = lnNear1(x.movePointLeft(e), mc);
        if (e != 0) {
            result = result.add(lnNear1(BigDecimal.TEN, mc).multiply(BigDecimal.valueOf(e), mc), mc);
        }
        return result;
    }

    /** ln m for m &ge; 1: square roots bring m near 1, then 2·atanh((m-1)/(m+1)). */
    private static BigDecimal lnNear1(BigDecimal m, MathContext mc) {
        BigDecimal limit = new BigDecimal("1.1");
        int k = 0;
        while (m.compareTo(limit) > 0) {
            m = m.sqrt(mc);
            k++;
        }
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), mc);
        BigDecimal z2 = z.multiply(z, mc);
        BigDecimal sum = z;
        BigDecimal power = z;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int n = 3; n < 100_000; n += 2) {
            power = power.multiply(z2, mc);
            BigDecimal term = power.divide(BigDecimal.valueOf(n), mc);
            if (term.abs().compareTo(epsilon) < 0) {
                break;
            }
            sum = sum.add(term, mc);
        }
        return sum.multiply(TWO.pow(k + 1), mc);
    }

    private static SqlException logOf(BigDecimal x) {
        return new SqlException("2201E", SqlErrors.GENERAL, x.signum() == 0
                ? "cannot take logarithm of zero" : "cannot take logarithm of a negative number");
    }

    /** NUMERIC exp(x), PostgreSQL's scale. */
    static BigDecimal exp(BigDecimal x) {
        double log10 = x.doubleValue() * 0.4342944819032518;
        if (log10 > MAX_DIGITS) {
            throw SqlErrors.outOfRange("value overflows numeric format");
        }
        int rscale = sigScale(log10, dscale(x));
        if (log10 < -(rscale + 2)) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int digits = Math.max(0, (int) Math.ceil(log10)) + rscale + 5;
        return normalize(expDecimal(x, digits).setScale(rscale, RoundingMode.HALF_UP));
    }

    /** NUMERIC ln(x), PostgreSQL's scale (2201E for zero and negatives). */
    static BigDecimal ln(BigDecimal x) {
        if (x.signum() <= 0) {
            throw logOf(x);
        }
        double estimate = (log10(x)) * Math.log(10);
        int rscale = sigScale(estimate == 0 ? 0 : Math.log10(Math.abs(estimate)), dscale(x));
        return normalize(lnDecimal(x, rscale + 10).setScale(rscale, RoundingMode.HALF_UP));
    }

    /** NUMERIC log(base, x) = ln x / ln base; log(x) is base 10. */
    static BigDecimal log(BigDecimal base, BigDecimal x) {
        if (base.signum() <= 0) {
            throw logOf(base);
        }
        if (x.signum() <= 0) {
            throw logOf(x);
        }
        if (base.compareTo(BigDecimal.ONE) == 0) {
            throw SqlErrors.divisionByZero();
        }
        double estimate = log10(x) / log10(base);
        int rscale = sigScale(estimate == 0 ? 0 : Math.log10(Math.abs(estimate)), Math.max(dscale(base), dscale(x)));
        int digits = rscale + 20 + Math.max(0, (int) Math.log10(Math.abs(estimate) + 1));
        BigDecimal r = lnDecimal(x, digits).divide(lnDecimal(base, digits), new MathContext(digits + 10, RoundingMode.HALF_EVEN));
        return normalize(r.setScale(rscale, RoundingMode.HALF_UP));
    }

    /** NUMERIC x ^ y for a fractional y (x &ge; 0): exp(y · ln x). */
    static BigDecimal powFraction(BigDecimal x, BigDecimal y) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO.setScale(sigScale(0, Math.max(dscale(x), dscale(y))));
        }
        double log10 = y.doubleValue() * log10(x);
        if (log10 > MAX_DIGITS) {
            throw SqlErrors.outOfRange("value overflows numeric format");
        }
        int rscale = sigScale(log10, Math.max(dscale(x), dscale(y)));
        if (log10 < -(rscale + 2)) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int digits = Math.max(0, (int) Math.ceil(log10)) + rscale + 5;
        int lnDigits = digits + 10 + Math.max(0, exponent(y) + 1) + Math.max(0, (int) Math.log10(Math.abs(log10) + 1));
        BigDecimal exponent = lnDecimal(x, lnDigits).multiply(y);
        return normalize(expDecimal(exponent, digits).setScale(rscale, RoundingMode.HALF_UP));
    }
}
