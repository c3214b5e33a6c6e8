package io.distdb.server.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every repository file that the README, the docs, the chart, the scripts and the configuration name by its
 * path exists. A path counts when it starts with one of the repository's top-level directories; build
 * outputs ({@code target/}) and patterns ({@code *}, {@code {...}}) are not files of the repository.
 */
class DocReferencesTest {

    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![\\w./$-])((?:docs|dbnode|operator|e2e|bench|charts|crds|examples|\\.ci|\\.mvn)/[\\w./-]*)");

    private static final Set<String> TEXT_SUFFIXES = Set.of(".md", ".properties", ".yaml", ".yml", ".tpl", ".sh", ".env");

    /** Directories that hold no text of the repository: build outputs, version control, node data. */
    private static final Pattern SKIPPED_DIRECTORY = Pattern.compile("target|node_modules|\\.git|\\.idea|\\.vscode|data(-.*)?");

    @Test
    void everyRepositoryPathTheTextsMentionExists() throws IOException {
        Path root = Repository.root();
        List<Path> texts = texts(root);
        assertTrue(texts.contains(root.resolve("README.md")) && texts.contains(root.resolve("distdb"))
                && texts.contains(root.resolve("dbnode/server/src/main/resources/application.properties")), "texts: " + texts);
        List<String> references = new ArrayList<>();
        List<String> missing = missing(root, texts, references);
        assertTrue(references.size() > 50, "the scan finds the paths the texts mention: " + references);
        assertEquals(List.of(), missing, "paths mentioned in the repository's texts that do not exist");
    }

    @Test
    void aMentionedFileThatIsNotThereIsReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/api.md"), "# API\n");
        Files.writeString(root.resolve("README.md"), "See `docs/api.md` and [the node](docs/node.md).\n");
        assertEquals(List.of("README.md:1: docs/node.md"), missing(root, texts(root), new ArrayList<>()));
    }

    @Test
    void pathsAreTakenFromBackticksLinksAndProseButNotFromOutputsPatternsOrUrls() {
        assertEquals(List.of("docs/api.md", "e2e/images/build-k3s-image.sh", "examples/minimal.yaml", "dbnode/server"),
                references("see `docs/api.md`, [build](e2e/images/build-k3s-image.sh); -f examples/minimal.yaml (dbnode/server)."));
        assertEquals(List.of(), references("bench/target/distdb-bench.jar e2e/target/TEST-*.xml dbnode/server/src/test/resources/sql/*.sql"
                + " https://github.com/x/docs/api.md ${dir}/docs/a.md my-docs/a.md"));
    }

    /** The repository's texts: docs, chart, manifests, configuration and scripts. */
    static List<Path> texts(Path root) throws IOException {
        List<Path> texts = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED_DIRECTORY.matcher(dir.getFileName().toString()).matches()
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && isText(file)) {
                    texts.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        texts.sort(null);
        return texts;
    }

    private static boolean isText(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            return TEXT_SUFFIXES.contains(name.substring(dot));
        }
        if (name.equals("Dockerfile")) {
            return true;
        }
        // A script without a suffix, such as distdb and .ci/run.
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        }
    }

    /** {@code file:line: path} for every mentioned path that does not exist; every mention goes to {@code references}. */
    private static List<String> missing(Path root, List<Path> texts, List<String> references) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path text : texts) {
            List<String> lines = Files.readAllLines(text);
            for (int i = 0; i < lines.size(); i++) {
                for (String path : references(lines.get(i))) {
                    references.add(path);
                    if (!Files.exists(root.resolve(path))) {
                        missing.add(root.relativize(text) + ":" + (i + 1) + ": " + path);
                    }
                }
            }
        }
        return missing;
    }

    static List<String> references(String line) {
        List<String> paths = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(line);
        while (matcher.find()) {
            String path = matcher.group(1).replaceAll("\\.+$", "");
            boolean pattern = matcher.end() < line.length() && "*{$<".indexOf(line.charAt(matcher.end())) >= 0;
            if (!pattern && !List.of(path.split("/")).contains("target")) {
                paths.add(path);
            }
        }
        return paths;
    }
}
