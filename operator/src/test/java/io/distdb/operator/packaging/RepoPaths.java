package io.distdb.operator.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, wherever the test runs from. */
public final class RepoPaths {

    private RepoPaths() {
    }

    public static Path root() {
        String configured = System.getProperty("distdb.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        if (!Files.exists(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("operator"))) {
            throw new IllegalStateException("not the repository root: " + root.toAbsolutePath());
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path committedCrd() {
        return root().resolve("crds").resolve(CrdFiles.FILE_NAME);
    }

    public static Path chartCrd() {
        return root().resolve("charts/distdb-operator/crds").resolve(CrdFiles.FILE_NAME);
    }

    public static Path chart() {
        return root().resolve("charts/distdb-operator");
    }
}
