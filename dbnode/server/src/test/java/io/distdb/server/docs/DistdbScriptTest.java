package io.distdb.server.docs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code ./distdb} builds the node only when the node is missing or a file it is built from
 * changed, in any module under {@code dbnode/}, and wherever it is started from. The script runs on a copy
 * of the repository's layout whose {@code mvnw} and {@code java} only record that they were called, so the
 * decision is checked without a build.
 */
class DistdbScriptTest {

    private static final List<String> MODULES = List.of("storage", "admin-api", "sql", "pgwire", "server");
    private static final Instant BUILT = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    Path root;
    @TempDir
    Path elsewhere;
    private Path jar;

    @BeforeEach
    void repositoryWithABuiltNode() throws IOException {
        Files.copy(Repository.root().resolve("distdb"), root.resolve("distdb"));
        executable(root.resolve("distdb"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve(".mvn/wrapper"));
        for (String module : MODULES) {
            Path main = Files.createDirectories(root.resolve("dbnode/" + module + "/src/main/java"));
            Files.writeString(root.resolve("dbnode/" + module + "/pom.xml"), "<project/>\n");
            Files.writeString(main.resolve("Code.java"), "class Code {}\n");
        }
        // Stand-ins: mvnw records the build and leaves a fresh jar, java records how it was started.
        Files.writeString(root.resolve("mvnw"), "#!/usr/bin/env bash\necho \"$*\" >> \"$RECORD\"\n"
                + "mkdir -p dbnode/server/target/quarkus-app && touch dbnode/server/target/quarkus-app/quarkus-run.jar\n");
        executable(root.resolve("mvnw"));
        Path bin = Files.createDirectories(root.resolve("fake-bin"));
        Files.writeString(bin.resolve("java"), "#!/usr/bin/env bash\necho \"java $*\" >> \"$RECORD\"\n");
        executable(bin.resolve("java"));

        jar = Files.createDirectories(root.resolve("dbnode/server/target/quarkus-app")).resolve("quarkus-run.jar");
        Files.writeString(jar, "jar");
        try (var files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(file, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
    }

    @Test
    void nothingChangedStartsWithoutBuilding() throws Exception {
        List<String> calls = run(root);
        assertEquals(1, calls.size(), "only java runs: " + calls);
        assertTrue(calls.get(0).startsWith("java -jar " + jar), calls.get(0));
        assertEquals(FileTime.from(BUILT), Files.getLastModifiedTime(jar));
    }

    @Test
    void aChangeInAnyModuleOfTheNodeBuildsItFirst() throws Exception {
        for (String module : MODULES) {
            Path code = root.resolve("dbnode/" + module + "/src/main/java/Code.java");
            Files.setLastModifiedTime(code, FileTime.from(BUILT.plusSeconds(60)));
            List<String> calls = run(root);
            assertEquals(2, calls.size(), module + ": a build, then java: " + calls);
            assertTrue(calls.get(0).contains("package"), module + ": " + calls.get(0));
            // The build left a jar newer than every source: the next start does not build again.
            Files.setLastModifiedTime(jar, FileTime.from(BUILT.plusSeconds(120)));
            assertEquals(1, run(root).size(), module + ": built once, not again");
            Files.setLastModifiedTime(code, FileTime.from(BUILT.minusSeconds(60)));
            Files.setLastModifiedTime(jar, FileTime.from(BUILT));
        }
    }

    @Test
    void startedFromAnotherDirectoryItLooksAtTheRepository() throws Exception {
        assertEquals(1, run(elsewhere).size(), "unchanged: no build");
        Files.setLastModifiedTime(root.resolve("dbnode/sql/pom.xml"), FileTime.from(BUILT.plusSeconds(60)));
        assertEquals(2, run(elsewhere).size(), "a changed module is seen from any directory");
    }

    @Test
    void aMissingNodeIsBuilt() throws Exception {
        Files.delete(jar);
        List<String> calls = run(root);
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(Files.exists(jar));
    }

    private List<String> run(Path directory) throws Exception {
        Path record = root.resolve("record-" + System.nanoTime());
        Files.createFile(record);
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("distdb").toString())
                .directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("RECORD", record.toString());
        builder.environment().put("PATH", root.resolve("fake-bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "distdb did not end");
        assertEquals(0, process.exitValue(), output);
        return Files.readAllLines(record);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
