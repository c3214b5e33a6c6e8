package io.distdb.pgwire.types;

import io.distdb.sql.errors.SqlException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * NUMERIC parameters in binary format, as pgjdbc and other drivers send them: base-10000 digits, a weight, a
 * sign and a display scale. Read as PostgreSQL's {@code numeric_recv} reads them: digits past the display scale
 * are truncated away, a display scale over 16383 is refused, and a long value is read whole.
 */
class BinaryNumericTest {

    private static final int POSITIVE = 0x0000;
    private static final int NEGATIVE = 0x4000;

    private static byte[] numeric(int weight, int sign, int dscale, int... digits) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * digits.length);
        b.putShort((short) digits.length).putShort((short) weight).putShort((short) sign).putShort((short) dscale);
        for (int d : digits) {
            b.putShort((short) d);
        }
        return b.array();
    }

    private static BigDecimal read(byte[] value) {
        return (BigDecimal) PgValues.decodeParameter(value, PgType.NUMERIC.oid(), true, 1);
    }

    @Test
    void readsWhatPostgresqlSends() {
        assertEquals(new BigDecimal("12345.6789"), read(numeric(1, POSITIVE, 4, 1, 2345, 6789)));
        assertEquals(new BigDecimal("-0.0012"), read(numeric(-1, NEGATIVE, 4, 12)));
        assertEquals(new BigDecimal("100000000"), read(numeric(2, POSITIVE, 0, 1)));
        assertEquals(new BigDecimal("0.00"), read(numeric(0, POSITIVE, 2)));
    }

    @Test
    void digitsPastTheDisplayScaleAreTruncatedAsPostgresqlDoes() {
        assertEquals(new BigDecimal("1.23"), read(numeric(0, POSITIVE, 2, 1, 2399)));
        assertEquals(new BigDecimal("-1.23"), read(numeric(0, NEGATIVE, 2, 1, 2399)));
        assertEquals(new BigDecimal("0"), read(numeric(-3, POSITIVE, 0, 9999)), "digits far past the point");
        assertEquals(new BigDecimal("7"), read(numeric(0, POSITIVE, 0, 7, 9999, 9999, 9999)));
    }

    @Test
    void aDisplayScaleOverPostgresqlsLimitIsRefused() {
        assertEquals(new BigDecimal("1").setScale(16383), read(numeric(0, POSITIVE, 16383, 1)));
        SqlException e = assertThrows(SqlException.class, () -> read(numeric(0, POSITIVE, 16384, 1)));
        assertEquals("22P03", e.sqlState());
        assertEquals("22P03", assertThrows(SqlException.class, () -> read(numeric(32767, POSITIVE, 65535, 1))).sqlState());
    }

    @Test
    void theLongestValueAParameterCanHoldIsReadWhole() {
        // 65,535 base-10000 digits (a parameter of 128 KiB), 101 of them before the point: 404 nines.
        int[] digits = new int[65_535];
        java.util.Arrays.fill(digits, 9999);
        assertEquals(new BigDecimal(BigInteger.TEN.pow(404).subtract(BigInteger.ONE)), read(numeric(100, POSITIVE, 0, digits)));
        // The largest weight: 131,072 digits before the point.
        int[] wide = new int[32_768];
        java.util.Arrays.fill(wide, 9999);
        assertEquals(new BigDecimal(BigInteger.TEN.pow(131_072).subtract(BigInteger.ONE)), read(numeric(32_767, POSITIVE, 0, wide)));
    }
}
