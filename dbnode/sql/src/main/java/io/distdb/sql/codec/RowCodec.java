package io.distdb.sql.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.distdb.sql.types.Bytes;
import io.distdb.sql.types.Values;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The stored form of a row: a format byte, the column count, then per column a tag and its payload
 * (integers as zigzag varints, doubles as 8 bytes, text and JSON as length-prefixed UTF-8, numeric as
 * scale and unscaled bytes, dates as day numbers, bytea length-prefixed). Binary
 * rather than JSON because rows are decoded on every scan: no column names repeated per row, no
 * number parsing, and a row is a fraction of its JSON size. The column count lets a later ADD COLUMN
 * read old rows (missing trailing columns are NULL).
 */
public final class RowCodec {

    private static final int FORMAT = 1;
    private static final int NULL = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int FALSE = 3;
    private static final int TRUE = 4;
    private static final int TEXT = 5;
    private static final int TIMESTAMP = 6;
    private static final int JSON = 7;
    /** Scale as a zigzag varint, then the unscaled value's two's-complement bytes, length-prefixed. */
    private static final int NUMERIC = 8;
    /** Days since 1970-01-01 as a zigzag varint. */
    private static final int DATE = 9;
    /** Length-prefixed bytes. */
    private static final int BYTEA = 10;

    private final ObjectMapper json;

    /**
     * @param json reads stored JSON values; {@link Values#jsonMapper()} keeps every digit of a number
     *     (jsonb's numeric semantics), a default ObjectMapper reads fractions as doubles
     */
    public RowCodec(ObjectMapper json) {
        this.json = json;
    }

    public byte[] encode(Object[] row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 16 * row.length);
        out.write(FORMAT);
        writeVarint(out, row.length);
        for (Object v : row) {
            if (v == null) {
                out.write(NULL);
            } else if (v instanceof Long l) {
                out.write(LONG);
                writeVarint(out, (l << 1) ^ (l >> 63));
            } else if (v instanceof Double d) {
                out.write(DOUBLE);
                long bits = Double.doubleToLongBits(d);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift));
                }
            } else if (v instanceof Boolean b) {
                out.write(b ? TRUE : FALSE);
            } else if (v instanceof String s) {
                out.write(TEXT);
                writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof Instant t) {
                out.write(TIMESTAMP);
                long s = t.getEpochSecond();
                writeVarint(out, (s << 1) ^ (s >> 63));
                writeVarint(out, t.getNano());
            } else if (v instanceof JsonNode j) {
                out.write(JSON);
                writeBytes(out, Values.toText(j).getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof BigDecimal d) {
                out.write(NUMERIC);
                long scale = d.scale();
                writeVarint(out, (scale << 1) ^ (scale >> 63));
                writeBytes(out, d.unscaledValue().toByteArray());
            } else if (v instanceof LocalDate d) {
                out.write(DATE);
                long day = d.toEpochDay();
                writeVarint(out, (day << 1) ^ (day >> 63));
            } else if (v instanceof Bytes b) {
                out.write(BYTEA);
                writeBytes(out, b.bytes());
            } else {
                throw new IllegalArgumentException("cannot store " + v.getClass());
            }
        }
        return out.toByteArray();
    }

    /** Decodes into an array of {@code width} slots; columns the row does not have stay NULL. */
    public Object[] decode(byte[] bytes, int width) {
        Object[] row = new Object[width];
        decodeInto(bytes, row, 0);
        return row;
    }

    /** How many values a stored row holds (rows written before an ADD COLUMN hold fewer than the table has). */
    public int columnCount(byte[] bytes) {
        int[] pos = {1};
        return (int) readVarint(bytes, pos);
    }

    /** Decodes every value the encoding holds, however many. */
    public Object[] decodeAll(byte[] bytes) {
        int[] pos = {1};
        Object[] row = new Object[(int) readVarint(bytes, pos)];
        decodeInto(bytes, row, 0);
        return row;
    }

    public void decodeInto(byte[] bytes, Object[] target, int offset) {
        int[] pos = {0};
        if (bytes[pos[0]++] != FORMAT) {
            throw new IllegalStateException("unknown row format " + bytes[0]);
        }
        int count = (int) readVarint(bytes, pos);
        for (int i = 0; i < count; i++) {
            int tag = bytes[pos[0]++];
            Object v = switch (tag) {
                case NULL -> null;
                case LONG -> {
                    long z = readVarint(bytes, pos);
                    yield (z >>> 1) ^ -(z & 1);
                }
                case DOUBLE -> {
                    long bits = 0;
                    for (int k = 0; k < 8; k++) {
                        bits = (bits << 8) | (bytes[pos[0]++] & 0xFF);
                    }
                    yield Double.longBitsToDouble(bits);
                }
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case TEXT -> new String(readBytes(bytes, pos), StandardCharsets.UTF_8);
                case TIMESTAMP -> {
                    long z = readVarint(bytes, pos);
                    long seconds = (z >>> 1) ^ -(z & 1);
                    yield Instant.ofEpochSecond(seconds, readVarint(bytes, pos));
                }
                case JSON -> parseJson(readBytes(bytes, pos));
                case NUMERIC -> {
                    long z = readVarint(bytes, pos);
                    int scale = (int) ((z >>> 1) ^ -(z & 1));
                    yield new BigDecimal(new BigInteger(readBytes(bytes, pos)), scale);
                }
                case DATE -> {
                    long z = readVarint(bytes, pos);
                    yield LocalDate.ofEpochDay((z >>> 1) ^ -(z & 1));
                }
                case BYTEA -> new Bytes(readBytes(bytes, pos));
                default -> throw new IllegalStateException("bad value tag " + tag + " in stored row");
            };
            if (offset + i < target.length) {
                target[offset + i] = v;
            }
        }
    }

    private JsonNode parseJson(byte[] text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON value is not JSON", e);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
        writeVarint(out, b.length);
        out.writeBytes(b);
    }

    private static byte[] readBytes(byte[] bytes, int[] pos) {
        int len = (int) readVarint(bytes, pos);
        byte[] b = java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + len);
        pos[0] += len;
        return b;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] bytes, int[] pos) {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = bytes[pos[0]++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }
}
