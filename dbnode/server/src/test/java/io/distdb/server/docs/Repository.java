package io.distdb.server.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository this module was built from, found through {@code test.repository.root} (set by the build). */
final class Repository {

    private Repository() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("test.repository.root", "../..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isRegularFile(root.resolve("distdb"))) {
            throw new IllegalStateException("not the repository root (no README.md and distdb): " + root);
        }
        return root;
    }
}
