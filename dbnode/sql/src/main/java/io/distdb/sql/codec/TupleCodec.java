package io.distdb.sql.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.types.Bytes;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Order-preserving encoding of typed values for keys: the unsigned byte order of two encodings equals
 * the SQL order of the values (NULL first). Every value is self-delimiting (a type tag, then fixed
 * width or escaped-and-terminated bytes), so the encoding of a tuple prefix is a byte prefix of the
 * encoding of every tuple that starts with it, and a text value's escaped bytes without the terminator
 * are a prefix of every longer text that starts with it (prefix LIKE). Order holds among values of one
 * type (a column's); across types the tag decides (Long keys sort before Double keys, whatever the values).
 */
public final class TupleCodec {

    public static final byte NULL = 0x05;
    public static final byte FALSE = 0x10;
    public static final byte TRUE = 0x11;
    public static final byte LONG = 0x20;
    public static final byte DOUBLE = 0x30;
    /** See {@link #encodeNumeric}. */
    public static final byte NUMERIC = 0x38;
    public static final byte TEXT = 0x40;
    /** Days since 1970-01-01, sign-flipped 8 bytes. */
    public static final byte DATE = 0x48;
    public static final byte TIMESTAMP = 0x50;
    public static final byte JSON = 0x60;
    /** The bytes, escaped and terminated like text. */
    public static final byte BYTEA = 0x70;

    private static final int NUMERIC_NEGATIVE = 0x40;
    private static final int NUMERIC_ZERO = 0x80;
    private static final int NUMERIC_POSITIVE = 0xC0;

    private static final int ESCAPE = 0x00;
    private static final int ESCAPED_ZERO = 0xFF;
    private static final int TERMINATOR = 0x01;

    private TupleCodec() {
    }

    public static byte[] encode(List<Object> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * values.size() + 8);
        for (Object v : values) {
            encode(out, v);
        }
        return out.toByteArray();
    }

    public static void encode(ByteArrayOutputStream out, Object value) {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof Boolean b) {
            out.write(b ? TRUE : FALSE);
        } else if (value instanceof Long l) {
            out.write(LONG);
            writeLong(out, l ^ Long.MIN_VALUE);
        } else if (value instanceof Double d) {
            out.write(DOUBLE);
            writeLong(out, orderedDoubleBits(d));
        } else if (value instanceof String s) {
            out.write(TEXT);
            escape(out, s.getBytes(StandardCharsets.UTF_8));
            out.write(ESCAPE);
            out.write(TERMINATOR);
        } else if (value instanceof Instant t) {
            out.write(TIMESTAMP);
            writeLong(out, t.getEpochSecond() ^ Long.MIN_VALUE);
            writeInt(out, t.getNano());
        } else if (value instanceof JsonNode j) {
            out.write(JSON);
            escape(out, j.toString().getBytes(StandardCharsets.UTF_8));
            out.write(ESCAPE);
            out.write(TERMINATOR);
        } else if (value instanceof BigDecimal d) {
            out.write(NUMERIC);
            encodeNumeric(out, d);
        } else if (value instanceof LocalDate d) {
            out.write(DATE);
            writeLong(out, d.toEpochDay() ^ Long.MIN_VALUE);
        } else if (value instanceof Bytes b) {
            out.write(BYTEA);
            escape(out, b.bytes());
            out.write(ESCAPE);
            out.write(TERMINATOR);
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass());
        }
    }

    /** The bytes of a text value without its terminator: a prefix of every text that starts with {@code prefix}. */
    public static byte[] textPrefix(String prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(TEXT);
        escape(out, prefix.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Position just after the value that starts at {@code pos}. */
    public static int skip(byte[] key, int pos) {
        byte tag = key[pos++];
        switch (tag) {
            case NULL, FALSE, TRUE -> {
                return pos;
            }
            case LONG, DOUBLE, DATE -> {
                return pos + 8;
            }
            case NUMERIC -> {
                int kind = key[pos++] & 0xFF;
                if (kind == NUMERIC_ZERO) {
                    return pos;
                }
                pos += 4;
                int end = kind == NUMERIC_POSITIVE ? 0x0 : 0xF;
                while ((key[pos++] & 0x0F) != end) {
                    // digit pairs until the one whose low nibble ends the digits
                }
                return pos;
            }
            case TIMESTAMP -> {
                return pos + 12;
            }
            case TEXT, JSON, BYTEA -> {
                while (true) {
                    int b = key[pos++] & 0xFF;
                    if (b == ESCAPE) {
                        int next = key[pos++] & 0xFF;
                        if (next == TERMINATOR) {
                            return pos;
                        }
                    }
                }
            }
            default -> throw new IllegalStateException("bad tuple tag " + tag + " at " + (pos - 1));
        }
    }

    /**
     * NUMERIC in value order among NUMERIC values, equal values alike whatever their scale (1.0 and 1.00
     * encode as 1): a sign byte (negative 0x40, zero 0x80, positive 0xC0); for non-zero values the decimal
     * exponent of the leading digit (4 bytes, sign bit flipped), then the significant digits without
     * trailing zeros as nibbles digit+1, two a byte, ended by a 0 nibble (a 0x00 byte after an even count).
     * Negative values invert the exponent and digit bytes, so a larger magnitude sorts lower. NUMERIC sorts
     * after every Long and Double key (its tag is higher); a column holds one type, so index ranges only
     * ever compare NUMERIC with NUMERIC.
     */
    static void encodeNumeric(ByteArrayOutputStream out, BigDecimal d) {
        if (d.signum() == 0) {
            out.write(NUMERIC_ZERO);
            return;
        }
        BigDecimal s = d.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        long exponent = (long) digits.length() - 1 - s.scale();
        if (exponent > Integer.MAX_VALUE || exponent < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("numeric key out of range");
        }
        boolean negative = s.signum() < 0;
        int flip = negative ? 0xFF : 0;
        out.write(negative ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE);
        int e = (int) exponent ^ Integer.MIN_VALUE;
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(((e >>> shift) & 0xFF) ^ flip);
        }
        int n = digits.length();
        for (int i = 0; i < n; i += 2) {
            int hi = digits.charAt(i) - '0' + 1;
            int lo = i + 1 < n ? digits.charAt(i + 1) - '0' + 1 : 0;
            out.write(((hi << 4) | lo) ^ flip);
        }
        if (n % 2 == 0) {
            out.write(flip);
        }
    }

    /** Sign trick: flip all bits of negatives, only the sign bit of positives; -0.0 and 0.0 encode alike. */
    static long orderedDoubleBits(double d) {
        if (d == 0.0) {
            d = 0.0;
        }
        long bits = Double.doubleToLongBits(d);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static void escape(ByteArrayOutputStream out, byte[] bytes) {
        for (byte b : bytes) {
            out.write(b);
            if (b == ESCAPE) {
                out.write(ESCAPED_ZERO);
            }
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(v >>> shift);
        }
    }
}
