package io.distdb.sql.types;

import io.distdb.sql.SqlErrors;
import io.distdb.sql.SqlException;

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

    /** NUMERIC values keep a non-negative scale (1E+3 becomes 1000), and a bounded size. */
    static BigDecimal normalize(BigDecimal d) {
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        if (d.precision() - d.scale() > MAX_DIGITS) {
            throw SqlErrors.outOfRange("value overflows numeric format");
        }
        if (d.scale() > 16383) {
            d = d.setScale(16383, RoundingMode.HALF_UP);
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

    /**
     * A NUMERIC result computed in double precision (ln, log, exp, non-integral powers), at the scale
     * PostgreSQL would give it: 16 - (int) log10|result| fraction digits, at least {@code minScale}. Digits
     * beyond double's ~16 significant digits are rounding noise-free zeros, not exact values.
     */
    static BigDecimal fromDouble(double r, int minScale) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            throw doubleOverflow();
        }
        BigDecimal b = r == 0 ? BigDecimal.ZERO : new BigDecimal(TextForms.formatDouble(r).replace("e", "E"));
        int rscale = MIN_SIG_DIGITS - (int) (r == 0 ? 0 : Math.log10(Math.abs(r)));
        rscale = Math.max(0, Math.min(MAX_SCALE, Math.max(rscale, minScale)));
        return normalize(b.setScale(rscale, RoundingMode.HALF_UP));
    }
}
