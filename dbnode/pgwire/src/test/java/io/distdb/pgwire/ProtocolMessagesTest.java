package io.distdb.pgwire;

import io.distdb.pgwire.RawPgClient.Message;
import io.distdb.pgwire.protocol.FrontendBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages themselves, as a client library reads them byte by byte: the parameters a client is told at
 * start-up (drivers decide how to parse dates, strings and integers from them), and a portal read in portions
 * with {@code Execute}'s row limit, each portion ended by {@code PortalSuspended} until the last.
 */
class ProtocolMessagesTest {

    private static HostileFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = HostileFixture.start(10);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void startUpTellsTheParametersDriversRelyOnThenTheCancelKey() throws Exception {
        try (RawPgClient c = RawPgClient.open(f.port())) {
            c.send(FrontendBytes.startup(Map.of("user", "app", "database", "distdb")));
            List<Message> got = c.authenticate(TestServer.PASSWORD);
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Message m : got) {
                if (m.type() == 'S') {
                    String[] nameAndValue = new String(m.body(), StandardCharsets.UTF_8).split("\0", -1);
                    parameters.put(nameAndValue[0], nameAndValue[1]);
                }
            }
            assertTrue(parameters.get("server_version").matches("\\d+\\.\\d+.*"), parameters.toString());
            assertEquals("UTF8", parameters.get("server_encoding"));
            assertEquals("UTF8", parameters.get("client_encoding"));
            assertEquals("ISO, MDY", parameters.get("DateStyle"));
            assertEquals("on", parameters.get("integer_datetimes"));
            assertEquals("on", parameters.get("standard_conforming_strings"));
            assertEquals("UTC", parameters.get("TimeZone"));

            String order = got.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
            assertTrue(order.matches("S+KZ"), "parameters, then BackendKeyData, then ReadyForQuery: " + order);
            assertNotEquals(0, c.processId());
            assertEquals('I', (char) got.get(got.size() - 1).body()[0]);
        }
    }

    @Test
    void executeWithARowLimitReadsThePortalInPortionsEachEndedByPortalSuspended() throws Exception {
        try (RawPgClient c = f.login()) {
            // A named portal lives to the end of its transaction: BEGIN keeps it across the Syncs.
            c.send(FrontendBytes.query("BEGIN"));
            c.readUntilReady();
            c.send(FrontendBytes.parse("", "SELECT id FROM big WHERE id < 10 ORDER BY id"), FrontendBytes.bind("p", ""),
                    FrontendBytes.execute("p", 4), FrontendBytes.sync());
            List<Message> first = c.readUntilReady();
            assertEquals("12DDDDsZ", types(first), "Parse, Bind, four rows, PortalSuspended");
            assertEquals(List.of("0", "1", "2", "3"), values(first));

            c.send(FrontendBytes.execute("p", 4), FrontendBytes.sync());
            List<Message> second = c.readUntilReady();
            assertEquals("DDDDsZ", types(second));
            assertEquals(List.of("4", "5", "6", "7"), values(second));

            c.send(FrontendBytes.execute("p", 4), FrontendBytes.sync());
            List<Message> last = c.readUntilReady();
            assertEquals("DDCZ", types(last), "the last two rows, then CommandComplete: no PortalSuspended");
            assertEquals(List.of("8", "9"), values(last));
            assertEquals("SELECT 2", new String(last.get(2).body(), StandardCharsets.UTF_8).replace("\0", ""));

            c.send(FrontendBytes.query("COMMIT"));
            c.readUntilReady();
        }
    }

    @Test
    void aRowLimitOfZeroReadsEveryRow() throws Exception {
        try (RawPgClient c = f.login()) {
            c.send(FrontendBytes.parse("", "SELECT id FROM big WHERE id < 3 ORDER BY id"), FrontendBytes.bind("", ""),
                    FrontendBytes.execute("", 0), FrontendBytes.sync());
            List<Message> got = c.readUntilReady();
            assertEquals("12DDDCZ", types(got));
        }
    }

    private static String types(List<Message> messages) {
        return messages.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
    }

    private static List<String> values(List<Message> messages) {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            if (m.type() == 'D') {
                out.add(m.firstValue());
            }
        }
        return out;
    }
}
