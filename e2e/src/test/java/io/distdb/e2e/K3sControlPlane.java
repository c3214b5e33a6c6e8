package io.distdb.e2e;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A Kubernetes control plane (etcd, API server, controller manager, scheduler) run as plain
 * processes of this machine, without Docker and without nodes: the same binaries as the
 * {@code distdb/k3s} image, started as {@code k3s server --disable-agent} with its data under
 * target/ and free ports. For tests of controllers (the operator) against a real API server.
 *
 * <pre>
 * try (K3sControlPlane k8s = K3sControlPlane.start()) {
 *     KubernetesClient client = k8s.client();
 * }
 * </pre>
 *
 * The binaries come from the image cache ({@code DISTDB_IMAGE_CACHE}, filled by
 * e2e/images/build-k3s-image.sh), or are copied out of the image when only the image exists.
 */
public final class K3sControlPlane implements AutoCloseable {

    /** The committed DistDBCluster CRD, relative to a module directory. */
    static final Path DISTDB_CRD = Path.of("..", "crds", "distdbclusters.distdb.io-v1.yml");

    private final Process process;
    private final Path dataDir;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private K3sControlPlane(Process process, Path dataDir, Path kubeconfig, KubernetesClient client) {
        this.process = process;
        this.dataDir = dataDir;
        this.kubeconfig = kubeconfig;
        this.client = client;
    }

    public static K3sControlPlane start() {
        Path bin = binaries();
        try {
            Path dataDir = Path.of("target", "k3s-control-plane-" + UUID.randomUUID().toString().substring(0, 8))
                    .toAbsolutePath();
            Files.createDirectories(dataDir);
            Path kubeconfig = dataDir.resolve("kubeconfig.yaml");
            Path log = dataDir.resolve("server.log");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(List.of(bin.resolve("k3s").toString(), "server",
                    "--disable-agent", "--disable=coredns,local-storage",
                    "--data-dir=" + dataDir, "--bind-address=127.0.0.1",
                    "--https-listen-port=" + port, "--write-kubeconfig=" + kubeconfig))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KUBE_BINARY", bin.resolve("kube").toString());
            Process process = builder.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(log).contains("k3s is up and running")) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("k3s server exited " + process.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("k3s server did not start in 2 minutes:\n" + Files.readString(log));
                }
                Thread.sleep(200);
            }
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8)))
                    .build();
            return new K3sControlPlane(process, dataDir, kubeconfig, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Creates the committed DistDBCluster CRD ({@code crds/}) and a namespace, and waits until the API
     * server has established the CRD.
     */
    public void installDistDbCrd(String namespace) throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(DISTDB_CRD)) {
            crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        }
        client.resource(crd).create();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                        60, TimeUnit.SECONDS);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    /** An admin kubeconfig for other clients (an operator under test). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * The directory with the k3s launcher and the kube binary: from the image cache, or
     * copied out of the image into target/k3s-bin.
     */
    static Path binaries() {
        Path cached;
        try (Stream<Path> dirs = Files.exists(E2eImages.cacheDir().resolve("build"))
                ? Files.list(E2eImages.cacheDir().resolve("build")) : Stream.empty()) {
            cached = dirs.filter(d -> d.getFileName().toString().startsWith("k3s-"))
                    .map(d -> d.resolve("bin"))
                    .filter(d -> Files.isExecutable(d.resolve("k3s")) && Files.isExecutable(d.resolve("kube")))
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cached != null) {
            return cached;
        }
        Path target = Path.of("target", "k3s-bin").toAbsolutePath();
        if (Files.isExecutable(target.resolve("k3s")) && Files.isExecutable(target.resolve("kube"))) {
            return target;
        }
        String image = E2eImages.runScript("build-k3s-image.sh");
        copyFromImage(image, List.of("/usr/bin/k3s", "/usr/bin/kube"), target);
        return target;
    }

    private static void copyFromImage(String image, List<String> paths, Path target) {
        DockerClient docker = Docker.client();
        String id = docker.createContainerCmd(image).withEntrypoint("/bin/true").exec().getId();
        try {
            Files.createDirectories(target);
            for (String path : paths) {
                try (InputStream in = docker.copyArchiveFromContainerCmd(id, path).exec();
                     TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    TarArchiveEntry entry = tar.getNextEntry();
                    Path file = target.resolve(Path.of(path).getFileName().toString());
                    Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
                    file.toFile().setExecutable(true);
                    if (entry == null) {
                        throw new IllegalStateException(path + " is not in " + image);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for "mvn clean"
        }
    }
}
