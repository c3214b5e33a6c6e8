package io.distdb.pgwire.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.types.Bytes;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Values between the engine's run-time classes and the protocol's text and binary formats. Text is what
 * PostgreSQL's output functions print (the engine's {@link Values#toOutputText}); binary is PostgreSQL's
 * send/receive format of each type (big-endian integers, IEEE doubles, days and microseconds since
 * 2000-01-01, base-10000 numeric digits).
 */
public final class PgValues {

    /** 2000-01-01, PostgreSQL's epoch for dates and timestamps, in days and microseconds since 1970-01-01. */
    private static final long PG_EPOCH_DAYS = 10_957;
    private static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400L * 1_000_000L;

    private PgValues() {
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    /**
     * A bound parameter's value for the engine. A textual or unspecified type leaves text untyped (the engine
     * reads it as the type its use asks for, as PostgreSQL resolves an unknown literal); a declared type reads
     * the text as that type now, so {@code abc} for an int4 parameter fails with 22P02.
     *
     * @param index 1-based, for messages
     */
    public static Object decodeParameter(byte[] data, int typeOid, boolean binary, int index) {
        if (data == null) {
            return null;
        }
        PgType type = PgType.of(typeOid);
        if (!binary) {
            String text = utf8(data, index);
            if (type == null || type.isTextual() || type == PgType.UUID) {
                return text;
            }
            return Values.parseText(text, type.sqlType());
        }
        if (type == null) {
            throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "binary format for parameter $" + index
                    + " of type OID " + typeOid + " is not supported: send it as text");
        }
        return switch (type) {
            case BOOL -> {
                size(data, 1, index);
                yield data[0] != 0;
            }
            case INT2 -> {
                size(data, 2, index);
                yield (long) ByteBuffer.wrap(data).getShort();
            }
            case INT4, OID -> {
                size(data, 4, index);
                yield (long) ByteBuffer.wrap(data).getInt();
            }
            case INT8 -> {
                size(data, 8, index);
                yield ByteBuffer.wrap(data).getLong();
            }
            case FLOAT4 -> {
                size(data, 4, index);
                yield (double) ByteBuffer.wrap(data).getFloat();
            }
            case FLOAT8 -> {
                size(data, 8, index);
                yield ByteBuffer.wrap(data).getDouble();
            }
            case NUMERIC -> decodeNumeric(data, index);
            case DATE -> {
                size(data, 4, index);
                int days = ByteBuffer.wrap(data).getInt();
                if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                    throw infinity("date", index);
                }
                yield LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                size(data, 8, index);
                long sent = ByteBuffer.wrap(data).getLong();
                if (sent == Long.MAX_VALUE || sent == Long.MIN_VALUE) {
                    throw infinity("timestamp", index);
                }
                long micros;
                try {
                    micros = Math.addExact(sent, PG_EPOCH_MICROS);
                } catch (ArithmeticException e) {
                    throw new SqlException("22008", SqlErrors.TYPE_MISMATCH, "timestamp out of range in bind parameter " + index);
                }
                yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
            }
            case BYTEA -> new Bytes(data);
            case UUID -> {
                size(data, 16, index);
                ByteBuffer b = ByteBuffer.wrap(data);
                yield new java.util.UUID(b.getLong(), b.getLong()).toString();
            }
            case JSONB -> {
                if (data.length == 0 || data[0] != 1) {
                    throw badBinary(index, "jsonb version must be 1");
                }
                yield Values.parseText(utf8(java.util.Arrays.copyOfRange(data, 1, data.length), index), SqlType.JSON);
            }
            case JSON -> Values.parseText(utf8(data, index), SqlType.JSON);
            case TEXT, VARCHAR, BPCHAR, NAME, CHAR, UNKNOWN -> utf8(data, index);
        };
    }

    private static void size(byte[] data, int expected, int index) {
        if (data.length != expected) {
            throw badBinary(index, "expected " + expected + " bytes, got " + data.length);
        }
    }

    /** PostgreSQL sends 'infinity' and '-infinity' as the largest and smallest value; the engine has no infinite dates. */
    private static SqlException infinity(String type, int index) {
        return new SqlException("22008", SqlErrors.TYPE_MISMATCH, type + " out of range in bind parameter " + index
                + ": infinity is not supported");
    }

    private static SqlException badBinary(int index, String detail) {
        return new SqlException("22P03", SqlErrors.TYPE_MISMATCH, "incorrect binary data format in bind parameter " + index
                + " (" + detail + ")");
    }

    private static String utf8(byte[] data, int index) {
        boolean ascii = true;
        for (byte b : data) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(data, StandardCharsets.US_ASCII); // the usual parameter: no decoder to set up
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new SqlException("22021", SqlErrors.TYPE_MISMATCH, "invalid byte sequence for encoding \"UTF8\" in parameter $" + index);
        }
    }

    /** PostgreSQL's NUMERIC_DSCALE_MAX: a binary numeric with a larger display scale is refused, as there. */
    private static final int MAX_NUMERIC_DSCALE = 0x3FFF;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    /**
     * Base-10000 digits as one integer. Halves are converted and joined, so a value of n digits costs a few
     * multiplications of n-digit numbers; one digit at a time would cost n multiplications of growing numbers,
     * seconds of CPU for a parameter of 64 KiB.
     */
    private static BigInteger digitsValue(short[] digits, int from, int to) {
        if (to - from <= 4) {
            long v = 0; // four base-10000 digits fit a long
            for (int i = from; i < to; i++) {
                v = v * 10_000 + digits[i];
            }
            return BigInteger.valueOf(v);
        }
        int mid = (from + to) >>> 1;
        return digitsValue(digits, from, mid).multiply(TEN_THOUSAND.pow(to - mid)).add(digitsValue(digits, mid, to));
    }

    private static BigDecimal decodeNumeric(byte[] data, int index) {
        if (data.length < 8) {
            throw badBinary(index, "numeric header is 8 bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int ndigits = b.getShort() & 0xffff;
        int weight = b.getShort();
        int sign = b.getShort() & 0xffff;
        int dscale = b.getShort() & 0xffff;
        if (data.length != 8 + 2 * ndigits) {
            throw badBinary(index, "numeric digits do not match its length");
        }
        if (sign == 0xC000 || sign == 0xD000 || sign == 0xF000) {
            throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "NaN and infinity are not supported for type numeric");
        }
        if (dscale > MAX_NUMERIC_DSCALE) {
            throw badBinary(index, "numeric display scale " + dscale + " is over " + MAX_NUMERIC_DSCALE);
        }
        short[] digits = new short[ndigits];
        for (int i = 0; i < ndigits; i++) {
            short d = b.getShort();
            if (d < 0 || d >= 10_000) {
                throw badBinary(index, "numeric digit out of range");
            }
            digits[i] = d;
        }
        // Digits past the display scale are truncated away, as PostgreSQL's numeric_recv does: only the groups
        // that reach into the scale are converted.
        int kept = Math.min(ndigits, Math.max(0, weight + 1 + (dscale + 3) / 4));
        BigInteger unscaled = digitsValue(digits, 0, kept);
        // unscaled holds the kept digits as an integer whose last group has weight (weight - kept + 1).
        BigDecimal v = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - kept + 1));
        if (sign == 0x4000) {
            v = v.negate();
        } else if (sign != 0) {
            throw badBinary(index, "invalid numeric sign");
        }
        return v.setScale(dscale, java.math.RoundingMode.DOWN);
    }

    // ---- results ------------------------------------------------------------------------------------------------

    /** A result value in text format (null for SQL NULL). */
    public static byte[] encodeText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return Values.toOutputText(v).getBytes(StandardCharsets.UTF_8);
    }

    /** A result value of column type {@code type} in binary format (null for SQL NULL). */
    public static byte[] encodeBinary(Object v, PgType type) {
        if (v == null) {
            return null;
        }
        Object value = Values.coerce(v, type.sqlType());
        switch (type) {
            case BOOL:
                return new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
            case INT2:
                return ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
            case INT4:
            case OID:
                return ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
            case INT8:
                return ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
            case FLOAT4:
                return ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
            case FLOAT8:
                return ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
            case NUMERIC:
                return encodeNumeric((BigDecimal) value);
            case DATE:
                return ByteBuffer.allocate(4).putInt((int) (((LocalDate) value).toEpochDay() - PG_EPOCH_DAYS)).array();
            case TIMESTAMP:
            case TIMESTAMPTZ: {
                Instant t = (Instant) value;
                long micros = Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1000 - PG_EPOCH_MICROS;
                return ByteBuffer.allocate(8).putLong(micros).array();
            }
            case BYTEA:
                return ((Bytes) value).bytes();
            case JSONB: {
                byte[] text = encodeText(value instanceof JsonNode ? value : v);
                byte[] out = new byte[text.length + 1];
                out[0] = 1;
                System.arraycopy(text, 0, out, 1, text.length);
                return out;
            }
            default:
                return encodeText(v);
        }
    }

    /** PostgreSQL's binary numeric: digit count, weight, sign, display scale, then base-10000 digits. */
    static byte[] encodeNumeric(BigDecimal value) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        int dscale = v.scale();
        String plain = v.abs().toPlainString();
        int dot = plain.indexOf('.');
        String intPart = dot < 0 ? plain : plain.substring(0, dot);
        String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
        if (intPart.equals("0")) {
            intPart = "";
        }
        int intGroups = (intPart.length() + 3) / 4;
        intPart = "0".repeat(intGroups * 4 - intPart.length()) + intPart;
        int fracGroups = (fracPart.length() + 3) / 4;
        fracPart = fracPart + "0".repeat(fracGroups * 4 - fracPart.length());
        String all = intPart + fracPart;
        int groups = intGroups + fracGroups;
        short[] digits = new short[groups];
        for (int i = 0; i < groups; i++) {
            digits[i] = Short.parseShort(all.substring(4 * i, 4 * i + 4));
        }
        int weight = intGroups - 1;
        int first = 0;
        while (first < groups && digits[first] == 0) {
            first++;
            weight--;
        }
        int last = groups;
        while (last > first && digits[last - 1] == 0) {
            last--;
        }
        int n = last - first;
        if (n == 0) {
            weight = 0;
        }
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * n);
        b.putShort((short) n).putShort((short) weight).putShort((short) (v.signum() < 0 ? 0x4000 : 0)).putShort((short) dscale);
        for (int i = first; i < last; i++) {
            b.putShort(digits[i]);
        }
        return b.array();
    }
}
