package io.distdb.server.docs;

import io.distdb.server.NodeProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README works as written: its blocks are read from README.md and run by bash, one after the other, as a
 * reader pastes them. The node is started by the README's {@code ./distdb} from the repository root, with
 * the build done by Maven, so it must start without building again. Its tour runs against it; the
 * three-node cluster block runs in a directory of its own (with {@code dbnode} linked to the repository's),
 * where it leaves its data. Every block must exit 0, print what its comments show and no error they do not
 * show. The ports are the README's, so they must be free; every process a block starts is stopped after it.
 */
class ReadmeIT {

    private static final Path ROOT = Repository.root();
    private static final Path JAR = ROOT.resolve("dbnode/server/target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void bashCurlAndSetsid() throws InterruptedException {
        boolean present;
        try {
            Process check = new ProcessBuilder("bash", "-c", "command -v curl && command -v setsid && command -v psql")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            present = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException noBash) {
            present = false;
        }
        String why = "running the README needs bash, curl, setsid and psql";
        if (System.getenv("CI") == null) {
            assumeTrue(present, why + ": skipped (required when CI is set)");
        }
        assertTrue(present, why + ", and CI is set");
    }

    @Test
    void theTourRunsAsWrittenAgainstANodeStartedByDistdb() throws Exception {
        assertFree(8080, 9090, 9190, 5432);
        Readme readme = Readme.of(ROOT.resolve("README.md"));
        String start = readme.shellBlocks("Set-up").get(0);
        assertEquals("./distdb\n", start, "the README's first set-up command starts the node");
        List<String> tour = tourBlocks(readme);
        assertTrue(Files.isRegularFile(JAR), "the node is built by the package phase: " + JAR);
        FileTime built = Files.getLastModifiedTime(JAR);

        Path data = tmp.resolve("data");
        Path work = Files.createDirectories(tmp.resolve("tour"));
        try (ShellBlock node = ShellBlock.start("distdb", start, tmp, ROOT, Map.of("DISTDB_DATA_DIR", data.toString()))) {
            NodeProcess.awaitReady("http://localhost:8080", node::isRunning, node::describe);
            assertEquals(built, Files.getLastModifiedTime(JAR), "./distdb built the node again although nothing changed");
            assertTrue(Files.isDirectory(data), "the node keeps its data in DISTDB_DATA_DIR");

            StringBuilder printed = new StringBuilder();
            for (int i = 0; i < tour.size(); i++) {
                try (ShellBlock block = ShellBlock.start("tour-" + (i + 1), tour.get(i), tmp, work, Map.of())) {
                    int status = block.await(Duration.ofSeconds(60));
                    assertEquals(0, status, "the block failed\n" + block.describe());
                    assertPrintsWhatItShows(block, tour.get(i));
                    printed.append(block.output());
                }
            }
            // What a reader looks for, whatever the comments show.
            for (String answer : List.of(
                    "{\"pk\":\"people-100\",\"sk\":\"messages-101\",\"value\":{\"text\":\"message 101\"}}",
                    "{\"results\":[\"trial\",\"triathlon\"]}",
                    "\"value\":\"hello\"",
                    "\"body\":{\"name\":\"Ada\",\"address\":{\"city\":\"London\"}}",
                    "\"rows\":[[\"Bob\",31],[\"Alice\",25]]",
                    "{\"error\":\"sql_syntax_error\",\"message\":")) {
                assertTrue(printed.toString().contains(answer), "the tour prints " + answer + "; it printed:\n" + printed);
            }
            assertTrue(node.isRunning(), "the node runs on after the tour");
        }
    }

    @Test
    void theThreeNodeClusterBlockRunsAsWritten() throws Exception {
        assertFree(8081, 8082, 8083, 9091, 9092, 9093, 9191, 9192, 9193, 5441, 5442, 5443);
        String snippet = clusterBlock(Readme.of(ROOT.resolve("README.md")));
        Path work = Files.createDirectories(tmp.resolve("cluster"));
        Path link = Files.createSymbolicLink(work.resolve("dbnode"), ROOT.resolve("dbnode"));
        try (ShellBlock cluster = ShellBlock.start("cluster", snippet, tmp, work, Map.of())) {
            int status = cluster.await(NodeProcess.readyWithin().multipliedBy(3));
            assertEquals(0, status, "the block failed\n" + cluster.describe() + logs(work));
            assertPrintsWhatItShows(cluster, snippet);
            String item = "{\"pk\":\"alice\",\"sk\":\"profile\",\"value\":{\"age\":31}}";
            assertEquals(2, occurrences(cluster.output(), item),
                    "the item is printed as written on node 1 and as read from node 3\n" + cluster.describe());

            // The nodes run on after the block, as one cluster: every node reads the item at ALL.
            for (int port : new int[] {8081, 8082, 8083}) {
                HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/v1/items/alice/profile"))
                        .header("X-DistDB-Consistency", "ALL").timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, read.statusCode(), "read at ALL from port " + port + ": " + read.body());
                assertEquals(item, read.body());
            }
            for (int i = 1; i <= 3; i++) {
                assertTrue(Files.isDirectory(work.resolve("data-n" + i)), "node n" + i + " keeps its data in data-n" + i);
            }
        } finally {
            Files.delete(link);
        }
    }

    /** The tour: every block of "A tour with curl" before the cluster block. */
    private static List<String> tourBlocks(Readme readme) {
        List<String> blocks = readme.shellBlocks("A tour with curl");
        int cluster = blocks.indexOf(clusterBlock(readme));
        assertTrue(cluster >= 4, "the tour has its blocks before the cluster block: " + blocks);
        return blocks.subList(0, cluster);
    }

    /** The block of "A tour with curl" that starts a cluster: the only one with DISTDB_CLUSTER_NODES. */
    private static String clusterBlock(Readme readme) {
        List<String> blocks = readme.shellBlocks("A tour with curl").stream()
                .filter(block -> block.contains("DISTDB_CLUSTER_NODES")).toList();
        assertEquals(1, blocks.size(), "one block in 'A tour with curl' starts the three-node cluster");
        return blocks.get(0);
    }

    private static void assertPrintsWhatItShows(ShellBlock block, String text) throws IOException {
        String printed = block.output();
        List<String> shown = Readme.shownOutput(text);
        for (String output : shown) {
            assertTrue(printed.contains(output), "the README shows " + output + "\n" + block.describe());
        }
        long errorsShown = shown.stream().filter(output -> output.contains("\"error\"")).count();
        assertEquals(errorsShown, occurrences(printed, "{\"error\":"),
                "errors printed that the README does not show\n" + block.describe());
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static void assertFree(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                throw new AssertionError("the README's commands use port " + port + ", which is taken (" + e.getMessage()
                        + "); stop what listens there and run again");
            }
        }
    }

    private static String logs(Path work) throws IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(work)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(log);
                logs.append("--- the end of ").append(log.getFileName()).append(":\n")
                        .append(text.substring(Math.max(0, text.length() - 4000)));
            }
        }
        return logs.toString();
    }
}
