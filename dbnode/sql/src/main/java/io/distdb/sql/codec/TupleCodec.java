package io.distdb.sql.codec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Order-preserving encoding of typed values for keys: the unsigned byte order of two encodings equals
 * the SQL order of the values (NULL first). Every value is self-delimiting (a type tag, then fixed
 * width or escaped-and-terminated bytes), so the encoding of a tuple prefix is a byte prefix of the
 * encoding of every tuple that starts with it, and a text value's escaped bytes without the terminator
 * are a prefix of every longer text that starts with it (prefix LIKE).
 */
public final class TupleCodec {

    public static final byte NULL = 0x05;
    public static final byte FALSE = 0x10;
    public static final byte TRUE = 0x11;
    public static final byte LONG = 0x20;
    public static final byte DOUBLE = 0x30;
    public static final byte TEXT = 0x40;
    public static final byte TIMESTAMP = 0x50;
    public static final byte JSON = 0x60;

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
            case LONG, DOUBLE -> {
                return pos + 8;
            }
            case TIMESTAMP -> {
                return pos + 12;
            }
            case TEXT, JSON -> {
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
