package io.distdb.sql.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.catalog.ColumnDef;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static io.distdb.sql.types.SqlType.BIGINT;
import static io.distdb.sql.types.SqlType.BOOLEAN;
import static io.distdb.sql.types.SqlType.BYTEA;
import static io.distdb.sql.types.SqlType.DATE;
import static io.distdb.sql.types.SqlType.DOUBLE;
import static io.distdb.sql.types.SqlType.INTEGER;
import static io.distdb.sql.types.SqlType.JSON;
import static io.distdb.sql.types.SqlType.NUMERIC;
import static io.distdb.sql.types.SqlType.SMALLINT;
import static io.distdb.sql.types.SqlType.TEXT;
import static io.distdb.sql.types.SqlType.TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValuesConversionTest {

    static SqlException error(Runnable r) {
        return assertThrows(SqlException.class, r::run);
    }

    @Test
    void doubleTextForms() {
        assertEquals("1.5", Values.toText(1.5));
        assertEquals("1e+20", Values.toText(1e20));
        assertEquals("1e+15", Values.toText(1e15));
        assertEquals("100000000000000", Values.toText(1e14));
        assertEquals("1e-05", Values.toText(0.00001));
        assertEquals("0.0001", Values.toText(0.0001));
        assertEquals("1.2345678901234568e+17", Values.toText(123456789012345678.0));
        assertEquals("0.1", Values.toText(0.1));
        assertEquals("0.30000000000000004", Values.toText(0.1 + 0.2));
        assertEquals("100", Values.toText(100.0));
        assertEquals("-2.5", Values.toText(-2.5));
        assertEquals("Infinity", Values.toText(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", Values.toText(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", Values.toText(Double.NaN));
        assertEquals("-0", Values.toText(-0.0));
        assertEquals("1.7976931348623157e+308", Values.toText(Double.MAX_VALUE));
        assertEquals("5e-324", Values.toText(Double.MIN_VALUE));
        assertEquals("2e+23", Values.toText(2e23));
        for (double d : new double[] {1.0 / 3, Math.PI, 1e-7, 123.456, 9007199254740993.0, 4.35, 0.7071067811865476}) {
            assertEquals(d, Double.parseDouble(Values.toText(d)), "round trip of " + d);
        }
    }

    @Test
    void otherTextForms() {
        assertEquals("true", Values.toText(true));
        assertEquals("t", Values.toOutputText(true));
        assertEquals("f", Values.toOutputText(false));
        assertEquals("42", Values.toText(42L));
        assertEquals("1.50", Values.toText(new BigDecimal("1.50")));
        assertEquals("1000", Values.toText(new BigDecimal("1E+3")));
        assertEquals("2024-01-02", Values.toText(LocalDate.of(2024, 1, 2)));
        assertEquals("0044-03-15 BC", Values.toText(LocalDate.of(-43, 3, 15)));
        assertEquals("10000-01-01", Values.toText(LocalDate.of(10000, 1, 1)));
        assertEquals("2024-01-02 03:04:05+00", Values.toText(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("2024-01-02 03:04:05.5+00", Values.toText(Instant.parse("2024-01-02T03:04:05.500Z")));
        assertEquals("2024-01-02 03:04:05.000001+00", Values.toText(Instant.parse("2024-01-02T03:04:05.000001Z")));
        assertEquals("\\x0a1b", Values.toText(new Bytes(new byte[] {0x0a, 0x1b})));
        assertEquals("{\"a\":1.0,\"b\":[1,\"x\",null]}", Values.toText(Values.parseText("{\"a\": 1.0, \"b\": [1, \"x\", null]}", JSON)));
        assertEquals("1000", Values.toText(Values.parseText("1e3", JSON)));
        assertNull(Values.toText(null));
    }

    @Test
    void parsing() {
        assertEquals(12L, Values.parseText("  12 ", INTEGER));
        assertEquals(-5L, Values.parseText("-5", SMALLINT));
        assertEquals(5L, Values.parseText("+5", BIGINT));
        SqlException e = error(() -> Values.parseText("abc", INTEGER));
        assertEquals("22P02", e.sqlState());
        assertEquals("invalid input syntax for type integer: \"abc\"", e.getMessage());
        e = error(() -> Values.parseText("99999999999", INTEGER));
        assertEquals("22003", e.sqlState());
        assertEquals("value \"99999999999\" is out of range for type integer", e.getMessage());
        assertEquals("22003", error(() -> Values.parseText("40000", SMALLINT)).sqlState());
        assertEquals("22003", error(() -> Values.parseText("9223372036854775808", BIGINT)).sqlState());
        assertEquals("22P02", error(() -> Values.parseText("1.5", INTEGER)).sqlState());
        assertEquals(new BigDecimal("1500"), Values.parseText("1.5e3", NUMERIC));
        assertEquals(new BigDecimal("1.50"), Values.parseText("1.50", NUMERIC));
        assertEquals(new BigDecimal("-0.0015"), Values.parseText(" -1.5e-3 ", NUMERIC));
        assertEquals("0A000", error(() -> Values.parseText("NaN", NUMERIC)).sqlState());
        assertEquals(Double.POSITIVE_INFINITY, Values.parseText("Infinity", DOUBLE));
        assertEquals(Double.NEGATIVE_INFINITY, Values.parseText("-infinity", DOUBLE));
        assertEquals(Double.NaN, Values.parseText("NaN", DOUBLE));
        assertEquals(1.5, Values.parseText("1.5", DOUBLE));
        assertEquals("22003", error(() -> Values.parseText("1e400", DOUBLE)).sqlState());
        assertEquals("22003", error(() -> Values.parseText("1e-400", DOUBLE)).sqlState());
        // An exponent no BigDecimal can hold, either way: out of range, not an internal error.
        assertEquals("22003", error(() -> Values.parseText(".15e-30855555555555555555", DOUBLE)).sqlState());
        assertEquals("22003", error(() -> Values.parseText("-2e99999999999999", DOUBLE)).sqlState());
        assertEquals(0.0, Values.parseText("0.000e-99999999999999", DOUBLE));
        assertEquals(-0.0, Values.parseText("-0e5", DOUBLE));
        assertEquals(true, Values.parseText("TRUE ", BOOLEAN));
        assertEquals(false, Values.parseText(" of", BOOLEAN));
        assertEquals(true, Values.parseText("ye", BOOLEAN));
        assertEquals(false, Values.parseText("0", BOOLEAN));
        assertEquals("22P02", error(() -> Values.parseText("o", BOOLEAN)).sqlState());
        assertEquals("22P02", error(() -> Values.parseText("maybe", BOOLEAN)).sqlState());
        assertEquals(LocalDate.of(2024, 1, 2), Values.parseText("2024-01-02", DATE));
        assertEquals(LocalDate.of(-43, 3, 15), Values.parseText("0044-03-15 BC", DATE));
        assertEquals("22008", error(() -> Values.parseText("2024-02-30", DATE)).sqlState());
        assertEquals("22007", error(() -> Values.parseText("yesterday-ish", DATE)).sqlState());
    }

    @Test
    void timestamps() {
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), Values.parseText("2024-01-02 03:04:05", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), Values.parseText("2024-01-02T03:04:05Z", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), Values.parseText("2024-01-02T03:04:05+02", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), Values.parseText("2024-01-02 03:04:05+02:00", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T00:34:00Z"), Values.parseText("2024-01-02 03:04 +0230", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T05:04:05Z"), Values.parseText("2024-01-02 03:04:05-02", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123457Z"), Values.parseText("2024-01-02 03:04:05.1234567", TIMESTAMP));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), Values.parseText("2024-01-02", TIMESTAMP));
        // PostgreSQL reports text that is not a date or time with 22007 (invalid_datetime_format).
        assertEquals("22007", error(() -> Values.parseText("2024-01-02 xx", TIMESTAMP)).sqlState());
    }

    @Test
    void casts() {
        assertEquals(2L, Values.cast(2.5, INTEGER, 0));
        assertEquals(4L, Values.cast(3.5, INTEGER, 0));
        assertEquals(3L, Values.cast(new BigDecimal("2.5"), INTEGER, 0));
        assertEquals(-3L, Values.cast(new BigDecimal("-2.5"), INTEGER, 0));
        assertEquals("integer out of range", error(() -> Values.cast(3e9, INTEGER, 0)).getMessage());
        assertEquals("smallint out of range", error(() -> Values.cast(40000L, SMALLINT, 0)).getMessage());
        assertEquals("22003", error(() -> Values.cast(Double.NaN, BIGINT, 0)).sqlState());
        assertEquals(new BigDecimal("0.1"), Values.cast(0.1, NUMERIC, 0));
        assertEquals(new BigDecimal("100000000000000000000"), Values.cast(1e20, NUMERIC, 0));
        assertEquals(1.5, Values.cast(new BigDecimal("1.5"), DOUBLE, 0));
        assertEquals("22003", error(() -> Values.cast(new BigDecimal("1e400"), DOUBLE, 0)).sqlState());
        assertEquals(true, Values.cast(5L, BOOLEAN, 0));
        assertEquals(1L, Values.cast(true, INTEGER, 0));
        assertEquals("true", Values.cast(true, TEXT, 0));
        assertEquals("ab", Values.cast("abc", TEXT, 2));
        assertEquals("1.5", Values.cast(1.5, TEXT, 0));
        assertEquals(LocalDate.of(2024, 1, 2), Values.cast(Instant.parse("2024-01-02T23:59:59Z"), DATE, 0));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), Values.cast(LocalDate.of(2024, 1, 2), TIMESTAMP, 0));
        JsonNode j = (JsonNode) Values.cast("{\"a\": [1, 2]}", JSON, 0);
        assertEquals(2, j.get("a").size());
        assertEquals("{\"a\":[1,2]}", Values.cast(j, TEXT, 0));
        assertEquals("\"x\"", Values.cast(Values.parseText("\"x\"", JSON), TEXT, 0));
        assertEquals("22P02", error(() -> Values.cast("{bad", JSON, 0)).sqlState());
        assertEquals("22P02", error(() -> Values.cast("{} x", JSON, 0)).sqlState());
        assertEquals(5L, Values.cast(Values.parseText("5", JSON), INTEGER, 0));
        assertEquals("22023", error(() -> Values.cast(Values.parseText("\"5\"", JSON), INTEGER, 0)).sqlState());
        assertEquals(new Bytes(new byte[] {0x0a, 0x1b}), Values.cast("\\x0A1b", BYTEA, 0));
        assertEquals(new Bytes(new byte[] {'a', '\\', 1}), Values.cast("a\\\\\\001", BYTEA, 0));
        assertEquals("22P02", error(() -> Values.cast("\\x0", BYTEA, 0)).sqlState());
        assertEquals("\\x6869", Values.cast(new Bytes("hi".getBytes()), TEXT, 0));
        SqlException e = error(() -> Values.cast(true, DATE, 0));
        assertEquals("42846", e.sqlState());
        assertEquals("cannot cast type boolean to date", e.getMessage());
        assertNull(Values.cast(null, INTEGER, 0));
    }

    @Test
    void coercions() {
        assertEquals(1.0, Values.coerce(1L, DOUBLE));
        assertEquals(new BigDecimal(7), Values.coerce(7L, NUMERIC));
        assertEquals(12L, Values.coerce("12", INTEGER));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), Values.coerce(LocalDate.of(2024, 1, 2), TIMESTAMP));
        assertEquals("invalid input syntax for type integer: \"abc\"", error(() -> Values.coerce("abc", INTEGER)).getMessage());
        assertEquals("42804", error(() -> Values.coerce(1.5, INTEGER)).sqlState());
        assertEquals("42804", error(() -> Values.coerce(true, TEXT)).sqlState());
    }

    private static Object assign(Object v, ColumnDef column) {
        return column.assign(v);
    }

    static ColumnDef column(String name, SqlType type, int maxLength) {
        return new ColumnDef(name, type, false, maxLength, false);
    }

    @Test
    void assignment() {
        assertEquals(2L, assign(2.4, column("n", INTEGER, 0)));
        assertEquals(42L, assign("42", column("n", INTEGER, 0)));
        assertEquals(new BigDecimal("1.25"), assign("1.25", column("n", NUMERIC, 0)));
        assertEquals(3.0, assign(3L, column("n", DOUBLE, 0)));
        assertEquals("1.5", assign(1.5, column("s", TEXT, 0)));
        assertEquals("true", assign(true, column("s", TEXT, 0)));
        assertEquals(LocalDate.of(2024, 1, 2), assign("2024-01-02", column("d", DATE, 0)));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), assign(LocalDate.of(2024, 1, 2), column("t", TIMESTAMP, 0)));
        assertEquals(2, ((JsonNode) assign("[1,2]", column("j", JSON, 0))).size());

        SqlException e = error(() -> assign("abc", column("age", INTEGER, 0)));
        assertEquals("22P02", e.sqlState());
        assertEquals("invalid input syntax for type integer: \"abc\" (column \"age\")", e.getMessage());
        e = error(() -> assign(40000L, column("age", SMALLINT, 0)));
        assertEquals("22003", e.sqlState());
        assertEquals("smallint out of range (column \"age\")", e.getMessage());
        e = error(() -> assign(true, column("age", INTEGER, 0)));
        assertEquals("42804", e.sqlState());
        assertEquals("column \"age\" is of type integer but expression is of type boolean", e.getMessage());

        assertEquals("abc", assign("abc", column("name", TEXT, 3)));
        assertEquals("abc", assign("abc   ", column("name", TEXT, 3)));
        assertEquals("\uD83D\uDE00bc", assign("\uD83D\uDE00bc", column("name", TEXT, 3)));
        e = error(() -> assign("abcd", column("name", TEXT, 3)));
        assertEquals("22001", e.sqlState());
        assertEquals("value too long for type character varying(3) (column \"name\")", e.getMessage());
        assertNull(assign(null, column("name", TEXT, 3)));
    }
}
