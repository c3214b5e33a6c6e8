package io.distdb.writer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyTest {

    @TempDir
    Path dir;

    private final FakeNode node;

    VerifyTest() throws IOException {
        node = new FakeNode();
    }

    @AfterEach
    void closeNode() {
        node.close();
    }

    /** A log of 20 acknowledged keys k-0..k-19, all stored by the fake, and one refused key the fake never had. */
    private Path logOfTwentyStoredKeys() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            log.append(LogRecord.ok("k-" + i, 1_000 + i, 900).format()).append('\n');
            node.stored.put("k-" + i, "v-k-" + i);
        }
        log.append(LogRecord.error("k-20", 1_020, 5_000_000, "HttpTimeoutException").format()).append('\n');
        return Files.writeString(dir.resolve("writes.log"), log);
    }

    @Test
    void findsEveryAcknowledgedKeyAtConsistencyAll() throws IOException {
        Path log = logOfTwentyStoredKeys();

        Cli.Result result = Cli.run("verify", "--target", node.target(), "--log", log.toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals("{\"acknowledged\":20,\"found\":20,\"missing\":0,\"wrong\":0,\"failed\":0,\"examples\":[]}\n",
                result.out());
        assertEquals(20, node.requests("GET").size(), "only OK keys are read");
        assertTrue(node.requests("GET").stream().allMatch(r -> "ALL".equals(r.consistency())));
    }

    @Test
    void reportsALostKeyAsMissingAndExitsOne() throws IOException {
        Path log = logOfTwentyStoredKeys();
        node.stored.remove("k-7");

        Cli.Result result = Cli.run("verify", "--target", node.target(), "--log", log.toString(),
                "--consistency", "QUORUM", "--threads", "3");

        assertEquals(1, result.exit());
        assertEquals("{\"acknowledged\":20,\"found\":19,\"missing\":1,\"wrong\":0,\"failed\":0,\"examples\":[\"k-7\"]}\n",
                result.out());
        assertTrue(node.requests("GET").stream().allMatch(r -> "QUORUM".equals(r.consistency())));
    }

    @Test
    void reportsAChangedValueAsWrong() throws IOException {
        Path log = logOfTwentyStoredKeys();
        node.stored.put("k-3", "v-something-else");

        Cli.Result result = Cli.run("verify", "--target", node.target(), "--log", log.toString());

        assertEquals(1, result.exit());
        assertEquals("{\"acknowledged\":20,\"found\":19,\"missing\":0,\"wrong\":1,\"failed\":0,\"examples\":[\"k-3\"]}\n",
                result.out());
    }

    @Test
    void retriesAReadWithoutAClearAnswerAndCountsItFailedAfterThreeRetries() throws IOException {
        Path log = logOfTwentyStoredKeys();
        AtomicInteger refusalsOfK1 = new AtomicInteger();
        node.getOverride = key -> switch (key) {
            case "k-1" -> refusalsOfK1.incrementAndGet() <= 2 ? 503 : null; // recovers on the third read
            case "k-2" -> 503; // never recovers
            default -> null;
        };

        Cli.Result result = Cli.verifyQuickly("--target", node.target(), "--log", log.toString());

        assertEquals(1, result.exit());
        assertEquals("{\"acknowledged\":20,\"found\":19,\"missing\":0,\"wrong\":0,\"failed\":1,\"examples\":[\"k-2\"]}\n",
                result.out());
        assertEquals(3, node.requests("GET").stream().filter(r -> r.key().equals("k-1")).count());
        assertEquals(4, node.requests("GET").stream().filter(r -> r.key().equals("k-2")).count(), "1 read + 3 retries");
    }

    @Test
    void countsKeysAsFailedWhenNoNodeAnswers() throws IOException {
        Path log = logOfTwentyStoredKeys();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Cli.Result result = Cli.verifyQuickly("--target", "http://127.0.0.1:" + closedPort, "--log", log.toString());

        assertEquals(1, result.exit());
        assertTrue(result.out().startsWith("{\"acknowledged\":20,\"found\":0,\"missing\":0,\"wrong\":0,\"failed\":20,"),
                result.out());
        assertEquals(10, result.out().split("\"k-").length - 1, "at most 10 examples: " + result.out());
    }

    @Test
    void verifiesWhatTheWriterLogged() {
        node.putStatus = key -> key.endsWith("7") ? 503 : 200;
        Path log = dir.resolve("writes.log");
        Cli.Result write = Cli.run("write", "--target", node.target(), "--rate", "50", "--duration", "1",
                "--log", log.toString());
        assertEquals(0, write.exit(), write.err());
        long acknowledged = LogFile.records(log).stream().filter(LogRecord::ok).count();

        Cli.Result verify = Cli.run("verify", "--target", node.target(), "--log", log.toString());

        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().startsWith("{\"acknowledged\":" + acknowledged + ",\"found\":" + acknowledged + ","),
                verify.out());
    }
}
