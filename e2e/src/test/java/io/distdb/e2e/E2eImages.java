package io.distdb.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Names of the images the end-to-end tests run, and the scripts that build them offline
 * into the image cache ({@code DISTDB_IMAGE_CACHE}, default {@code ~/.cache/distdb-images}).
 *
 * <p>{@code -Ddistdb.k3s.image=rancher/k3s:v1.33.4-k3s1} (or {@code DISTDB_K3S_IMAGE}) runs the
 * tests on a public k3s image instead of the locally built one.
 */
public final class E2eImages {

    private E2eImages() {
    }

    /** Directory of the image build scripts ({@code e2e/images}). */
    public static Path scriptsDir() {
        String dir = System.getProperty("distdb.e2e.images.dir");
        Path path = dir != null ? Path.of(dir) : Path.of("images");
        if (!Files.isDirectory(path)) {
            path = Path.of("e2e", "images");
        }
        return path.toAbsolutePath().normalize();
    }

    public static Path cacheDir() {
        String dir = System.getenv("DISTDB_IMAGE_CACHE");
        return dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "distdb-images");
    }

    /** A k3s image named by the user, or null to use the locally built one. */
    public static String publicK3sImage() {
        String image = System.getProperty("distdb.k3s.image");
        if (image == null || image.isBlank()) {
            image = System.getenv("DISTDB_K3S_IMAGE");
        }
        return image == null || image.isBlank() ? null : image.trim();
    }

    /** The k3s image to run: the user's choice, or the offline image (built if missing). */
    public static String k3sImage() {
        String image = publicK3sImage();
        return image != null ? image : runScript("build-k3s-image.sh");
    }

    /** The busybox image the smoke tests run (built along with the k3s image). */
    public static String busyboxImage() {
        Path name = cacheDir().resolve("busybox.image");
        if (!Files.isRegularFile(name)) {
            runScript("build-k3s-image.sh");
        }
        try {
            String image = Files.readString(name, StandardCharsets.UTF_8).trim();
            if (!Docker.imageExists(image)) {
                Docker.load(cacheDir().resolve("busybox.tar"));
            }
            return image;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** The Java runtime base image of the project's images (built if missing). */
    public static String jreImage() {
        return runScript("build-jre-image.sh");
    }

    /**
     * {@code distdb/psql:17}, Debian's psql (PostgreSQL 17's client, with {@code \bind} for parameters) and curl
     * as an application image (built if missing): the client of the data nodes' PostgreSQL port in the tests, and
     * of their HTTPS client API ({@link InClusterHttp#tls}).
     */
    public static String psqlImage() {
        return runScript("build-psql-image.sh");
    }

    /**
     * The data node image {@code distdb/distdb-node:<appVersion>}, the name {@code examples/*.yaml} use, built
     * from dbnode/server/target/quarkus-app so it holds the code under test (kept when nothing changed), on
     * {@code -Ddistdb.base.image} (default: the offline distdb/jre:17).
     */
    public static String dbnodeImage() {
        return appImage("node");
    }

    /** The operator image {@code distdb/distdb-operator:<appVersion>}, the chart's default, from operator/target. */
    public static String operatorImage() {
        return appImage("operator");
    }

    /** The load writer's image {@code distdb/distdb-writer:<appVersion>}, from tools/writer/target. */
    public static String writerImage() {
        return appImage("writer");
    }

    /**
     * Another tag of an image, made from it with one more Dockerfile instruction (a second release that reports
     * another version, or one that exits at start): {@code distdb/distdb-node:0.1.0} and tag {@code 0.1.1} give
     * {@code distdb/distdb-node:0.1.1}.
     */
    public static String nodeImageVariant(String base, String tag, String instruction) {
        String image = base.substring(0, base.lastIndexOf(':')) + ":" + tag;
        try {
            Path context = Files.createTempDirectory("image-variant");
            Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\n" + instruction + "\n");
            Docker.client().buildImageCmd(context.toFile()).withTags(java.util.Set.of(image)).start().awaitImageId();
            return image;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code build-app-image.sh app} with the base image the user chose, if any. */
    private static String appImage(String app) {
        String base = System.getProperty("distdb.base.image");
        return runScript(base == null || base.isBlank() ? Map.of() : Map.of("BASE_IMAGE", base), "build-app-image.sh", app);
    }

    /**
     * The helm CLI, built from the Go module proxy by build-helm.sh into
     * {@code cacheDir()/build/helm-VERSION/helm} on first use (about 5 minutes on two cores),
     * and rebuilt only when that script or the Go version changes. Needs {@code go} on PATH.
     */
    public static Path helm() {
        return Path.of(runScript("build-helm.sh"));
    }

    /**
     * Runs an image build script and returns the image name it prints last. The build's
     * output goes to target/image-build-SCRIPT.log (a cold build of the k3s image takes
     * about half an hour on two cores).
     */
    public static String runScript(String script, String... args) {
        return runScript(Map.of(), script, args);
    }

    /** {@link #runScript(String, String...)} with extra environment variables. */
    public static synchronized String runScript(Map<String, String> env, String script, String... args) {
        Path scriptPath = scriptsDir().resolve(script);
        Path log = Path.of("target", "image-build-" + script.replace(".sh", "") + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new java.util.ArrayList<>(List.of("bash", scriptPath.toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("image-name", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(90, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in 90 minutes; see " + log);
            }
            List<String> lines = Files.readAllLines(out);
            Files.deleteIfExists(out);
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "); see " + log);
            }
            return lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + scriptPath, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }
}
