package io.distdb.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code helm} CLI (v4, built from the Go module proxy by e2e/images/build-helm.sh), run with a home of its
 * own (none of the user's configuration, repositories or plugins) against one kubeconfig, or none.
 */
public final class Helm {

    /** What one helm command printed, and how it ended. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private final Path binary;
    private final Path home;
    private final Path kubeconfig;

    private Helm(Path binary, Path home, Path kubeconfig) {
        this.binary = binary;
        this.home = home;
        this.kubeconfig = kubeconfig;
    }

    /**
     * helm with no cluster, its home under target/{@code homeName}. Builds the CLI on first use; without {@code go}
     * on PATH the calling test is skipped, unless CI is set: then it fails.
     */
    public static Helm offline(String homeName) {
        return create(homeName, null);
    }

    /** helm against the cluster of {@code kubeconfigYaml}. */
    public static Helm forCluster(String homeName, String kubeconfigYaml) {
        return create(homeName, kubeconfigYaml);
    }

    private static Helm create(String homeName, String kubeconfigYaml) {
        if (!goOnPath()) {
            if (K3sExtension.onCi()) {
                throw new IllegalStateException("CI is set but no go is on PATH: the helm CLI cannot be built");
            }
            Assumptions.abort("no go on PATH: the helm CLI (built from the Go module proxy) is unavailable"
                    + " (the helm tests are required when CI is set)");
        }
        try {
            Path home = Files.createDirectories(Path.of("target", homeName).toAbsolutePath());
            Path kubeconfig = home.resolve(kubeconfigYaml == null ? "no-kubeconfig" : "kubeconfig");
            if (kubeconfigYaml != null) {
                Files.writeString(kubeconfig, kubeconfigYaml, StandardCharsets.UTF_8);
            }
            return new Helm(E2eImages.helm(), home, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs helm and returns its standard output; fails with everything it printed on a non-zero exit. */
    public String ok(Duration timeout, String... args) {
        Result result = run(timeout, args);
        if (result.exit() != 0) {
            throw new AssertionError("helm " + String.join(" ", args) + " exited " + result.exit() + ":\n"
                    + result.stderr() + result.stdout());
        }
        return result.stdout();
    }

    /** {@link #ok(Duration, String...)} for commands that do not wait on a cluster. */
    public String ok(String... args) {
        return ok(Duration.ofMinutes(2), args);
    }

    public Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(Map.of(
                    "HELM_CONFIG_HOME", home.resolve("config").toString(),
                    "HELM_CACHE_HOME", home.resolve("cache").toString(),
                    "HELM_DATA_HOME", home.resolve("data").toString(),
                    "KUBECONFIG", kubeconfig.toString()));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("helm " + String.join(" ", args) + " did not finish in " + timeout
                        + ":\n" + Files.readString(err) + Files.readString(out));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean goOnPath() {
        try {
            Process process = new ProcessBuilder("go", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
