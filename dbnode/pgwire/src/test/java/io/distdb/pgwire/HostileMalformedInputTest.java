package io.distdb.pgwire;

import io.distdb.pgwire.RawPgClient.Message;
import io.distdb.pgwire.protocol.FrontendBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.distdb.pgwire.HostileFixture.assertFatal;
import static io.distdb.pgwire.protocol.FrontendBytes.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that send bytes no driver would, over real sockets: malformed messages, lengths that lie, huge
 * lengths, bad start-up packets, bad authentication messages. Each gets the ErrorResponse PostgreSQL gives
 * (FATAL and a closed connection for a protocol violation), and after each the node still serves a client
 * that stayed connected all along and a new one, and holds nothing for the client that is gone.
 */
class HostileMalformedInputTest {

    private static HostileFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = HostileFixture.start(20);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @AfterEach
    void theNodeStillServesEveryone() throws Exception {
        f.assertServesEveryone();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- malformed typed messages ------------------------------------------------------------------------------

    static Stream<Arguments> malformedTypedMessages() {
        return Stream.of(
                Arguments.of("unknown message type 'z'", FrontendBytes.typed('z', new byte[0])),
                Arguments.of("message type byte 0", FrontendBytes.typed((char) 0, new byte[] {1, 2, 3})),
                Arguments.of("query string without terminator", FrontendBytes.typed('Q', bytes("SELECT 1"))),
                Arguments.of("parse with parameter types past the body",
                        FrontendBytes.typed('P', body().cstring("").cstring("SELECT $1").int16(5000).int32(23).toByteArray())),
                Arguments.of("parse without its parameter count", FrontendBytes.typed('P', body().cstring("").cstring("SELECT 1").toByteArray())),
                Arguments.of("bind with a value count past the body",
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(0).int16(1000).toByteArray())),
                Arguments.of("bind with a format count past the body",
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(30000).int16(0).toByteArray())),
                Arguments.of("bind with a value length past the body",
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(0).int16(1).int32(100).bytes(bytes("abc"))
                                .int16(0).toByteArray())),
                Arguments.of("bind with a value length of -2",
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(0).int16(1).int32(-2).int16(0).toByteArray())),
                Arguments.of("bind with format code 7",
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(1).int16(7).int16(0).int16(0).toByteArray())),
                Arguments.of("bind without its result formats",
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(0).int16(0).toByteArray())),
                Arguments.of("describe of kind 'X'", FrontendBytes.typed('D', body().int8('X').cstring("").toByteArray())),
                Arguments.of("close of kind 0", FrontendBytes.typed('C', body().int8(0).cstring("").toByteArray())),
                Arguments.of("execute without its row limit", FrontendBytes.typed('E', body().cstring("").toByteArray())),
                Arguments.of("sync with a body", FrontendBytes.typed('S', new byte[] {1, 2, 3})),
                Arguments.of("terminate with a body", FrontendBytes.typed('X', new byte[] {0})),
                Arguments.of("password message after login", FrontendBytes.password(bytes("secret"))),
                Arguments.of("a valid parse, then a bind with counts past the body", FrontendBytes.concat(
                        FrontendBytes.parse("", "SELECT $1", 23),
                        FrontendBytes.typed('B', body().cstring("").cstring("").int16(0).int16(2).int32(1).bytes(bytes("7"))
                                .toByteArray()),
                        FrontendBytes.sync())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTypedMessages")
    void aMalformedMessageAfterLoginGetsAFatalProtocolViolationAndTheConnectionCloses(String name, byte[] message)
            throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(message);
            assertFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void aFunctionCallIsRefusedButTheConnectionGoesOn() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.typed('F', body().int32(1598).int16(0).int16(0).int16(0).toByteArray()), FrontendBytes.sync());
            List<Message> got = c.readUntilReady();
            assertEquals("0A000", got.get(0).sqlState(), got.toString());
            assertEquals("ERROR", got.get(0).severity());
            assertEquals("7", c.queryValue("SELECT 7"));
        }
    }

    @Test
    void aQueryAfterAnExtendedProtocolErrorIsIgnoredUntilSync() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.bind("", "no_such_statement"), FrontendBytes.query("INSERT INTO kv VALUES (70, 'skipped')"),
                    FrontendBytes.sync(), FrontendBytes.query("SELECT 8"));
            List<Message> got = c.readUntilReady();
            assertEquals("26000", got.get(0).sqlState(), got.toString());
            assertEquals(2, got.size(), "the error, then ReadyForQuery for the Sync: " + got);
            List<Message> next = c.readUntilReady();
            assertEquals("8", next.stream().filter(m -> m.type() == 'D').findFirst().orElseThrow().firstValue(), next.toString());
            assertEquals("0", c.queryValue("SELECT count(*) FROM kv WHERE id = 70"), "the Query skipped until Sync ran");
        }
    }

    @Test
    void aQueryInTheMiddleOfAnExtendedCycleIsAnsweredAtOnce() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", "SELECT 5"), FrontendBytes.bind("", ""), FrontendBytes.execute("", 0),
                    FrontendBytes.query("SELECT 6"));
            List<Message> got = c.readUntilReady();
            assertEquals(List.of("5", "6"), got.stream().filter(m -> m.type() == 'D').map(Message::firstValue).toList(), got.toString());
            c.send(FrontendBytes.sync());
            assertEquals(1, c.readUntilReady().size(), "ReadyForQuery for the Sync");
        }
    }

    @Test
    void syncAndQueryInsideCopyFromStdinAreNotLost() throws Exception {
        try (RawPgClient c = f.login()) {
            // A client that ends COPY wrongly (a Sync and a Query instead of CopyDone): the COPY fails, nothing hangs.
            c.send(FrontendBytes.bind("", "no_such_statement"), FrontendBytes.sync(), FrontendBytes.query("COPY kv FROM STDIN"));
            c.readUntilReady();
            assertEquals('G', c.read().type());
            c.send(FrontendBytes.sync(), FrontendBytes.query("SELECT 9"));
            List<Message> got = c.readUntilReady();
            assertEquals("08P01", got.get(0).sqlState(), got.toString());
            assertEquals("9", c.queryValue("SELECT 9"));
        }
    }

    // ---- lengths that lie ----------------------------------------------------------------------------------------

    @Test
    void aMessageShorterThanItsContentIsAViolationAndNothingRuns() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.typedWithLength('Q', 4 + 4, body().cstring("SELECT 1").toByteArray()));
            List<Message> got = c.readUntilClosed();
            assertFatal(got, "08P01");
            assertEquals(1, got.size(), "nothing but the error: " + got);
        }
    }

    @Test
    void aMessageLongerThanItsContentSwallowsTheNextOneAndIsAViolation() throws Exception {
        try (RawPgClient c = f.login()) {
            // The length counts the Sync that follows as part of the query string's message.
            c.send(FrontendBytes.typedWithLength('Q', 4 + 9 + 5, body().cstring("SELECT 1").toByteArray()), FrontendBytes.sync());
            List<Message> got = c.readUntilClosed();
            assertFatal(got, "08P01");
            assertEquals(1, got.size(), "nothing but the error: " + got);
        }
    }

    @Test
    void strayBytesAfterAMessageAreReadAsTheNextMessage() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.query("SELECT 42"), bytes("abcde"));
            List<Message> got = c.readUntilClosed();
            // The query came whole before the stray bytes: it runs, as in PostgreSQL, then the stray bytes fail.
            assertEquals("42", got.stream().filter(m -> m.type() == 'D').findFirst().orElseThrow().firstValue(), got.toString());
            assertFatal(got, "54000", "08P01");
        }
    }

    @Test
    void aClientThatLeavesInTheMiddleOfAMessageLeavesNothing() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.typedWithLength('Q', 1000, bytes("INSERT INTO kv VALUES (99, 'half")));
        }
        f.awaitQuiet(1, 10_000);
        try (var s = f.bystander.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM kv WHERE id = 99")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1));
        }
    }

    // ---- huge lengths --------------------------------------------------------------------------------------------

    @Test
    void aHugeDeclaredLengthIsRefusedBeforeAnythingIsRead() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.typedWithLength('Q', 0x7fffffff, bytes("SEL")));
            Message error = assertFatal(c.readUntilClosed(), "54000");
            assertTrue(error.fields().get('M').contains("2147483647"), error.toString());
        }
    }

    @Test
    void aNegativeDeclaredLengthIsAViolation() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.typedWithLength('Q', -5, bytes("SELECT 1")));
            assertFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void declaredLengthsUnderTheLimitAreNotAllocatedBeforeTheirBytesArrive() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        List<RawPgClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                RawPgClient c = f.login();
                clients.add(c);
                // 60 MiB declared (the limit is 64 MiB), 1 KiB sent.
                c.send(FrontendBytes.typedWithLength('Q', 60 << 20, new byte[1024]));
            }
            Thread.sleep(500);
            System.gc();
            long held = memory.getHeapMemoryUsage().getUsed() - before;
            assertTrue(held < (100L << 20), "8 clients that declared 60 MiB each and sent 1 KiB hold " + (held >> 20) + " MiB");
        } finally {
            for (RawPgClient c : clients) {
                c.close();
            }
        }
    }

    // ---- start-up ------------------------------------------------------------------------------------------------

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Message> startupAnswer(byte[] startup) throws Exception {
        try (RawPgClient c = RawPgClient.open(f.port())) {
            c.send(startup);
            return c.readUntilClosed();
        }
    }

    @Test
    void aStartupParameterTheServerDoesNotKnowIsFatal42704() throws Exception {
        Message error = assertFatal(startupAnswer(FrontendBytes.startup(params("user", "app", "database", "distdb",
                "frobnicate", "yes"))), "42704");
        assertTrue(error.fields().get('M').contains("frobnicate"), error.toString());
    }

    @Test
    void protocolVersion2IsRefused() throws Exception {
        Message error = assertFatal(startupAnswer(FrontendBytes.startup(2 << 16, params("user", "app"))), "0A000");
        assertTrue(error.fields().get('M').contains("2.0"), error.toString());
    }

    @Test
    void protocolVersion4IsRefused() throws Exception {
        assertFatal(startupAnswer(FrontendBytes.startup(4 << 16, params("user", "app"))), "0A000");
    }

    @Test
    void aStartupWithoutUserIsFatal28000() throws Exception {
        assertFatal(startupAnswer(FrontendBytes.startup(params("database", "distdb"))), "28000");
    }

    @Test
    void aReplicationConnectionIsRefused() throws Exception {
        assertFatal(startupAnswer(FrontendBytes.startup(params("user", "app", "replication", "database"))), "0A000");
    }

    @Test
    void aStartupPacketWithoutItsTerminatorIsAViolation() throws Exception {
        byte[] packet = FrontendBytes.untyped(body().int32(FrontendBytes.PROTOCOL_3).cstring("user").cstring("app").toByteArray());
        assertFatal(startupAnswer(packet), "08P01");
    }

    @Test
    void aStartupPacketWithAHugeLengthIsAViolation() throws Exception {
        assertFatal(startupAnswer(body().int32(0x7fffffff).int32(FrontendBytes.PROTOCOL_3).toByteArray()), "08P01");
    }

    @Test
    void aTypedMessageInsteadOfAStartupPacketIsAViolation() throws Exception {
        assertFatal(startupAnswer(FrontendBytes.query("SELECT 1")), "08P01");
    }

    @Test
    void aNewerMinorVersionAndProtocolOptionsAreNegotiatedDown() throws Exception {
        try (RawPgClient c = RawPgClient.open(f.port())) {
            c.send(FrontendBytes.startup(FrontendBytes.PROTOCOL_3 + 2, params("user", "app", "_pq_.future_option", "on")));
            Message negotiate = c.read();
            assertEquals('v', negotiate.type(), negotiate.toString());
            assertEquals(0, negotiate.int32(0), "newest minor version");
            assertEquals(1, negotiate.int32(4), "options not recognized");
            c.authenticate(TestServer.PASSWORD);
            assertEquals("5", c.queryValue("SELECT 5"));
        }
    }

    @Test
    void anSslRequestIsAnsweredNoAndTheStartupGoesOn() throws Exception {
        try (RawPgClient c = RawPgClient.open(f.port())) {
            c.send(FrontendBytes.sslRequest());
            assertEquals('N', c.socket().getInputStream().read());
            c.send(FrontendBytes.startup(params("user", "app")));
            c.authenticate(TestServer.PASSWORD);
        }
    }

    @Test
    void aClientThatLeavesInTheMiddleOfItsStartupPacketLeavesNothing() throws Exception {
        byte[] startup = FrontendBytes.startup(params("user", "app", "database", "distdb"));
        try (RawPgClient c = RawPgClient.open(f.port())) {
            c.send(java.util.Arrays.copyOf(startup, startup.length / 2));
        }
        f.awaitQuiet(1, 10_000);
    }

    // ---- catalog queries with hostile patterns ---------------------------------------------------------------------

    /** psql's \\dt with a name pattern, as psql sends it, with {@code regex} as the pattern psql made of it. */
    private static String psqlListTables(String regex) {
        return "SELECT n.nspname as \"Schema\", c.relname as \"Name\", CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN "
                + "'view' WHEN 'i' THEN 'index' END as \"Type\", pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\" "
                + "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r','p','') AND c.relname OPERATOR(pg_catalog.~) '" + regex + "' "
                + "COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1,2;";
    }

    private static final String LONG_NAME = "a".repeat(40);

    private static void createLongNamedTable() throws Exception {
        try (var s = f.bystander.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + LONG_NAME + " (id bigint PRIMARY KEY)");
        }
    }

    @Test
    void aPsqlPatternThatBacktracksWithoutEndFailsInsteadOfHoldingAThread() throws Exception {
        createLongNamedTable();
        try (RawPgClient c = f.login()) {
            assertEquals(LONG_NAME, c.queryValue(psqlListTables("^(a.*)$").replace("\"Schema\", ", "")));
            long start = System.nanoTime();
            c.send(FrontendBytes.query(psqlListTables("^(.*a){20}b$")));
            List<Message> got = c.readUntilReady();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("2201B", got.get(0).sqlState(), got.toString());
            assertEquals("ERROR", got.get(0).severity());
            assertTrue(millis < 5_000, "the pattern ran " + millis + " ms");
            assertEquals("1", c.queryValue("SELECT 1"));
        }
    }

    @Test
    void aPgjdbcNamePatternThatBacktracksWithoutEndFailsInsteadOfHoldingAThread() throws Exception {
        createLongNamedTable();
        java.util.Properties timeout = new java.util.Properties();
        timeout.setProperty("socketTimeout", "30");
        try (java.sql.Connection c = f.server.connect(timeout)) {
            long start = System.nanoTime();
            try (java.sql.ResultSet rs = c.getMetaData().getTables(null, null, "%a".repeat(20) + "%b", null)) {
                assertFalse(rs.next(), "no table matches");
            } catch (java.sql.SQLException e) {
                assertEquals("2201B", e.getSQLState(), e.toString());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "the name pattern ran " + millis + " ms");
        }
    }

    // ---- authentication --------------------------------------------------------------------------------------------

    /** Opens a connection, sends the startup packet and reads the SASL request. */
    private static RawPgClient awaitingPassword() throws Exception {
        RawPgClient c = RawPgClient.open(f.port());
        c.send(FrontendBytes.startup(params("user", "app")));
        Message sasl = c.read();
        assertEquals('R', sasl.type());
        assertEquals(10, sasl.int32(0), "AuthenticationSASL");
        return c;
    }

    @Test
    void aQueryInsteadOfThePasswordIsAViolation() throws Exception {
        try (RawPgClient c = awaitingPassword()) {
            c.send(FrontendBytes.query("SELECT 1"));
            assertFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void aSaslInitialResponseWhoseLengthLiesIsAViolation() throws Exception {
        try (RawPgClient c = awaitingPassword()) {
            c.send(FrontendBytes.password(body().cstring("SCRAM-SHA-256").int32(1000).bytes(bytes("n,,n=,r=abc")).toByteArray()));
            assertFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void aSaslInitialResponseWithoutMechanismIsAViolation() throws Exception {
        try (RawPgClient c = awaitingPassword()) {
            c.send(FrontendBytes.password(bytes("SCRAM-SHA-256")));
            assertFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void anUnknownSaslMechanismIsRefused() throws Exception {
        try (RawPgClient c = awaitingPassword()) {
            c.send(FrontendBytes.password(body().cstring("SCRAM-SHA-1").int32(3).bytes(bytes("n,,")).toByteArray()));
            assertFatal(c.readUntilClosed(), "28000");
        }
    }

    @Test
    void channelBindingIsRefused() throws Exception {
        try (RawPgClient c = awaitingPassword()) {
            byte[] first = bytes("p=tls-server-end-point,,n=,r=abcdef");
            c.send(FrontendBytes.password(body().cstring("SCRAM-SHA-256").int32(first.length).bytes(first).toByteArray()));
            assertFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void aGarbledClientFinalMessageIsRefused() throws Exception {
        try (RawPgClient c = awaitingPassword()) {
            byte[] first = bytes("n,,n=,r=abcdef");
            c.send(FrontendBytes.password(body().cstring("SCRAM-SHA-256").int32(first.length).bytes(first).toByteArray()));
            assertEquals(11, c.read().int32(0), "SASLContinue");
            c.send(FrontendBytes.password(bytes("c=biws,r=abcdef,p=%%%not-base64")));
            assertFatal(c.readUntilClosed(), "08P01", "28P01");
        }
    }

    @Test
    void aWrongPasswordIsFatal28P01() throws Exception {
        try (RawPgClient c = RawPgClient.open(f.port())) {
            c.send(FrontendBytes.startup(params("user", "app")));
            AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> c.authenticate("not-the-password"));
            assertTrue(refused.getMessage().contains("28P01"), refused.getMessage());
            assertFalse(c.readUntilClosed().stream().anyMatch(m -> m.type() == 'Z'), "no ReadyForQuery after a wrong password");
        }
    }
}
