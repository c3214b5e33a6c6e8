package io.distdb.sql;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Statements of a few bytes whose numbers are written with exponents no value of their type can hold. Each
 * must answer or fail with its SQLSTATE at once: a decimal's exponent is checked before the decimal is
 * expanded, so {@code 1e999999999} never makes the node compute ten to that power (minutes of CPU and
 * gigabytes of heap, for one statement). The timeout only guards against such a hang; nothing asserts on time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NumericExtremesTest {

    @TempDir
    static Path dir;

    static LsmStore store;
    static SqlEngine engine;

    @BeforeAll
    static void open() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        engine = SqlEngine.standalone(store, SqlSettings.defaults());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** The statement's single value as text, or its SQLSTATE. */
    private static String answer(String sql) {
        try {
            Object v = engine.execute(sql).rows().get(0)[0];
            String text = String.valueOf(v);
            return text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + " chars)" : text;
        } catch (SqlException e) {
            return e.sqlState();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // Literals and text: beyond 131072 digits before the point is out of range (22003) ...
            "SELECT 1e999999999                                   | 22003",
            "SELECT 1e999999999 + 1                               | 22003",
            "SELECT '1e999999999'::numeric                        | 22003",
            "SELECT '-1e999999999'::numeric + 1                   | 22003",
            "SELECT '1e99999999999999999999'::numeric             | 22003",
            "SELECT 1e131000::numeric(10, 2)                      | 22003",
            // ... and below the 16383 digits kept after it is zero.
            "SELECT 1e-999999999 = 0                              | true",
            "SELECT '1e-999999999'::numeric = 0                   | true",
            "SELECT 1e-999999999 + 1 = 1                          | true",
            "SELECT 1e-16000 * 1e-16000 = 0                       | true",
            // Double precision: overflow and underflow are 22003, a zero with any exponent is zero.
            "SELECT '.15e-30855555555555555555'::float8           | 22003",
            "SELECT '1e-400'::float8                              | 22003",
            "SELECT '0e-99999999999999'::float8                   | 0.0",
            "SELECT CAST('1e-99999999' AS real)                   | 22003",
            "SELECT '1e131071'::numeric::float8                   | 22003",
            "SELECT '1e131071'::numeric::bigint                   | 22003",
            // Operations whose result would pass the bound refuse before computing it.
            "SELECT '1e131071'::numeric * '1e131071'::numeric      | 22003",
            "SELECT '1e131071'::numeric ^ 2                       | 22003",
            "SELECT 10::numeric ^ 999999999                       | 22003",
            "SELECT power(10::numeric, -999999999) = 0            | true",
            "SELECT exp(999999999::numeric)                       | 22003",
            "SELECT 1e131071 / 1e-16383                           | 22003",
            "SELECT div(1e131071, 1e-16383)                       | 22003",
            "SELECT round(1.5, 2147483647) = 1.5                  | true",
            "SELECT round(1.5, -2147483647)                       | 0",
            "SELECT trunc(1e131000, -2147483647)                  | 0",
            // The largest values there are still compute.
            "SELECT sqrt(1e131070) = 1e65535                      | true",
            "SELECT ln(1e131071) > 301802                         | true",
            "SELECT 1e131071 % 3                                  | 1",
            "SELECT mod(1e131071, 1e-16383) = 0                   | true",
            "SELECT length(1e131071::text)                        | 131072",
            // jsonb holds only numbers NUMERIC can.
            "SELECT '1e999999999'::jsonb                          | 22003",
            "SELECT '[1, {\"a\": 1e-999999999}]'::jsonb            | 22003",
            "SELECT '{\"a\": 1.5e3}'::jsonb ->> 'a'                 | 1500",
    })
    void extremeExponentsAnswerOrFailAtOnce(String sql, String expected) {
        String got = answer(sql.strip());
        assertEquals(expected.strip(), got, sql);
    }
}
