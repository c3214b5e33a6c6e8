package io.distdb.writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    @TempDir
    Path dir;

    /**
     * 100 requests: request i starts at 10_000 + i ms and takes i µs (i = 1..100), every tenth one failed; written
     * in shuffled order, as several threads would.
     */
    private Path hundredRequests() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            LogRecord record = i % 10 == 0
                    ? LogRecord.error("k-" + i, 10_000 + i, i, "503")
                    : LogRecord.ok("k-" + i, 10_000 + i, i);
            lines.add(record.format());
        }
        Collections.shuffle(lines, new Random(42));
        return Files.writeString(dir.resolve("writes.log"), String.join("\n", lines) + "\n");
    }

    @Test
    void summarizesTheWholeLog() throws IOException {
        Cli.Result result = Cli.run("stats", "--log", hundredRequests().toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals("{\"ok\":90,\"errors\":10,\"p50Micros\":50,\"p99Micros\":99,\"maxMicros\":100,"
                + "\"firstMillis\":10001,\"lastMillis\":10100}\n", result.out());
    }

    @Test
    void countsOnlyTheRequestsThatStartedInTheWindow() throws IOException {
        // [10_010, 10_060): requests 10..59, latencies 10..59 µs, errors 10, 20, 30, 40, 50.
        Cli.Result result = Cli.run("stats", "--log", hundredRequests().toString(), "--from", "10010", "--to", "10060");

        assertEquals(0, result.exit(), result.err());
        // Nearest rank over 50 values: p50 is the 25th (34), p99 the 50th (59).
        assertEquals("{\"ok\":45,\"errors\":5,\"p50Micros\":34,\"p99Micros\":59,\"maxMicros\":59,"
                + "\"firstMillis\":10010,\"lastMillis\":10059}\n", result.out());
    }

    @Test
    void printsZerosForAnEmptyWindow() throws IOException {
        Cli.Result result = Cli.run("stats", "--log", hundredRequests().toString(), "--from", "20000");

        assertEquals(0, result.exit());
        assertEquals("{\"ok\":0,\"errors\":0,\"p50Micros\":0,\"p99Micros\":0,\"maxMicros\":0,"
                + "\"firstMillis\":0,\"lastMillis\":0}\n", result.out());
    }

    @Test
    void skipsMalformedLinesAndALastLineStillBeingWritten() throws IOException {
        Path log = Files.writeString(dir.resolve("writes.log"), """
                OK k-1 1000 100
                this is not a record
                ERR k-2 1001 300 ConnectException
                OK k-3 1002 2""");

        Cli.Result result = Cli.run("stats", "--log", log.toString());

        assertEquals(0, result.exit());
        assertEquals("{\"ok\":1,\"errors\":1,\"p50Micros\":100,\"p99Micros\":300,\"maxMicros\":300,"
                + "\"firstMillis\":1000,\"lastMillis\":1001}\n", result.out());
        assertTrue(result.err().contains("skipped 1 malformed line"), result.err());
    }
}
