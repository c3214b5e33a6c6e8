package io.distdb.writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageTest {

    @TempDir
    Path dir;

    private static void assertUsageError(String expectedMessage, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().contains(expectedMessage), "expected '" + expectedMessage + "' in: " + result.err());
        assertEquals("", result.out());
    }

    @Test
    void noCommandPrintsTheUsage() {
        assertUsageError("Usage: java -jar distdb-writer.jar COMMAND");
    }

    @Test
    void rejectsAnUnknownCommand() {
        assertUsageError("unknown command 'frobnicate'", "frobnicate");
    }

    @Test
    void rejectsBadOptions() {
        String log = dir.resolve("w.log").toString();
        assertUsageError("write: option --target is required", "write", "--log", log);
        assertUsageError("write: unknown option --rat", "write", "--target", "http://n:8080", "--rat", "5");
        assertUsageError("write: option --threads must be a whole number, not 'many'",
                "write", "--target", "http://n:8080", "--threads", "many");
        assertUsageError("write: option --threads must be at least 1, not 0",
                "write", "--target", "http://n:8080", "--threads", "0");
        assertUsageError("write: --consistency must be ONE, QUORUM or ALL, not 'SOME'",
                "write", "--target", "http://n:8080", "--consistency", "SOME");
        assertUsageError("write: --target must be an http:// or https:// URL", "write", "--target", "n:8080");
        assertUsageError("write: option --duration needs a value", "write", "--target", "http://n:8080", "--duration");
        assertUsageError("write: unexpected argument 'extra'", "write", "--target", "http://n:8080", "extra");
        assertUsageError("write: --prefix must be non-empty and without white space",
                "write", "--target", "http://n:8080", "--prefix", "a b");
        assertUsageError("stats: option --from must be a whole number", "stats", "--log", log, "--from", "yesterday");
    }

    @Test
    void rejectsFilesThatCannotBeRead() {
        String missing = dir.resolve("missing").toString();
        assertUsageError("cannot read token file " + missing,
                "write", "--target", "http://n:8080", "--token-file", missing, "--log", dir.resolve("w.log").toString());
        assertUsageError("log file " + missing + " does not exist", "verify", "--target", "http://n:8080", "--log", missing);
        assertUsageError("log file " + missing + " does not exist", "stats", "--log", missing);
    }

    @Test
    void helpDescribesTheCommandsAndTheirOptions() {
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("write") && help.out().contains("verify") && help.out().contains("stats"));

        Cli.Result writeHelp = Cli.run("write", "--help");
        assertEquals(0, writeHelp.exit());
        assertTrue(writeHelp.out().contains("--rate R"), writeHelp.out());
        assertTrue(Cli.run("verify", "--help").out().contains("--consistency C       ONE, QUORUM or ALL (default ALL)"));
        assertTrue(Cli.run("stats", "-h").out().contains("--from MILLIS"));
    }
}
