package io.distdb.sql.types;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.codec.TupleCodec;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CodecTest {

    static final Random RANDOM = new Random(20240506);

    static byte[] key(Object... values) {
        return TupleCodec.encode(Arrays.asList(values));
    }

    @Test
    void rowRoundTrips() {
        RowCodec codec = new RowCodec(Values.jsonMapper());
        Object[] row = {
            null, 42L, -7L, Long.MIN_VALUE, 1.5, Double.NaN, true, false, "text ü \uD83D\uDE00",
            Instant.parse("2024-01-02T03:04:05.123456Z"), Values.parseText("{\"a\":[1,2.50,\"x\"],\"b\":1e3}", SqlType.JSON),
            new BigDecimal("1.50"), new BigDecimal("-12345678901234567890.000000000000000000001"), BigDecimal.ZERO,
            LocalDate.of(2024, 2, 29), LocalDate.of(-43, 3, 15), new Bytes(new byte[] {0, 1, (byte) 0xFF}), new Bytes(new byte[0])
        };
        Object[] back = codec.decode(codec.encode(row), row.length + 2);
        for (int i = 0; i < row.length; i++) {
            if (row[i] instanceof BigDecimal d) {
                assertEquals(d, back[i], "scale is kept");
            } else if (row[i] instanceof com.fasterxml.jackson.databind.JsonNode) {
                assertEquals(Values.toText(row[i]), Values.toText(back[i]));
            } else {
                assertEquals(row[i], back[i]);
            }
        }
        assertNull(back[row.length]);
        assertEquals(row.length, codec.decodeAll(codec.encode(row)).length);
    }

    @Test
    void existingRowEncodingsAreUnchanged() {
        RowCodec codec = new RowCodec(new ObjectMapper());
        byte[] bytes = codec.encode(new Object[] {null, 1L, -1L, 2.0, false, true, "ab", Instant.ofEpochSecond(1, 2)});
        assertEquals("01" + "08" + "00" + "0102" + "0101" + "024000000000000000" + "03" + "04" + "05026162" + "060202",
                HexFormat.of().formatHex(bytes));
    }

    @Test
    void existingKeyEncodingsAreUnchanged() {
        assertEquals("05", hex(key((Object) null)));
        assertEquals("208000000000000001", hex(key(1L)));
        assertEquals("30bff8000000000000", hex(key(1.5)));
        assertEquals("406100ff0001", hex(key("a\0")));
        assertEquals("1011", hex(key(false, true)));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void equalNumericsEncodeAlike() {
        assertArrayEquals(key(new BigDecimal("1.0")), key(new BigDecimal("1.00")));
        assertArrayEquals(key(new BigDecimal("100")), key(new BigDecimal("1E+2")));
        assertArrayEquals(key(new BigDecimal("0.000")), key(BigDecimal.ZERO));
    }

    /** Encodes random values of one type, sorts by bytes, checks the order is Values.compare's (NULL first). */
    static void checkOrder(Supplier<Object> values) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            list.add(RANDOM.nextInt(25) == 0 ? null : values.get());
        }
        for (int i = 0; i < 2000; i++) {
            Object a = list.get(RANDOM.nextInt(list.size()));
            Object b = list.get(RANDOM.nextInt(list.size()));
            Object c = list.get(RANDOM.nextInt(list.size()));
            int expected = a == null || b == null ? Boolean.compare(a != null, b != null) : Integer.signum(Values.compare(a, b));
            int actual = Integer.signum(Arrays.compareUnsigned(key(a, c), key(b, c)));
            assertEquals(expected, actual, a + " vs " + b);
            // A tuple prefix stays a byte prefix, so (a, x) still orders by a first.
            int withTail = Integer.signum(Arrays.compareUnsigned(key(a, 1L), key(b, 0L)));
            assertEquals(expected == 0 ? 1 : expected, withTail, a + " vs " + b + " with a tail");
        }
    }

    static BigDecimal randomDecimal() {
        int digits = 1 + RANDOM.nextInt(30);
        BigInteger unscaled = new BigInteger(digits * 3 + 1, RANDOM);
        if (RANDOM.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        int scale = RANDOM.nextInt(40) - 20;
        if (RANDOM.nextInt(10) == 0) {
            return BigDecimal.valueOf(RANDOM.nextInt(7) - 3).setScale(RANDOM.nextInt(3));
        }
        return new BigDecimal(unscaled, scale);
    }

    @Test
    void tupleOrderMatchesValueOrder() {
        checkOrder(() -> RANDOM.nextBoolean() ? RANDOM.nextLong() : (long) RANDOM.nextInt(10) - 5);
        checkOrder(() -> switch (RANDOM.nextInt(6)) {
            case 0 -> RANDOM.nextGaussian();
            case 1 -> (double) RANDOM.nextInt(5) - 2;
            case 2 -> -0.0;
            case 3 -> RANDOM.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 4 -> Double.NaN;
            default -> RANDOM.nextDouble() * 1e300 * (RANDOM.nextBoolean() ? 1 : -1);
        });
        checkOrder(CodecTest::randomDecimal);
        checkOrder(() -> {
            StringBuilder s = new StringBuilder();
            int n = RANDOM.nextInt(5);
            for (int i = 0; i < n; i++) {
                int[] pool = {0, 'a', 'b', 0x7F, 0xE9, 0xFFFD, 0x1F600};
                s.appendCodePoint(pool[RANDOM.nextInt(pool.length)]);
            }
            return s.toString();
        });
        checkOrder(() -> LocalDate.ofEpochDay(RANDOM.nextInt(2_000_000) - 1_000_000));
        checkOrder(() -> Instant.ofEpochSecond(RANDOM.nextInt(2000) - 1000, RANDOM.nextInt(3) * 1000));
        checkOrder(() -> {
            byte[] b = new byte[RANDOM.nextInt(4)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (RANDOM.nextBoolean() ? 0 : RANDOM.nextInt(256));
            }
            return new Bytes(b);
        });
        checkOrder(RANDOM::nextBoolean);
    }

    @Test
    void skipFindsTheEndOfEveryValue() {
        Object[] values = {null, 1L, 2.5, "a\0b", Instant.EPOCH, Values.parseText("[1]", SqlType.JSON),
            new BigDecimal("-123.45"), new BigDecimal("67.8"), new BigDecimal("12"), BigDecimal.ZERO,
            new BigDecimal("-1"), LocalDate.EPOCH, new Bytes(new byte[] {0, 1}), true};
        byte[] tuple = key(values);
        int pos = 0;
        for (Object v : values) {
            int end = TupleCodec.skip(tuple, pos);
            assertArrayEquals(key(v), Arrays.copyOfRange(tuple, pos, end), String.valueOf(v));
            pos = end;
        }
        assertEquals(tuple.length, pos);
    }
}
