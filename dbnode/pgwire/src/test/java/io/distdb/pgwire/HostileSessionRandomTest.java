package io.distdb.pgwire;

import io.distdb.pgwire.RawPgClient.Message;
import io.distdb.pgwire.protocol.FrontendBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random protocol sessions against a real server: batches of messages drawn at random (simple queries,
 * Parse/Bind/Describe/Execute/Close with random names, types, formats and values, COPY data, Sync, Flush,
 * now and then a corrupted message), each followed by a marker query. The server must answer every batch
 * (never hang), never report an internal error (XX000, an exception it did not expect), close only after a
 * FATAL protocol error, and serve everyone afterwards.
 *
 * <p>The seed is printed; {@code -Dpgwire.random.seed=N} replays a run, {@code -Dpgwire.random.batches=N}
 * runs longer.
 */
class HostileSessionRandomTest {

    private static HostileFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = HostileFixture.start(20);
        try (Statement s = f.bystander.createStatement()) {
            s.execute("CREATE TABLE r (id bigint PRIMARY KEY, t text, n numeric, d date, ts timestamp, b boolean)");
            s.execute("INSERT INTO r VALUES (1, 'one', 1.5, '2024-01-01', '2024-01-01 10:00:00', true), "
                    + "(2, 'two', NULL, NULL, NULL, false)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static final String[] SQL = {
        "SELECT 1", "SELECT * FROM r", "SELECT * FROM r WHERE id = $1", "SELECT t, n FROM r WHERE id > $1 AND t <> $2",
        "INSERT INTO r VALUES ($1, $2, $3, $4, $5, $6)", "INSERT INTO r (id, t) VALUES ($1, $2)",
        "UPDATE r SET t = $2 WHERE id = $1", "DELETE FROM r WHERE id = $1 AND id > 2", "BEGIN", "COMMIT", "ROLLBACK",
        "COPY r FROM STDIN", "COPY r (id, t) FROM STDIN WITH (FORMAT csv)", "COPY r TO STDOUT", "COPY (SELECT id FROM r) TO STDOUT",
        "", " ; ", "SELEC nonsense", "SELECT $1::int + $2", "SELECT 1; SELECT 2", "SELECT count(*) FROM big",
        "SELECT current_user", "SELECT version()", "SHOW server_version", "SET application_name = 'x'",
        "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace",
        "SELECT $3", "SELECT 'é', E'\\\\x00'", "SELECT 1/0", "SELECT id FROM r ORDER BY id LIMIT $1",
    };
    private static final int[] TYPES = {0, 16, 17, 20, 21, 23, 25, 700, 701, 1043, 1082, 1114, 1184, 1700, 2950, 3802, 99999};
    private static final String[] NAMES = {"", "s1", "s2"};
    /** Noted in a batch whose corruption turned a message into a Terminate ('X'). */
    private static final String TERMINATE = "(now a Terminate)";
    private static final String[] PORTALS = {"", "p1", "p2"};

    @Test
    void randomSessionsAreAlwaysAnsweredWithoutInternalErrors() throws Exception {
        long seed = Long.getLong("pgwire.random.seed", new Random().nextLong());
        int batches = Integer.getInteger("pgwire.random.batches", 400);
        System.out.println("HostileSessionRandomTest seed " + seed + " (replay with -Dpgwire.random.seed=" + seed + ")");
        Random random = new Random(seed);
        RawPgClient c = f.login();
        int reconnects = 0;
        try {
            for (int batch = 0; batch < batches; batch++) {
                List<String> sent = new ArrayList<>();
                byte[] bytes = batch(random, sent);
                String context = "seed " + seed + ", batch " + batch + ": " + sent;
                boolean open;
                boolean corrupted = sent.contains("(corrupted)");
                try {
                    // A corrupted length may claim more bytes than follow: the server rightly waits for them.
                    c.socket().setSoTimeout(corrupted ? 3_000 : 20_000);
                    c.send(bytes, FrontendBytes.sync(), FrontendBytes.query("SELECT 'marker-" + batch + "'"));
                    open = awaitMarker(c, batch, context, corrupted);
                } catch (SocketException e) {
                    open = false; // the server closed after a FATAL error it sent for an earlier message
                }
                if (!open) {
                    c.close();
                    c = f.login();
                    reconnects++;
                }
            }
        } finally {
            c.close();
        }
        System.out.println("HostileSessionRandomTest: " + batches + " batches, " + reconnects + " closed by the server");
        f.assertServesEveryone();
    }

    /**
     * Reads until the marker's row and the ReadyForQuery after it; answers a COPY FROM STDIN with CopyFail.
     * Returns false when the server closed the connection (after a FATAL error), or after a corrupted message
     * still waits for the rest of it.
     */
    private static boolean awaitMarker(RawPgClient c, int batch, String context, boolean corrupted) throws IOException {
        String marker = "marker-" + batch;
        boolean seen = false;
        List<Message> got = new ArrayList<>();
        while (true) {
            Message m;
            try {
                m = c.read();
            } catch (EOFException | SocketException e) {
                Message last = got.isEmpty() ? null : got.get(got.size() - 1);
                assertTrue(context.contains(TERMINATE) || last != null && last.isError() && "FATAL".equals(last.severity()),
                        "the server closed the connection without a FATAL error; " + context + "; got " + got);
                return false;
            } catch (java.net.SocketTimeoutException e) {
                if (corrupted) {
                    return false; // waiting for the rest of a message whose corrupted length is larger
                }
                fail("no answer for 20 s (a hang); " + context + "; got " + got);
                return false;
            }
            got.add(m);
            if (m.isError() && "XX000".equals(m.sqlState())) {
                fail("internal error " + m + "; " + context);
            }
            if (m.type() == 'G') {
                c.send(FrontendBytes.copyFail("random test"));
            }
            if (m.type() == 'D' && marker.equals(m.firstValue())) {
                seen = true;
            }
            if (m.type() == 'Z' && seen) {
                return true;
            }
            if (m.type() == 'Z' && got.size() > 2000) {
                fail("no marker after 2000 messages; " + context);
            }
            if (m.type() == 'Z' && (char) m.body()[0] == 'E' && !seen && countZ(got) > 50) {
                fail("the marker never ran; " + context);
            }
            if (m.type() == 'Z' && !seen && lastIsMarkerRefused(got)) {
                // The marker failed (a failed transaction block, or it was read as a message inside COPY): try again.
                c.send(FrontendBytes.query("ROLLBACK"), FrontendBytes.query("SELECT '" + marker + "'"));
            }
        }
    }

    private static int countZ(List<Message> got) {
        return (int) got.stream().filter(m -> m.type() == 'Z').count();
    }

    /** Whether the last answer before this ReadyForQuery was an error, so the marker may not have run. */
    private static boolean lastIsMarkerRefused(List<Message> got) {
        return got.size() >= 2 && got.get(got.size() - 2).isError();
    }

    private static byte[] batch(Random random, List<String> sent) {
        List<byte[]> parts = new ArrayList<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            byte[] m = message(random, sent);
            if (random.nextInt(40) == 0) {
                m = corrupt(m, random);
                sent.add("(corrupted)");
                if (m[0] == 'X') {
                    // A flipped type byte made a Terminate: closing without a word is then the right answer.
                    sent.add(TERMINATE);
                }
            }
            parts.add(m);
        }
        return FrontendBytes.concat(parts.toArray(new byte[0][]));
    }

    private static byte[] message(Random random, List<String> sent) {
        String sql = SQL[random.nextInt(SQL.length)];
        switch (random.nextInt(12)) {
            case 0, 1 -> {
                sent.add("Q " + sql);
                return FrontendBytes.query(sql);
            }
            case 2, 3 -> {
                String name = NAMES[random.nextInt(NAMES.length)];
                int[] types = new int[random.nextInt(4)];
                for (int i = 0; i < types.length; i++) {
                    types[i] = TYPES[random.nextInt(TYPES.length)];
                }
                sent.add("P " + name + " " + sql + " " + java.util.Arrays.toString(types));
                return FrontendBytes.parse(name, sql, types);
            }
            case 4, 5 -> {
                String portal = PORTALS[random.nextInt(PORTALS.length)];
                String name = NAMES[random.nextInt(NAMES.length)];
                int count = random.nextInt(7);
                short[] formats = new short[random.nextInt(3) == 0 ? count : random.nextInt(2)];
                for (int i = 0; i < formats.length; i++) {
                    formats[i] = (short) random.nextInt(2);
                }
                byte[][] values = new byte[count][];
                for (int i = 0; i < count; i++) {
                    values[i] = value(random);
                }
                short[] results = new short[random.nextInt(3)];
                for (int i = 0; i < results.length; i++) {
                    results[i] = (short) random.nextInt(2);
                }
                sent.add("B " + portal + " " + name + " " + count + " values, formats " + java.util.Arrays.toString(formats));
                return FrontendBytes.bind(portal, name, formats, values, results);
            }
            case 6 -> {
                char kind = random.nextBoolean() ? 'S' : 'P';
                String name = kind == 'S' ? NAMES[random.nextInt(NAMES.length)] : PORTALS[random.nextInt(PORTALS.length)];
                sent.add("D " + kind + " " + name);
                return FrontendBytes.describe(kind, name);
            }
            case 7, 8 -> {
                String portal = PORTALS[random.nextInt(PORTALS.length)];
                int max = random.nextInt(3);
                sent.add("E " + portal + " " + max);
                return FrontendBytes.execute(portal, max);
            }
            case 9 -> {
                char kind = random.nextBoolean() ? 'S' : 'P';
                String name = kind == 'S' ? NAMES[random.nextInt(NAMES.length)] : PORTALS[random.nextInt(PORTALS.length)];
                sent.add("C " + kind + " " + name);
                return FrontendBytes.close(kind, name);
            }
            case 10 -> {
                int k = random.nextInt(5);
                sent.add(new String[] {"S", "H", "d", "c", "f"}[k]);
                return switch (k) {
                    case 0 -> FrontendBytes.sync();
                    case 1 -> FrontendBytes.flush();
                    case 2 -> FrontendBytes.copyData((random.nextInt(100) + "\tx\n").getBytes(StandardCharsets.UTF_8));
                    case 3 -> FrontendBytes.copyDone();
                    default -> FrontendBytes.copyFail("random");
                };
            }
            default -> {
                sent.add("F");
                return FrontendBytes.typed('F', FrontendBytes.body().int32(1598).int16(0).int16(0).int16(0).toByteArray());
            }
        }
    }

    private static byte[] value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> String.valueOf(random.nextInt(1000) - 10).getBytes(StandardCharsets.UTF_8);
            case 2 -> "text value".getBytes(StandardCharsets.UTF_8);
            case 3 -> "2024-02-29".getBytes(StandardCharsets.UTF_8);
            case 4 -> new byte[] {0, 0, 0, (byte) random.nextInt(256)};
            case 5 -> new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) random.nextInt(256)};
            case 6 -> new byte[] {(byte) 0xff, (byte) 0xfe, 0};
            default -> {
                byte[] b = new byte[random.nextInt(20)];
                random.nextBytes(b);
                yield b;
            }
        };
    }

    private static byte[] corrupt(byte[] m, Random random) {
        byte[] out = m.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }
}
