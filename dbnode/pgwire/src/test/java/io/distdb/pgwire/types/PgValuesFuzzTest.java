package io.distdb.pgwire.types;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.distdb.sql.errors.SqlException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link PgValues#decodeParameter}: every input is decoded as a parameter of every type this server
 * knows, in text and in binary format, and of one more type OID taken from the input. A value a client sends
 * is either read or refused with a {@link SqlException} (a SQLSTATE the client gets in an ErrorResponse),
 * never another exception; a fixed-size binary value read back is sent again as the same bytes.
 *
 * <p>Input layout: byte 0 flags (bit 0: the extra OID in binary format), bytes 1-4 the extra type OID, the
 * rest is the value. Seeds are in {@code PgValuesFuzzTestInputs/decodeParameter}.
 */
class PgValuesFuzzTest {

    /** Types whose binary form is one value per bit pattern: decoding then encoding gives the bytes back. */
    private static final Set<PgType> EXACT_BINARY = EnumSet.of(PgType.INT2, PgType.INT4, PgType.INT8, PgType.FLOAT8,
            PgType.DATE, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.BYTEA);

    @FuzzTest(maxDuration = "20s")
    void decodeParameter(byte[] input) {
        if (input.length < 5) {
            return;
        }
        boolean extraBinary = (input[0] & 1) != 0;
        int extraOid = ((input[1] & 0xff) << 24) | ((input[2] & 0xff) << 16) | ((input[3] & 0xff) << 8) | (input[4] & 0xff);
        byte[] data = Arrays.copyOfRange(input, 5, input.length);
        for (PgType type : PgType.values()) {
            check(data, type.oid(), false);
            check(data, type.oid(), true);
        }
        check(data, extraOid, extraBinary);
        check(null, extraOid, extraBinary);
    }

    private static void check(byte[] data, int oid, boolean binary) {
        Object value;
        try {
            value = PgValues.decodeParameter(data, oid, binary, 1);
        } catch (SqlException e) {
            assertTrue(e.sqlState() != null && e.sqlState().matches("[0-9A-Z]{5}"), "SQLSTATE " + e.sqlState());
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "an error without a message");
            return;
        }
        if (data == null) {
            assertEquals(null, value, "NULL in, NULL out");
            return;
        }
        PgType type = PgType.of(oid);
        if (!binary || type == null) {
            return;
        }
        if (type == PgType.TIMESTAMP || type == PgType.TIMESTAMPTZ) {
            // Exactly the instant sent: microseconds since 2000-01-01, no wrap-around; infinity is not a finite instant.
            long raw = ByteBuffer.wrap(data).getLong();
            assertTrue(raw != Long.MAX_VALUE && raw != Long.MIN_VALUE, "timestamp infinity read as " + value);
            Instant t = (Instant) value;
            BigInteger micros = BigInteger.valueOf(t.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000))
                    .add(BigInteger.valueOf(t.getNano() / 1000));
            assertEquals(BigInteger.valueOf(raw).add(BigInteger.valueOf(946_684_800_000_000L)), micros, "timestamp " + raw);
        }
        if (type == PgType.DATE) {
            int raw = ByteBuffer.wrap(data).getInt();
            assertTrue(raw != Integer.MAX_VALUE && raw != Integer.MIN_VALUE, "date infinity read as " + value);
            assertEquals(raw + 10_957L, ((LocalDate) value).toEpochDay(), "date " + raw);
        }
        if (EXACT_BINARY.contains(type)) {
            assertArrayEquals(data, PgValues.encodeBinary(value, type), "binary " + type + " sent back");
        } else if (type == PgType.NUMERIC) {
            // Several binary forms mean one number; the one this server sends must read back as that number.
            BigDecimal again = (BigDecimal) PgValues.decodeParameter(PgValues.encodeBinary(value, type), oid, true, 1);
            assertEquals(value, again, "numeric sent back");
        }
    }
}
