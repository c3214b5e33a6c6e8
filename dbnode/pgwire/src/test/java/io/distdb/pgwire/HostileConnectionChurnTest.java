package io.distdb.pgwire;

import io.distdb.pgwire.RawPgClient.Message;
import io.distdb.pgwire.protocol.FrontendBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.distdb.pgwire.HostileFixture.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hundred clients, well-behaved and hostile by turns (they leave in the middle of the start-up, of the
 * password exchange, of a query, of a transaction; they break the protocol, send unknown parameters, wrong
 * passwords, cancel requests for no one), while another client reads and writes all along: that client is
 * never refused nor held up, and afterwards the server holds no connection, no statement, no admission and
 * no more threads than before.
 */
class HostileConnectionChurnTest {

    /** Few: an admission that leaked would soon make the server refuse clients with 53300. */
    private static final int MAX_CONNECTIONS = 8;
    private static final int CYCLES = 200;

    private static HostileFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = HostileFixture.start(MAX_CONNECTIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void twoHundredHostileClientsLeaveNoConnectionStatementAdmissionOrThreadBehind() throws Exception {
        for (int i = 0; i < 2 * KINDS; i++) {
            cycle(i); // every kind once or twice first: the pool's threads and the event loops exist after this
        }
        f.awaitQuiet(1, 10_000);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> bystanderFailure = new AtomicReference<>();
        AtomicLong bystanderRounds = new AtomicLong();
        Thread bystander = new Thread(() -> {
            Properties timeout = new Properties();
            timeout.setProperty("socketTimeout", "30");
            try (Connection c = f.server.connect(timeout); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    long id = 100_000 + bystanderRounds.get();
                    assertEquals(1, s.executeUpdate("INSERT INTO kv VALUES (" + id + ", 'bystander')"));
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM big")) {
                        assertTrue(rs.next());
                        assertEquals(HostileFixture.BIG_ROWS, rs.getLong(1));
                    }
                    assertEquals(1, s.executeUpdate("DELETE FROM kv WHERE id = " + id));
                    bystanderRounds.incrementAndGet();
                }
            } catch (Throwable t) {
                bystanderFailure.set(t);
            }
        }, "bystander");
        bystander.start();
        try {
            for (int i = 0; i < CYCLES; i++) {
                try {
                    cycle(i);
                } catch (Throwable t) {
                    throw new AssertionError("cycle " + i + " (" + KIND_NAMES[i % KINDS] + ")", t);
                }
            }
        } finally {
            stop.set(true);
            bystander.join(60_000);
        }
        assertNull(bystanderFailure.get(), () -> "the client that stayed was not served: " + bystanderFailure.get());
        assertTrue(bystanderRounds.get() > 0, "the client that stayed did not get a single round through");

        f.awaitQuiet(1, 15_000);
        try (Statement s = f.bystander.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM kv WHERE id >= 100000")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1), "rows of abandoned transactions and COPYs, or of the bystander");
        }
        // Every admission came back: as many new clients as the limit leaves room for get in at once.
        List<Connection> full = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS - 1; i++) {
                Connection c = f.server.connect();
                full.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertTrue(rs.next());
                }
            }
        } finally {
            for (Connection c : full) {
                c.close();
            }
        }
        f.awaitQuiet(1, 10_000);
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(threadsAfter <= threadsBefore + 10, "threads before " + threadsBefore + ", after " + CYCLES
                + " clients " + threadsAfter + ": " + pgwireThreads());
    }

    private static String pgwireThreads() {
        return Arrays.toString(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("pgwire-")).sorted().toArray());
    }

    private static final String[] KIND_NAMES = {"clean raw client", "clean pgjdbc client", "leaves mid start-up packet",
            "leaves when asked for the password", "wrong password", "protocol violation after login",
            "unknown start-up parameter", "cancel request for no one", "leaves mid-query", "leaves without a word",
            "leaves inside a transaction", "leaves mid-COPY"};
    private static final int KINDS = KIND_NAMES.length;

    private static void cycle(int i) throws Exception {
        switch (i % KINDS) {
            case 0 -> {
                try (RawPgClient c = f.login()) {
                    assertEquals("1", c.queryValue("SELECT 1"));
                    c.send(FrontendBytes.terminate());
                    assertEquals(List.of(), c.readUntilClosed());
                }
            }
            case 1 -> {
                try (Connection c = f.server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 2")) {
                    assertTrue(rs.next());
                }
            }
            case 2 -> {
                byte[] startup = FrontendBytes.startup(Map.of("user", "app", "database", "distdb"));
                try (RawPgClient c = RawPgClient.open(f.port())) {
                    c.send(Arrays.copyOf(startup, startup.length / 2));
                }
            }
            case 3 -> {
                try (RawPgClient c = RawPgClient.open(f.port())) {
                    c.send(FrontendBytes.startup(Map.of("user", "app")));
                    assertEquals('R', c.read().type());
                }
            }
            case 4 -> {
                try (RawPgClient c = RawPgClient.open(f.port())) {
                    c.send(FrontendBytes.startup(Map.of("user", "app")));
                    try {
                        c.authenticate("wrong-" + i);
                        throw new AssertionError("a wrong password was accepted");
                    } catch (AssertionError expected) {
                        assertTrue(expected.getMessage().contains("28P01"), expected.getMessage());
                    }
                }
            }
            case 5 -> {
                try (RawPgClient c = f.login()) {
                    c.send(FrontendBytes.typedWithLength('Q', 0x7fffffff, new byte[3]));
                    assertFatal(c.readUntilClosed(), "54000");
                }
            }
            case 6 -> {
                try (RawPgClient c = RawPgClient.open(f.port())) {
                    c.send(FrontendBytes.startup(Map.of("user", "app", "no_such_setting", "1")));
                    assertFatal(c.readUntilClosed(), "42704");
                }
            }
            case 7 -> RawPgClient.cancel(f.port(), ThreadLocalRandom.current().nextInt(), ThreadLocalRandom.current().nextInt());
            case 8 -> {
                RawPgClient c = f.login();
                c.send(FrontendBytes.query(HostileFixture.SLOW_QUERY));
                Thread.sleep(50);
                c.abort();
            }
            case 9 -> RawPgClient.open(f.port()).abort();
            case 10 -> {
                RawPgClient c = f.login();
                c.queryValue("BEGIN");
                c.queryValue("INSERT INTO kv VALUES (" + (200_000 + i) + ", 'abandoned')");
                c.abort();
            }
            case 11 -> {
                RawPgClient c = f.login();
                c.send(FrontendBytes.query("COPY kv FROM STDIN"));
                Message response = c.read();
                assertEquals('G', response.type(), response.toString());
                c.send(FrontendBytes.copyData(((300_000 + i) + "\tabandoned\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                c.abort();
            }
            default -> throw new IllegalStateException();
        }
    }
}
