package io.distdb.sql.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.errors.SqlException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesCompareTest {

    static JsonNode json(String s) {
        return (JsonNode) Values.parseText(s, SqlType.JSON);
    }

    @Test
    void numbersCompareAcrossClasses() {
        assertEquals(0, Values.compare(1L, 1.0));
        assertEquals(0, Values.compare(1L, new BigDecimal("1.00")));
        assertEquals(0, Values.compare(new BigDecimal("1.0"), 1.0));
        assertTrue(Values.compare(1L, new BigDecimal("1.0000000000000000000001")) < 0);
        assertTrue(Values.compare(Long.MAX_VALUE, new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE)) < 0);
        assertTrue(Values.compare(2L, 1.5) > 0);
        assertTrue(Values.compare(Double.NaN, Double.POSITIVE_INFINITY) > 0);
        assertTrue(Values.compare(Double.NaN, new BigDecimal("1e500")) > 0);
        assertEquals(0, Values.compare(Double.NaN, Double.NaN));
        assertEquals(0, Values.compare(-0.0, 0.0));
        assertTrue(Values.compare(Double.NEGATIVE_INFINITY, Long.MIN_VALUE) < 0);
    }

    @Test
    void textInCodePointOrder() {
        assertTrue(Values.compare("B", "a") < 0);
        assertTrue(Values.compare("a", "ab") < 0);
        assertTrue(Values.compare("\uFFFD", "\uD83D\uDE00") < 0, "U+FFFD sorts before U+1F600 as in UTF-8");
        assertTrue("\uFFFD".compareTo("\uD83D\uDE00") > 0, "(UTF-16 order differs)");
        assertTrue(Values.compare("\uD7FF", "\uD83D\uDE00") < 0);
    }

    @Test
    void otherTypes() {
        assertTrue(Values.compare(false, true) < 0);
        LocalDate d = LocalDate.of(2024, 1, 2);
        assertEquals(0, Values.compare(d, Instant.parse("2024-01-02T00:00:00Z")));
        assertTrue(Values.compare(d, Instant.parse("2024-01-02T00:00:01Z")) < 0);
        assertTrue(Values.compare(new Bytes(new byte[] {(byte) 0xFF}), new Bytes(new byte[] {1, 2})) > 0);
        assertTrue(Values.compare(new Bytes(new byte[] {1}), new Bytes(new byte[] {1, 0})) < 0);
    }

    @Test
    void jsonInJsonbOrder() {
        assertEquals(0, Values.compare(json("1"), json("1.0")));
        assertEquals(0, Values.compare(json("{\"a\":1,\"b\":[1,2]}"), json("{\"b\":[1,2.0],\"a\":1}")));
        assertTrue(Values.compare(json("2"), json("10")) < 0);
        assertTrue(Values.compare(json("\"b\""), json("\"a\"")) > 0);
        assertTrue(Values.compare(json("null"), json("\"a\"")) < 0);
        assertTrue(Values.compare(json("\"z\""), json("1")) < 0);
        assertTrue(Values.compare(json("true"), json("[]")) < 0);
        assertTrue(Values.compare(json("[1,2,3]"), json("{}")) < 0);
        assertTrue(Values.compare(json("[9]"), json("[1,1]")) < 0);
    }

    @Test
    void incomparableTypes() {
        SqlException e = assertThrows(SqlException.class, () -> Values.compare(1L, "1"));
        assertEquals("42804", e.sqlState());
        assertEquals("operator does not exist: bigint = text", e.getMessage());
        assertThrows(SqlException.class, () -> Values.compare(true, 1L));
        assertThrows(SqlException.class, () -> Values.compare(json("1"), 1L));
    }

    @Test
    void threeValuedEquality() {
        assertNull(Values.sqlEquals(null, 1L));
        assertNull(Values.sqlEquals(1L, null));
        assertEquals(Boolean.TRUE, Values.sqlEquals(1L, 1.0));
        assertEquals(Boolean.FALSE, Values.sqlEquals("a", "b"));
        assertTrue(Values.notDistinct(null, null));
        assertFalse(Values.notDistinct(null, 1L));
    }

    @Test
    void hashKeysAgreeWithCompare() {
        Object one = Values.hashKey(1L);
        assertEquals(one, Values.hashKey(1.0));
        assertEquals(one, Values.hashKey(new BigDecimal("1.00")));
        assertEquals(one, Values.hashKey(new BigDecimal("1E+0")));
        assertEquals(Values.hashKey(0.0), Values.hashKey(-0.0));
        assertEquals(Values.hashKey(0L), Values.hashKey(new BigDecimal("0.000")));
        assertEquals(Values.hashKey(0.5), Values.hashKey(new BigDecimal("0.50")));
        assertEquals(Values.hashKey(1e20), Values.hashKey(new BigDecimal("100000000000000000000.0")));
        assertEquals(Values.hashKey(Double.NaN), Values.hashKey(Double.NaN));
        assertNotEquals(Values.hashKey(1L), Values.hashKey("1"));
        assertNotEquals(Values.hashKey(1L), Values.hashKey(new BigDecimal("1.1")));
        assertEquals(Values.hashKey(LocalDate.of(2024, 1, 2)), Values.hashKey(Instant.parse("2024-01-02T00:00:00Z")));
        assertEquals(Values.hashKey(json("{\"a\":1.0,\"b\":2}")), Values.hashKey(json("{\"b\":2,\"a\":1}")));
        assertEquals(Values.hashKeys(new Object[] {1L, "x"}), Values.hashKeys(new Object[] {1.0, "x"}));
    }

    @Test
    void hashKeysAgreeWithCompareForRandomNumbers() {
        Random random = new Random(42);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long l = random.nextInt(21) - 10;
            int scale = random.nextInt(3);
            values.add(l);
            values.add((double) l / (scale == 0 ? 1 : 2));
            values.add(BigDecimal.valueOf(l).setScale(scale).divide(BigDecimal.valueOf(scale == 2 ? 2 : 1)));
        }
        for (Object a : values) {
            for (int k = 0; k < 20; k++) {
                Object b = values.get(random.nextInt(values.size()));
                assertEquals(Values.compare(a, b) == 0, Values.hashKey(a).equals(Values.hashKey(b)), a + " vs " + b);
            }
        }
    }

    @Test
    void truth() {
        assertEquals(Boolean.TRUE, Values.truth(true));
        assertNull(Values.truth(null));
        SqlException e = assertThrows(SqlException.class, () -> Values.truth(1L));
        assertEquals("42804", e.sqlState());
        assertEquals("argument of WHERE must be type boolean, not type bigint", e.getMessage());
    }

    @Test
    void comparisonAndCommonTypes() {
        assertEquals(SqlType.BIGINT, Values.comparisonType(SqlType.INTEGER, SqlType.BIGINT));
        assertEquals(SqlType.NUMERIC, Values.comparisonType(SqlType.INTEGER, SqlType.NUMERIC));
        assertEquals(SqlType.DOUBLE, Values.comparisonType(SqlType.NUMERIC, SqlType.DOUBLE));
        assertEquals(SqlType.TEXT, Values.comparisonType(SqlType.UNKNOWN, SqlType.TEXT));
        assertEquals(SqlType.INTEGER, Values.comparisonType(SqlType.UNKNOWN, SqlType.INTEGER));
        assertEquals(SqlType.TIMESTAMP, Values.comparisonType(SqlType.DATE, SqlType.TIMESTAMP));
        SqlException e = assertThrows(SqlException.class, () -> Values.comparisonType(SqlType.TEXT, SqlType.INTEGER));
        assertEquals("42883", e.sqlState());
        assertEquals("operator does not exist: text = integer", e.getMessage());
        assertEquals(SqlType.NUMERIC, Values.commonType("CASE", List.of(SqlType.INTEGER, SqlType.UNKNOWN, SqlType.NUMERIC)));
        assertEquals(SqlType.TEXT, Values.commonType("CASE", List.of(SqlType.UNKNOWN, SqlType.UNKNOWN)));
        assertEquals("CASE types integer and text cannot be matched",
                assertThrows(SqlException.class, () -> Values.commonType("CASE", List.of(SqlType.INTEGER, SqlType.TEXT))).getMessage());
    }

    @Test
    void estimates() {
        assertTrue(Values.estimateBytes("a".repeat(1000)) > 1000);
        assertTrue(Values.estimateBytes(json("{\"a\":[1,2,3],\"b\":\"xyz\"}")) > 100);
        assertTrue(Values.estimateBytes(1L) > 0);
        assertTrue(Values.estimateBytes(null) >= 0);
    }
}
