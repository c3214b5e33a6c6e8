package io.distdb.sql.types;

import io.distdb.sql.errors.SqlException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static io.distdb.sql.types.SqlType.BIGINT;
import static io.distdb.sql.types.SqlType.DATE;
import static io.distdb.sql.types.SqlType.DOUBLE;
import static io.distdb.sql.types.SqlType.INTEGER;
import static io.distdb.sql.types.SqlType.NUMERIC;
import static io.distdb.sql.types.SqlType.SMALLINT;
import static io.distdb.sql.types.SqlType.TEXT;
import static io.distdb.sql.types.SqlType.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValuesArithmeticTest {

    static String state(Runnable r) {
        return assertThrows(SqlException.class, r::run).sqlState();
    }

    static String message(Runnable r) {
        return assertThrows(SqlException.class, r::run).getMessage();
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        assertEquals(2L, Values.divide(7L, 3L, INTEGER));
        assertEquals(-2L, Values.divide(-7L, 3L, INTEGER));
        assertEquals(-2L, Values.divide(7L, -3L, INTEGER));
        assertEquals(-1L, Values.modulo(-7L, 3L, INTEGER));
        assertEquals(0L, Values.modulo(Long.MIN_VALUE, -1L, BIGINT));
        assertEquals("22012", state(() -> Values.divide(1L, 0L, INTEGER)));
        assertEquals("22012", state(() -> Values.modulo(1L, 0L, BIGINT)));
        assertEquals("22012", state(() -> Values.divide(1.0, 0.0, DOUBLE)));
        assertEquals("22012", state(() -> Values.divide(BigDecimal.ONE, BigDecimal.ZERO, NUMERIC)));
    }

    @Test
    void overflowPerWidth() {
        assertEquals("smallint out of range", message(() -> Values.add(32767L, 1L, SMALLINT)));
        assertEquals(32768L, Values.add(32767L, 1L, INTEGER));
        assertEquals("integer out of range", message(() -> Values.add(2147483647L, 1L, INTEGER)));
        assertEquals("integer out of range", message(() -> Values.multiply(65536L, 65536L, INTEGER)));
        assertEquals("integer out of range", message(() -> Values.divide(-2147483648L, -1L, INTEGER)));
        assertEquals(2147483648L, Values.add(2147483647L, 1L, BIGINT));
        assertEquals("bigint out of range", message(() -> Values.add(Long.MAX_VALUE, 1L, BIGINT)));
        assertEquals("bigint out of range", message(() -> Values.subtract(Long.MIN_VALUE, 1L, BIGINT)));
        assertEquals("bigint out of range", message(() -> Values.multiply(Long.MAX_VALUE, 2L, BIGINT)));
        assertEquals("bigint out of range", message(() -> Values.divide(Long.MIN_VALUE, -1L, BIGINT)));
        assertEquals("bigint out of range", message(() -> Values.negate(Long.MIN_VALUE, BIGINT)));
        assertEquals("smallint out of range", message(() -> Values.negate(-32768L, SMALLINT)));
        assertEquals(Long.MIN_VALUE, Values.multiply(Long.MIN_VALUE / 2, 2L, BIGINT));
        assertEquals("value out of range: overflow", message(() -> Values.multiply(1e308, 10.0, DOUBLE)));
        assertEquals(Double.POSITIVE_INFINITY, Values.add(Double.POSITIVE_INFINITY, 1.0, DOUBLE));
        assertEquals("22003", state(() -> Values.power(10.0, 400.0, DOUBLE)));
    }

    @Test
    void numericIsExact() {
        Object sum = Values.add(new BigDecimal("0.1"), new BigDecimal("0.2"), NUMERIC);
        assertEquals(new BigDecimal("0.3"), sum);
        assertEquals(0, Values.compare(sum, new BigDecimal("0.3")));
        assertEquals(new BigDecimal("1.50"), Values.add(1L, new BigDecimal("0.50"), NUMERIC));
        assertEquals(new BigDecimal("0.0200"), Values.multiply(new BigDecimal("0.10"), new BigDecimal("0.20"), NUMERIC));
        assertEquals("0.33333333333333333333", Values.toText(Values.divide(BigDecimal.ONE, new BigDecimal(3), NUMERIC)));
        assertEquals("3.3333333333333333", Values.toText(Values.divide(BigDecimal.TEN, new BigDecimal(3), NUMERIC)));
        assertEquals("3333.3333333333333333", Values.toText(Values.divide(new BigDecimal(10000), new BigDecimal(3), NUMERIC)));
        assertEquals("0.00033333333333333333", Values.toText(Values.divide(BigDecimal.ONE, new BigDecimal(3000), NUMERIC)));
        assertEquals("3.0000000000000000", Values.toText(Values.divide(new BigDecimal("7.5"), new BigDecimal("2.5"), NUMERIC)));
        assertEquals("0.333333333333333333333334",
                Values.toText(Values.divide(new BigDecimal("1.000000000000000000000001"), new BigDecimal(3), NUMERIC)));
        assertEquals("-1.5", Values.toText(Values.modulo(new BigDecimal("-7.5"), new BigDecimal(2), NUMERIC)));
        // Text literal operands are read as the result type.
        assertEquals(new BigDecimal("2.5"), Values.add("1.5", 1L, NUMERIC));
        assertEquals(3L, Values.add("1", 2L, INTEGER));
    }

    @Test
    void power() {
        assertEquals(1024.0, Values.power(2L, 10L, DOUBLE));
        assertEquals("1024.0000000000000000", Values.toText(Values.power(new BigDecimal(2), BigDecimal.TEN, NUMERIC)));
        assertEquals("2.2500000000000000", Values.toText(Values.power(new BigDecimal("1.5"), new BigDecimal(2), NUMERIC)));
        assertEquals("17.4494022688864073", Values.toText(Values.power(new BigDecimal("1.1"), new BigDecimal(30), NUMERIC)));
        assertEquals("0.2500000000000000", Values.toText(Values.power(new BigDecimal(2), new BigDecimal(-2), NUMERIC)));
        assertEquals("1.4142135623730950", Values.toText(Values.power(new BigDecimal(2), new BigDecimal("0.5"), NUMERIC)));
        assertEquals("2201F", state(() -> Values.power(0.0, -1.0, DOUBLE)));
        assertEquals("2201F", state(() -> Values.power(-8.0, 1.0 / 3, DOUBLE)));
    }

    @Test
    void dates() {
        LocalDate d = LocalDate.of(2024, 2, 28);
        assertEquals(LocalDate.of(2024, 3, 1), Values.add(d, 2L, DATE));
        assertEquals(LocalDate.of(2024, 3, 1), Values.add(2L, d, DATE));
        assertEquals(LocalDate.of(2024, 2, 18), Values.subtract(d, 10L, DATE));
        assertEquals(9L, Values.subtract(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 1), INTEGER));
        assertEquals(9L, Values.subtract(LocalDate.of(2024, 1, 10), "2024-01-01", INTEGER));
        assertEquals("0A000", state(() -> Values.arithmeticType("-", SqlType.TIMESTAMP, SqlType.TIMESTAMP)));
    }

    @Test
    void nullsPropagate() {
        assertNull(Values.add(null, 1L, INTEGER));
        assertNull(Values.divide(1L, null, INTEGER));
        assertNull(Values.concat("a", null, TEXT));
        assertNull(Values.negate(null, INTEGER));
    }

    @Test
    void concatenation() {
        assertEquals("atrue", Values.concat("a", true, TEXT));
        assertEquals("x1.50", Values.concat("x", new BigDecimal("1.50"), TEXT));
        assertEquals("n2024-01-02", Values.concat("n", LocalDate.of(2024, 1, 2), TEXT));
        assertEquals(new Bytes(new byte[] {1, 2}), Values.concat(new Bytes(new byte[] {1}), new Bytes(new byte[] {2}), SqlType.BYTEA));
        assertEquals("[1,2,3]", Values.toText(Values.concat(Values.parseText("[1,2]", SqlType.JSON), Values.parseText("3", SqlType.JSON), SqlType.JSON)));
        assertEquals("{\"a\":1,\"b\":3}", Values.toText(Values.concat(Values.parseText("{\"a\":1,\"b\":2}", SqlType.JSON),
                Values.parseText("{\"b\":3}", SqlType.JSON), SqlType.JSON)));
    }

    @Test
    void resultTypes() {
        assertEquals(INTEGER, Values.arithmeticType("+", INTEGER, INTEGER));
        assertEquals(SMALLINT, Values.arithmeticType("+", SMALLINT, SMALLINT));
        assertEquals(INTEGER, Values.arithmeticType("*", SMALLINT, INTEGER));
        assertEquals(BIGINT, Values.arithmeticType("/", INTEGER, BIGINT));
        assertEquals(DOUBLE, Values.arithmeticType("+", INTEGER, DOUBLE));
        assertEquals(NUMERIC, Values.arithmeticType("-", NUMERIC, BIGINT));
        assertEquals(DOUBLE, Values.arithmeticType("*", NUMERIC, DOUBLE));
        assertEquals(INTEGER, Values.arithmeticType("+", UNKNOWN, INTEGER));
        assertEquals(DOUBLE, Values.arithmeticType("^", INTEGER, INTEGER));
        assertEquals(NUMERIC, Values.arithmeticType("^", NUMERIC, INTEGER));
        assertEquals(DATE, Values.arithmeticType("+", DATE, INTEGER));
        assertEquals(DATE, Values.arithmeticType("+", INTEGER, DATE));
        assertEquals(DATE, Values.arithmeticType("-", DATE, INTEGER));
        assertEquals(INTEGER, Values.arithmeticType("-", DATE, DATE));
        assertEquals(INTEGER, Values.arithmeticType("-", DATE, UNKNOWN));
        assertEquals(TEXT, Values.arithmeticType("||", TEXT, INTEGER));
        assertEquals(TEXT, Values.arithmeticType("||", SqlType.BOOLEAN, UNKNOWN));
        assertEquals(SqlType.JSON, Values.arithmeticType("||", SqlType.JSON, SqlType.JSON));
        assertEquals("operator does not exist: text + integer", message(() -> Values.arithmeticType("+", TEXT, INTEGER)));
        assertEquals("42883", state(() -> Values.arithmeticType("+", TEXT, INTEGER)));
        assertEquals("42883", state(() -> Values.arithmeticType("%", DOUBLE, INTEGER)));
        assertEquals("42883", state(() -> Values.arithmeticType("||", INTEGER, INTEGER)));
        assertEquals("42725", state(() -> Values.arithmeticType("+", UNKNOWN, UNKNOWN)));
        // Without a static result type the run-time classes decide.
        assertEquals(3L, Values.add(1L, 2L, null));
        assertEquals(3.5, Values.add(1L, 2.5, null));
    }
}
