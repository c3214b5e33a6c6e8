package io.distdb.sql.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.errors.SqlException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static io.distdb.sql.types.SqlType.BIGINT;
import static io.distdb.sql.types.SqlType.DATE;
import static io.distdb.sql.types.SqlType.DOUBLE;
import static io.distdb.sql.types.SqlType.INTEGER;
import static io.distdb.sql.types.SqlType.NUMERIC;
import static io.distdb.sql.types.SqlType.SMALLINT;
import static io.distdb.sql.types.SqlType.TEXT;
import static io.distdb.sql.types.SqlType.TIMESTAMP;
import static io.distdb.sql.types.SqlType.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionsTest {

    static final Instant START = Instant.parse("2024-05-06T07:08:09.123456Z");
    static final FunctionContext CTX = FunctionContext.of(START);

    /** Calls with static types, as the engine does. */
    static Object typed(String name, List<SqlType> types, Object... args) {
        return Functions.get(name).bind(types).apply(CTX, args);
    }

    static Object call(String name, Object... args) {
        return Functions.get(name).apply(CTX, args);
    }

    static String text(String name, Object... args) {
        return Values.toText(call(name, args));
    }

    static BigDecimal num(String s) {
        return new BigDecimal(s);
    }

    static String state(Runnable r) {
        return assertThrows(SqlException.class, r::run).sqlState();
    }

    @Test
    void overloadResolution() {
        assertEquals(DOUBLE, Functions.get("round").returnType(List.of(INTEGER)));
        assertEquals(NUMERIC, Functions.get("round").returnType(List.of(INTEGER, INTEGER)));
        assertEquals(NUMERIC, Functions.get("round").returnType(List.of(NUMERIC)));
        assertEquals(SMALLINT, Functions.get("abs").returnType(List.of(SMALLINT)));
        assertEquals(DOUBLE, Functions.get("abs").returnType(List.of(UNKNOWN)));
        assertEquals(BIGINT, Functions.get("mod").returnType(List.of(INTEGER, BIGINT)));
        assertEquals(INTEGER, Functions.get("length").returnType(List.of(UNKNOWN)));
        assertEquals(NUMERIC, Functions.get("greatest").returnType(List.of(INTEGER, NUMERIC, UNKNOWN)));
        assertEquals(NUMERIC, Functions.get("nullif").returnType(List.of(INTEGER, NUMERIC)));
        assertEquals(NUMERIC, Functions.get("EXTRACT").returnType(List.of(UNKNOWN, DATE)));
        SqlException e = assertThrows(SqlException.class, () -> Functions.get("lower").bind(List.of(INTEGER)));
        assertEquals("42883", e.sqlState());
        assertEquals("function lower(integer) does not exist", e.getMessage());
        assertEquals("42883", state(() -> Functions.get("no_such_function")));
        assertEquals("42883", state(() -> Functions.get("concat").bind(List.of())));
        assertEquals("42725", state(() -> Functions.get("to_hex").bind(List.of(SMALLINT))));
        assertEquals("42804", state(() -> Functions.get("coalesce").bind(List.of(INTEGER, TEXT))));
    }

    @Test
    void math() {
        assertEquals(5L, typed("abs", List.of(INTEGER), -5L));
        assertEquals("22003", state(() -> typed("abs", List.of(INTEGER), -2147483648L)));
        assertEquals(num("2.5"), call("abs", num("-2.5")));
        assertEquals(-1.0, call("sign", -3.5));
        assertEquals(2.0, typed("round", List.of(DOUBLE), 2.5));
        assertEquals(-2.0, call("round", -2.5));
        assertEquals(num("-3"), call("round", num("-2.5")));
        assertEquals("1200", text("round", num("1234.5"), -2L));
        assertEquals("1.200", text("round", num("1.2"), 3L));
        assertEquals("-1.5", text("trunc", num("-1.57"), 1L));
        assertEquals(-1.0, call("trunc", -1.7));
        assertEquals("-0", text("ceil", -0.5));
        assertEquals(num("-1"), call("floor", num("-0.5")));
        assertEquals(3.0, call("sqrt", 9.0));
        assertEquals("2201F", state(() -> call("sqrt", -1.0)));
        assertEquals(3.0, call("cbrt", 27.0));
        assertEquals(8.0, call("power", 2.0, 3.0));
        assertEquals(8.0, typed("pow", List.of(INTEGER, INTEGER), 2L, 3L));
        assertEquals(3.0, call("log", 1000.0));
        assertEquals("2201E", state(() -> call("ln", 0.0)));
        assertEquals("2201E", state(() -> call("ln", num("-1"))));
        assertEquals(1L, typed("mod", List.of(INTEGER, INTEGER), 7L, 3L));
        assertEquals("22012", state(() -> typed("mod", List.of(INTEGER, INTEGER), 7L, 0L)));
        assertEquals(num("3"), call("div", num("7.5"), num("2")));
        assertEquals(Math.PI, call("pi"));
        double r = (Double) call("random");
        assertTrue(r >= 0 && r < 1);
        assertTrue(Functions.get("random").bind(List.of()).isVolatile());
        assertNull(typed("abs", List.of(INTEGER), (Object) null));
    }

    @Test
    void numericFunctionsAsPostgres() {
        assertEquals("1.414213562373095", text("sqrt", num("2")));
        assertEquals("14.142135623730950", text("sqrt", num("200")));
        assertEquals("0.14142135623730950", text("sqrt", num("0.02")));
        assertEquals("1000.0000000000000", text("sqrt", num("1000000")));
        assertEquals("0.6931471805599453", text("ln", num("2")));
        assertEquals("6.9077552789821371", text("ln", num("1000")));
        assertEquals("-6.9077552789821371", text("ln", num("0.001")));
        assertEquals("0.00009999500033330834", text("ln", num("1.0001")));
        assertEquals("2.7182818284590452", text("exp", num("1")));
        assertEquals("22026.465794806717", text("exp", num("10")));
        assertEquals("0.00004539992976248485", text("exp", num("-10")));
        assertEquals("26881171418161354484126255515800135873611119", text("exp", num("100")));
        assertEquals("0.3010299956639812", text("log", num("2")));
        assertEquals("3.0000000000000000", text("log", num("2"), num("8")));
        assertEquals("9.8821176880261854", text("power", num("2.5"), num("2.5")));
        assertEquals("10.000000000000000", text("power", num("100"), num("0.5")));
        assertEquals("0.7071067811865475", text("power", num("0.5"), num("0.5")));
    }

    @Test
    void conditionals() {
        assertEquals(2L, call("coalesce", null, 2L, 3L));
        assertNull(call("coalesce", null, null));
        assertEquals(num("2.5"), typed("greatest", List.of(INTEGER, NUMERIC, UNKNOWN), 1L, num("2.5"), null));
        assertEquals(num("1"), typed("least", List.of(INTEGER, NUMERIC, UNKNOWN), 1L, num("2.5"), null));
        assertNull(typed("greatest", List.of(INTEGER, INTEGER), null, null));
        assertNull(call("nullif", 1L, 1L));
        assertEquals(1L, call("nullif", 1L, 2L));
        assertEquals(1L, typed("nullif", List.of(INTEGER, UNKNOWN), 1L, null));
    }

    @Test
    void text() {
        assertEquals(3L, call("length", "abc"));
        assertEquals(2L, call("char_length", "\uD83D\uDE00x"));
        assertEquals(5L, call("octet_length", "\uD83D\uDE00x"));
        assertEquals(2L, call("length", new Bytes(new byte[] {1, 2})));
        assertEquals("abc", call("lower", "ABC"));
        assertEquals("ABC", call("upper", "abc"));
        assertEquals("Hello World-Foo Bar_Baz", call("initcap", "hELLO wORLD-foo bar_baz"));
        assertEquals("h", typed("substr", List.of(TEXT, INTEGER, INTEGER), "hello", 0L, 2L));
        assertEquals("h", typed("substring", List.of(TEXT, INTEGER, INTEGER), "hello", -1L, 3L));
        assertEquals("llo", typed("substr", List.of(TEXT, INTEGER), "hello", 3L));
        assertEquals("", typed("substr", List.of(TEXT, INTEGER), "hello", 10L));
        assertEquals("22011", state(() -> typed("substr", List.of(TEXT, INTEGER, INTEGER), "hello", 1L, -1L)));
        assertEquals("he", typed("left", List.of(TEXT, INTEGER), "hello", 2L));
        assertEquals("hel", typed("left", List.of(TEXT, INTEGER), "hello", -2L));
        assertEquals("lo", typed("right", List.of(TEXT, INTEGER), "hello", 2L));
        assertEquals("llo", typed("right", List.of(TEXT, INTEGER), "hello", -2L));
        assertEquals(3L, call("position", "c", "abcd"));
        assertEquals(0L, call("strpos", "abcd", "x"));
        assertEquals(2L, call("strpos", "\uD83D\uDE00xy", "x"));
        assertEquals("axc", call("replace", "abc", "b", "x"));
        assertEquals("cba", call("reverse", "abc"));
        assertEquals("ababab", typed("repeat", List.of(TEXT, INTEGER), "ab", 3L));
        assertEquals("54000", state(() -> typed("repeat", List.of(TEXT, INTEGER), "abcdefgh", 2_000_000_000L)));
        assertEquals("xyxhi", typed("lpad", List.of(TEXT, INTEGER, TEXT), "hi", 5L, "xy"));
        assertEquals("he", typed("lpad", List.of(TEXT, INTEGER), "hello", 2L));
        assertEquals("hi   ", typed("rpad", List.of(TEXT, INTEGER), "hi", 5L));
        assertEquals("x", call("trim", "  x  "));
        assertEquals("a", call("btrim", "xxaxx", "x"));
        assertEquals("axx", call("ltrim", "xxaxx", "x"));
        assertEquals("abc", call("rtrim", "abc  "));
        assertEquals("t1.50x", call("concat", true, num("1.50"), null, "x"));
        assertEquals("", call("concat", (Object) null));
        assertEquals("a,b", call("concat_ws", ",", "a", null, "b"));
        assertNull(typed("concat_ws", List.of(TEXT, TEXT), null, "a"));
        assertEquals("c", typed("split_part", List.of(TEXT, TEXT, INTEGER), "a,b,c", ",", -1L));
        assertEquals("b", typed("split_part", List.of(TEXT, TEXT, INTEGER), "a,b,c", ",", 2L));
        assertEquals("", typed("split_part", List.of(TEXT, TEXT, INTEGER), "a,b,c", ",", 4L));
        assertEquals("22023", state(() -> typed("split_part", List.of(TEXT, TEXT, INTEGER), "a,b,c", ",", 0L)));
        assertEquals(true, call("starts_with", "alpha", "al"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", call("md5", "abc"));
        assertEquals("ffffffff", typed("to_hex", List.of(INTEGER), -1L));
        assertEquals("ffffffffffffffff", typed("to_hex", List.of(BIGINT), -1L));
        assertEquals(65L, call("ascii", "A"));
        assertEquals("A", typed("chr", List.of(INTEGER), 65L));
        assertEquals("54000", state(() -> typed("chr", List.of(INTEGER), 0L)));
        assertEquals("a2x5", call("translate", "12345", "143", "ax"));
        assertEquals("aGk=", call("encode", new Bytes("hi".getBytes()), "base64"));
        assertEquals(new Bytes("hi".getBytes()), call("decode", "6869", "hex"));
        assertNull(call("lower", (Object) null));
    }

    @Test
    void datesAndTimes() {
        assertEquals(START, call("now"));
        assertEquals(START, call("current_timestamp"));
        assertEquals(LocalDate.of(2024, 5, 6), call("current_date"));
        Instant t = Instant.parse("2024-01-01T00:00:05.5Z");
        assertEquals(num("5.500000"), call("extract", "second", t));
        assertEquals(num("5500.000"), call("extract", "millisecond", t));
        assertEquals(num("1704067205.500000"), call("extract", "epoch", t));
        assertEquals(num("1704067200"), call("extract", "epoch", LocalDate.of(2024, 1, 1)));
        assertEquals(num("2024"), call("extract", "YEAR", LocalDate.of(2024, 1, 1)));
        assertEquals(num("0"), call("extract", "dow", LocalDate.of(2024, 1, 7)));
        assertEquals(num("1"), call("extract", "week", LocalDate.of(2024, 1, 1)));
        assertEquals(num("366"), call("extract", "doy", Instant.parse("2024-12-31T10:00:00Z")));
        assertEquals(num("20"), call("extract", "century", LocalDate.of(2000, 1, 1)));
        assertEquals(num("202"), call("extract", "decade", LocalDate.of(2024, 1, 1)));
        assertEquals(num("2"), call("extract", "quarter", LocalDate.of(2024, 5, 1)));
        SqlException e = assertThrows(SqlException.class, () -> call("extract", "hour", LocalDate.of(2024, 1, 1)));
        assertEquals("0A000", e.sqlState());
        assertEquals("unit \"hour\" not supported for type date", e.getMessage());
        assertEquals("22023", state(() -> call("extract", "fortnight", t)));
        assertEquals(5.5, call("date_part", "second", t));
        assertEquals(0.0, typed("date_part", List.of(UNKNOWN, DATE), "hour", LocalDate.of(2024, 1, 1)));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), call("date_trunc", "week", Instant.parse("2024-01-04T10:11:12Z")));
        assertEquals(Instant.parse("2024-04-01T00:00:00Z"), call("date_trunc", "quarter", Instant.parse("2024-05-04T10:11:12Z")));
        assertEquals(Instant.parse("2024-05-04T10:00:00Z"), call("date_trunc", "hour", Instant.parse("2024-05-04T10:11:12Z")));
        assertEquals(LocalDate.of(2024, 2, 29), typed("make_date", List.of(INTEGER, INTEGER, INTEGER), 2024L, 2L, 29L));
        assertEquals(Instant.parse("2024-01-01T00:00:05.5Z"), call("to_timestamp", 1704067205.5));
        assertEquals(TIMESTAMP, Functions.get("now").returnType(List.of()));
    }

    @Test
    void json() {
        JsonNode doc = (JsonNode) Values.parseText("{\"a\":[10,{\"b\":\"x\"}],\"n\":null,\"k\":1.5}", SqlType.JSON);
        assertEquals("array", call("jsonb_typeof", doc.get("a")));
        assertEquals("null", call("json_typeof", doc.get("n")));
        assertEquals(2L, call("jsonb_array_length", doc.get("a")));
        assertEquals("22023", state(() -> call("jsonb_array_length", doc)));
        assertEquals("x", call("jsonb_extract_path_text", doc, "a", "1", "b"));
        assertEquals("10", Values.toText(call("json_extract_path", doc, "a", "0")));
        assertEquals("{\"b\":\"x\"}", Values.toText(Functions.jsonGet(doc.get("a"), -1L)));
        assertNull(Functions.jsonGet(doc.get("a"), 5L));
        assertNull(Functions.jsonGet(doc, 0L));
        assertNull(Functions.jsonGet(doc, "missing"));
        assertTrue(Functions.jsonGet(doc, "n").isNull());
        assertNull(Functions.jsonGetText(doc, "n"));
        assertEquals("1.5", Functions.jsonGetText(doc, "k"));
        assertEquals("[10,{\"b\":\"x\"}]", Functions.jsonGetText(doc, "a"));
        assertEquals("x", Functions.jsonGetText(Functions.jsonGet(doc.get("a"), 1L), "b"));
        assertEquals("\"2024-01-02T03:04:05+00:00\"", Values.toText(call("to_jsonb", Instant.parse("2024-01-02T03:04:05Z"))));
        assertEquals("1.50", Values.toText(call("to_jsonb", num("1.50"))));
    }

    @Test
    void system() {
        assertEquals("integer", typed("pg_typeof", List.of(INTEGER), 1L));
        assertEquals("unknown", typed("pg_typeof", List.of(UNKNOWN), (Object) null));
        assertTrue(((String) call("version")).startsWith("DistDB "));
        assertEquals("public", call("current_schema"));
        assertTrue(Functions.names().containsAll(Arrays.asList("abs", "substring", "date_part", "jsonb_typeof")));
    }
}
