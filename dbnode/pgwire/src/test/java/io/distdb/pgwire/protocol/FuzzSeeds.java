package io.distdb.pgwire.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.distdb.pgwire.protocol.FrontendBytes.body;
import static io.distdb.pgwire.protocol.FrontendBytes.concat;

/**
 * Writes the seed inputs of the fuzz tests (the files under {@code src/test/resources/io/distdb/pgwire/...
 * FuzzTestInputs}): run {@code main} with the module's {@code src/test/resources} directory to write them
 * again after a change of the input layouts.
 */
public final class FuzzSeeds {

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path decoder = resources.resolve("io/distdb/pgwire/protocol/FrontendDecoderFuzzTestInputs/decode");
        Path values = resources.resolve("io/distdb/pgwire/types/PgValuesFuzzTestInputs/decodeParameter");
        Path scram = resources.resolve("io/distdb/pgwire/auth/ScramSha256FuzzTestInputs/exchange");
        for (Path dir : new Path[] {decoder, values, scram}) {
            Files.createDirectories(dir);
        }
        decoderSeeds().forEach((name, bytes) -> write(decoder.resolve(name), bytes));
        valueSeeds().forEach((name, bytes) -> write(values.resolve(name), bytes));
        scramSeeds().forEach((name, bytes) -> write(scram.resolve(name), bytes));
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A decoder input: flags (bit 0 start-up phase, bits 1-2 the limit), a split seed, the stream. */
    static byte[] decoderInput(boolean startup, int limitIndex, int splitSeed, byte[]... stream) {
        byte[] header = body().int8((startup ? 1 : 0) | (limitIndex << 1)).int32(splitSeed).toByteArray();
        byte[][] all = new byte[stream.length + 1][];
        all[0] = header;
        System.arraycopy(stream, 0, all, 1, stream.length);
        return concat(all);
    }

    static Map<String, byte[]> decoderSeeds() {
        Map<String, String> pgjdbc = new LinkedHashMap<>();
        pgjdbc.put("user", "app");
        pgjdbc.put("database", "distdb");
        pgjdbc.put("client_encoding", "UTF8");
        pgjdbc.put("DateStyle", "ISO");
        pgjdbc.put("TimeZone", "UTC");
        pgjdbc.put("extra_float_digits", "2");
        Map<String, String> psql = new LinkedHashMap<>();
        psql.put("user", "app");
        psql.put("database", "distdb");
        psql.put("application_name", "psql");
        psql.put("_pq_.protocol_option", "on");
        byte[] saslInitial = FrontendBytes.password(body().cstring("SCRAM-SHA-256").int32(32)
                .bytes("n,,n=,r=rOprNGfwEbeRWgbNEkqO%hvYD".getBytes(StandardCharsets.US_ASCII)).toByteArray());
        byte[] saslFinal = FrontendBytes.password(("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=").getBytes(StandardCharsets.US_ASCII));
        byte[] extendedCycle = concat(
                FrontendBytes.parse("S_1", "SELECT name, score FROM t WHERE id = $1 AND name <> $2", 20, 25),
                FrontendBytes.bind("", "S_1", new short[] {1, 0}, new byte[][] {{0, 0, 0, 0, 0, 0, 0, 7}, "x".getBytes()},
                        new short[] {0, 1}),
                FrontendBytes.describe('P', ""),
                FrontendBytes.execute("", 10),
                FrontendBytes.execute("", 0),
                FrontendBytes.close('P', ""),
                FrontendBytes.close('S', "S_1"),
                FrontendBytes.sync());
        byte[] unnamedCycle = concat(
                FrontendBytes.parse("", "INSERT INTO t VALUES ($1, $2)"),
                FrontendBytes.bind("", "", "1", null),
                FrontendBytes.describe('S', ""),
                FrontendBytes.execute("", 0),
                FrontendBytes.flush(),
                FrontendBytes.sync());
        byte[] copy = concat(
                FrontendBytes.query("COPY t FROM STDIN"),
                FrontendBytes.copyData("1\tone\n2\ttwo\n".getBytes(StandardCharsets.UTF_8)),
                FrontendBytes.copyData("3\tthree\n".getBytes(StandardCharsets.UTF_8)),
                FrontendBytes.copyDone(),
                FrontendBytes.query("COPY t FROM STDIN"),
                FrontendBytes.copyFail("the client gave up"));

        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("startup-pgjdbc", decoderInput(true, 0, 1, FrontendBytes.startup(pgjdbc),
                saslInitial, saslFinal, FrontendBytes.query("SELECT 1"), FrontendBytes.terminate()));
        seeds.put("startup-ssl-psql", decoderInput(true, 0, 2, FrontendBytes.sslRequest(),
                FrontendBytes.startup(FrontendBytes.PROTOCOL_3 + 2, psql), FrontendBytes.query("SELECT 1; SELECT 2;")));
        seeds.put("startup-gssenc", decoderInput(true, 1, 3, FrontendBytes.gssEncRequest(), FrontendBytes.sslRequest(),
                FrontendBytes.startup(Map.of("user", "app")), FrontendBytes.sync()));
        seeds.put("cancel-request", decoderInput(true, 0, 4, FrontendBytes.cancelRequest(123456, -98765)));
        seeds.put("startup-protocol-2", decoderInput(true, 0, 5, FrontendBytes.startup(2 << 16, Map.of("user", "app"))));
        seeds.put("startup-extended", decoderInput(true, 2, 6, FrontendBytes.startup(pgjdbc), extendedCycle));
        seeds.put("extended-named", decoderInput(false, 0, 7, extendedCycle, extendedCycle));
        seeds.put("extended-unnamed", decoderInput(false, 1, 8, unnamedCycle));
        seeds.put("copy", decoderInput(false, 0, 9, copy));
        seeds.put("function-call", decoderInput(false, 0, 10, FrontendBytes.typed('F',
                body().int32(1598).int16(1).int16(0).int16(1).int32(4).int32(42).int16(0).toByteArray())));
        seeds.put("limit-64", decoderInput(false, 3, 11, FrontendBytes.query("SELECT 'a string longer than the limit of 64 bytes'")));
        seeds.put("huge-length", decoderInput(false, 0, 12, FrontendBytes.typedWithLength('Q', 0x7fffffff, new byte[] {'S'})));
        seeds.put("bind-count-past-body", decoderInput(false, 0, 13,
                FrontendBytes.typed('B', body().cstring("").cstring("").int16(0).int16(1000).toByteArray())));
        seeds.put("string-without-terminator", decoderInput(false, 0, 14,
                FrontendBytes.typed('Q', "SELECT 1".getBytes(StandardCharsets.UTF_8))));
        return seeds;
    }

    /** A value input: flags (bit 0 the extra OID binary), the extra OID, the value. */
    static byte[] valueInput(boolean binary, int oid, byte[] value) {
        return concat(body().int8(binary ? 1 : 0).int32(oid).toByteArray(), value);
    }

    static Map<String, byte[]> valueSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("int4-text", valueInput(false, 23, "-2147483648".getBytes(StandardCharsets.UTF_8)));
        seeds.put("int8-binary", valueInput(true, 20, body().int32(0x12345678).int32(0x9abcdef0).toByteArray()));
        seeds.put("numeric-binary", valueInput(true, 1700,
                body().int16(3).int16(1).int16(0x4000).int16(6).int16(12).int16(3456).int16(7800).toByteArray()));
        seeds.put("numeric-text", valueInput(false, 1700, "-12345.678900".getBytes(StandardCharsets.UTF_8)));
        seeds.put("timestamptz-binary", valueInput(true, 1184, body().int32(0x0002_8bc6).int32(0x2c0b_9000).toByteArray()));
        seeds.put("timestamptz-infinity", valueInput(true, 1184, body().int32(0x7fffffff).int32(0xffffffff).toByteArray()));
        seeds.put("date-minus-infinity", valueInput(true, 1082, body().int32(0x80000000).toByteArray()));
        seeds.put("timestamp-text", valueInput(false, 1114, "2024-02-29 23:59:59.999999".getBytes(StandardCharsets.UTF_8)));
        seeds.put("date-binary", valueInput(true, 1082, body().int32(8800).toByteArray()));
        seeds.put("date-text", valueInput(false, 1082, "1999-12-31".getBytes(StandardCharsets.UTF_8)));
        seeds.put("uuid-binary", valueInput(true, 2950, body().int32(0x01234567).int32(0x89abcdef).int32(0x01234567)
                .int32(0x89abcdef).toByteArray()));
        seeds.put("jsonb-binary", valueInput(true, 3802, concat(new byte[] {1},
                "{\"a\": [1, 2.5, null, true], \"b\": \"x\"}".getBytes(StandardCharsets.UTF_8))));
        seeds.put("bool-text", valueInput(false, 16, "true".getBytes(StandardCharsets.UTF_8)));
        seeds.put("float8-text", valueInput(false, 701, "-1.5e308".getBytes(StandardCharsets.UTF_8)));
        seeds.put("bytea-text", valueInput(false, 17, "\\xdeadbeef".getBytes(StandardCharsets.UTF_8)));
        seeds.put("text-utf8", valueInput(false, 25, "grüße, 世界".getBytes(StandardCharsets.UTF_8)));
        return seeds;
    }

    static Map<String, byte[]> scramSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("structured", concat(new byte[] {3}, "fyko+d2lbbFgONRv9qkxdawL".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0}, "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=".getBytes(StandardCharsets.US_ASCII)));
        seeds.put("raw", concat(new byte[] {0}, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0}, "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
                        .getBytes(StandardCharsets.US_ASCII)));
        seeds.put("channel-binding", concat(new byte[] {0}, "p=tls-server-end-point,,n=,r=abc".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0}, "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCws,r=abc,p=AAAA".getBytes(StandardCharsets.US_ASCII)));
        seeds.put("final-only", concat(new byte[] {4}, new byte[] {0}, "c=biws,r=x,p=AAAA".getBytes(StandardCharsets.US_ASCII)));
        return seeds;
    }
}
