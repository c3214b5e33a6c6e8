package io.distdb.writer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteTest {

    @TempDir
    Path dir;

    private final FakeNode node;

    WriteTest() throws IOException {
        node = new FakeNode();
    }

    @AfterEach
    void closeNode() {
        node.close();
    }

    @Test
    void logsOkExactlyForTheWritesTheNodeAcknowledged() {
        // One key in ten (those ending in 3) is refused as if too few replicas answered.
        node.putStatus = key -> key.endsWith("3") ? 503 : 200;
        Path log = dir.resolve("sub/writes.log");

        Cli.Result result = Cli.run("write", "--target", node.target(), "--prefix", "t", "--threads", "4",
                "--rate", "100", "--duration", "1", "--log", log.toString());

        assertEquals(0, result.exit(), result.err());
        List<LogRecord> records = LogFile.records(log);
        List<FakeNode.Request> puts = node.requests("PUT");
        assertTrue(records.size() >= 10, "about 100 writes in a second, got " + records.size());
        assertEquals(puts.size(), records.size(), "one line per request");
        assertEquals(keys(puts, 200), keys(records, true), "OK lines are the acknowledged writes");
        assertEquals(keys(puts, 503), keys(records, false), "ERR lines are the refused writes");
        assertFalse(keys(records, false).isEmpty());
        assertTrue(records.stream().filter(r -> !r.ok()).allMatch(r -> r.reason().equals("503")));
        assertEquals(records.size(), records.stream().map(LogRecord::key).distinct().count(), "keys are unique");
        assertTrue(records.stream().allMatch(r -> r.key().startsWith("t-")));
        assertTrue(puts.stream().allMatch(r -> "QUORUM".equals(r.consistency())));
        node.stored.forEach((key, value) -> assertEquals("v-" + key, value));
        assertTrue(result.out().contains("total ok=" + keys(records, true).size() + " errors="), result.out());
    }

    @Test
    void keepsWritingNewKeysWhileTheTargetRefusesConnections() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path log = dir.resolve("writes.log");

        Cli.Result result = Cli.run("write", "--target", "http://127.0.0.1:" + closedPort, "--threads", "2",
                "--rate", "20", "--duration", "1", "--log", log.toString());

        assertEquals(0, result.exit(), result.err());
        List<LogRecord> records = LogFile.records(log);
        assertTrue(records.size() >= 2, "kept going after the first failure: " + records);
        assertTrue(records.stream().allMatch(r -> !r.ok() && r.reason().equals("ConnectException")), records.toString());
        assertEquals(records.size(), records.stream().map(LogRecord::key).distinct().count(), "no key is retried");
    }

    @Test
    void sendsTheClientTokenFromTheTokenFile() throws IOException {
        node.requiredToken = "s3cret";
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
        Path log = dir.resolve("writes.log");

        Cli.Result result = Cli.run("write", "--target", node.target(), "--rate", "20", "--duration", "1",
                "--consistency", "all", "--token-file", tokenFile.toString(), "--log", log.toString());

        assertEquals(0, result.exit(), result.err());
        List<LogRecord> records = LogFile.records(log);
        assertFalse(records.isEmpty());
        assertTrue(records.stream().allMatch(LogRecord::ok), records.toString());
        assertTrue(node.requests().stream().allMatch(r -> "ALL".equals(r.consistency())));
    }

    @Test
    void stoppingLogsTheWritesInFlightAndClosesTheLog() throws Exception {
        // Slow answers, unpaced threads: when the stop comes, writes are in flight.
        node.putDelay = Duration.ofMillis(30);
        Path log = dir.resolve("writes.log");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        WriteLoop loop = new WriteLoop(new NodeClient(node.target(), "QUORUM", null, Duration.ofSeconds(5)),
                LogWriter.open(log), "s", 4, 0, Duration.ofSeconds(5), print, print);
        AtomicBoolean clean = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            try {
                clean.set(loop.run(Duration.ZERO));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        node.awaitPuts(20, Duration.ofSeconds(5));

        loop.stop(); // what the SIGTERM hook does
        runner.join(5000);

        assertFalse(runner.isAlive(), "run() returns once stopped");
        assertTrue(clean.get());
        assertEquals(keys(node.requests("PUT"), 200), keys(LogFile.records(log), true),
                "every write the node acknowledged before the stop is in the log");
        assertTrue(Files.readString(log).endsWith("\n"), "the log ends with a complete line");
        assertEquals(node.requests("PUT").size(), LogFile.records(log).size(), "every request the node saw is logged");
    }

    private static Set<String> keys(List<FakeNode.Request> requests, int status) {
        return requests.stream().filter(r -> r.status() == status).map(FakeNode.Request::key).collect(Collectors.toSet());
    }

    private static Set<String> keys(List<LogRecord> records, boolean ok) {
        return records.stream().filter(r -> r.ok() == ok).map(LogRecord::key).collect(Collectors.toCollection(HashSet::new));
    }
}
