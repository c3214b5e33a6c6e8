package io.distdb.e2e;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A single-node Kubernetes cluster in a container, started once per test JVM and shared by
 * every test class: the offline {@code distdb/k3s} image by default, or a public k3s image
 * named by {@code -Ddistdb.k3s.image}. Tests get a Fabric8 client, load locally built images
 * into the node, and reach in-cluster Services by exec in a pod or by port-forward.
 */
public final class K3sCluster implements AutoCloseable {

    /**
     * Marks the cluster containers of these tests with the host and process id of the test JVM that started
     * them, so a run can remove those a killed run left without touching the cluster of a run still going.
     */
    private static final String LABEL = "io.distdb.e2e.cluster";
    private static final String HOST = hostName();
    private static final String OWNER = HOST + "/" + ProcessHandle.current().pid();

    private static K3sCluster shared;
    private static RuntimeException startFailure;

    private final K3sContainer container;
    private final KubernetesClient client;
    private final Set<String> loadedImages = ConcurrentHashMap.newKeySet();

    private K3sCluster(K3sContainer container, KubernetesClient client) {
        this.container = container;
        this.client = client;
    }

    private static final String AUDIT_POLICY = "/etc/distdb-e2e/audit-policy.yaml";
    private static final String AUDIT_LOG = "/var/lib/rancher/k3s/server/logs/audit.log";
    /** Who did what (no bodies) for the service accounts of the operator's namespace in the tests; nothing else. */
    private static final String AUDIT_POLICY_YAML = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: Metadata
                userGroups: ["system:serviceaccounts:distdb-system"]
              - level: None
            """;

    /** One request of the API server's audit log: who, which verb on which resource, and the answer's code. */
    /** One request as the API server's audit log has it; {@code received} is when the API server took it. */
    public record AuditedCall(String user, String verb, String apiGroup, String resource, String namespace, int code,
                              java.time.Instant received) {
    }

    /** The requests of {@code user} (e.g. {@code system:serviceaccount:ns:name}) the API server has logged so far. */
    public List<AuditedCall> auditedCalls(String user) {
        // The current file and any the API server rotated away (audit-<time>.log), only this user's lines.
        ExecResult result = inNode("sh", "-c", "cat " + AUDIT_LOG.replace(".log", "") + "*.log | grep -F \"$1\" || true",
                "audit", "\"username\":\"" + user + "\"");
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("cannot read the audit log: " + result.getStderr());
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<AuditedCall> calls = new java.util.ArrayList<>();
        for (String line : result.getStdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                var event = json.readTree(line);
                if (!user.equals(event.path("user").path("username").asText())
                        || !"ResponseComplete".equals(event.path("stage").asText())) {
                    continue;
                }
                var ref = event.path("objectRef");
                String resource = ref.path("resource").asText("");
                if (!ref.path("subresource").asText("").isEmpty()) {
                    resource += "/" + ref.path("subresource").asText();
                }
                calls.add(new AuditedCall(user, event.path("verb").asText(), ref.path("apiGroup").asText(""), resource,
                        ref.path("namespace").asText(""), event.path("responseStatus").path("code").asInt(),
                        java.time.Instant.parse(event.path("requestReceivedTimestamp").asText())));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable audit event: " + line, e);
            }
        }
        return calls;
    }

    /** The cluster of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized K3sCluster shared() {
        if (startFailure != null) {
            throw new IllegalStateException("the cluster failed to start earlier in this run", startFailure);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            K3sCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "k3s-stop"));
        }
        return shared;
    }

    /** The running cluster, or null when none was started (or it failed to start). */
    static synchronized K3sCluster current() {
        return shared;
    }

    private static K3sCluster start() {
        String image = E2eImages.k3sImage();
        removeLeftovers();
        long started = System.nanoTime();
        Path log = Path.of("target", "k3s-container.log").toAbsolutePath();
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
        // No traefik or metrics-server: their images cannot be pulled offline and no test uses them.
        k3s.withCommand("server", "--disable=traefik,metrics-server", "--tls-san=" + k3s.getHost(),
                "--kube-apiserver-arg=audit-policy-file=" + AUDIT_POLICY,
                "--kube-apiserver-arg=audit-log-path=" + AUDIT_LOG,
                "--kube-apiserver-arg=audit-log-maxsize=200");
        // What service accounts ask the API server for, so a test can hold the operator's calls against its RBAC.
        k3s.withCopyToContainer(org.testcontainers.images.builder.Transferable.of(AUDIT_POLICY_YAML), AUDIT_POLICY);
        k3s.withStartupTimeout(Duration.ofMinutes(5));
        k3s.withLabel(LABEL, OWNER);
        k3s.withLogConsumer(frame -> appendLog(log, frame));
        k3s.start();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                .build();
        K3sCluster cluster = new K3sCluster(k3s, client);
        try {
            cluster.awaitSystemDeployments();
        } catch (RuntimeException e) {
            System.err.println(cluster.diagnostics());
            cluster.close();
            throw e;
        }
        System.out.printf("k3s (%s) ready in %d s%n", image, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return cluster;
    }

    /**
     * Without Ryuk, a test JVM that was killed leaves its cluster running: remove those whose JVM is gone.
     * A cluster of a test JVM still running on this host (another build) is left alone, and so is one
     * started from another host that shares the Docker engine.
     */
    private static void removeLeftovers() {
        var docker = Docker.client();
        for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec()) {
            String owner = c.getLabels().getOrDefault(LABEL, "");
            if (!ownerIsGone(owner)) {
                System.out.println("leaving the cluster container " + c.getId() + " of a run still going (" + owner + ")");
                continue;
            }
            System.out.println("removing the cluster container " + c.getId() + " of an earlier run (" + owner + ")");
            docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    /** Whether the test JVM named by a cluster label ({@code host/pid}) no longer runs. */
    private static boolean ownerIsGone(String owner) {
        int slash = owner.lastIndexOf('/');
        if (slash < 0) {
            return true; // a label of an older harness, which marked every cluster alike
        }
        if (!owner.substring(0, slash).equals(HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(slash + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static void appendLog(Path log, OutputFrame frame) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, frame.getUtf8String(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a convenience; never fail a test over it
        }
    }

    /** Waits for cluster DNS and the local-path volume provisioner. */
    private void awaitSystemDeployments() {
        for (String name : new String[] {"coredns", "local-path-provisioner"}) {
            client.apps().deployments().inNamespace("kube-system").withName(name)
                    .waitUntilCondition(d -> d != null && Readiness.getInstance().isReady(d), 4, TimeUnit.MINUTES);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public K3sContainer container() {
        return container;
    }

    /** Creates a namespace with a unique name that starts with the prefix. */
    public String createNamespace(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        client.namespaces().resource(ns).create();
        // The default service account appears shortly after the namespace; pods need it.
        client.serviceAccounts().inNamespace(name).withName("default")
                .waitUntilCondition(sa -> sa != null, 1, TimeUnit.MINUTES);
        return name;
    }

    /**
     * Copies a local Docker image into the node's containerd, so pods can use it with
     * imagePullPolicy IfNotPresent or Never and nothing is pulled.
     */
    public void loadImage(String image) {
        if (loadedImages.contains(image)) {
            return;
        }
        try {
            Path tar = Files.createTempFile("image", ".tar");
            try {
                Docker.save(image, tar);
                String inContainer = "/tmp/import-" + UUID.randomUUID() + ".tar";
                container.copyFileToContainer(MountableFile.forHostPath(tar), inContainer);
                ExecResult result = container.execInContainer("k3s", "ctr", "images", "import", inContainer);
                container.execInContainer("rm", "-f", inContainer);
                if (result.getExitCode() != 0) {
                    throw new IllegalStateException("importing " + image + " failed: " + result.getStdout() + result.getStderr());
                }
            } finally {
                Files.deleteIfExists(tar);
            }
            loadedImages.add(image);
        } catch (IOException e) {
            throw new UncheckedIOException("loading image " + image, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command in a pod's first container; returns its standard output, fails on a non-zero exit. */
    public String execInPod(String namespace, String pod, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod)
                .writingOutput(out).writingError(err).exec(command)) {
            Integer code = watch.exitCode().get(2, TimeUnit.MINUTES);
            String stdout = out.toString(StandardCharsets.UTF_8);
            if (code == null || code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " in " + namespace + "/" + pod
                        + " exited " + code + ": " + stdout + err.toString(StandardCharsets.UTF_8));
            }
            return stdout;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("exec in " + namespace + "/" + pod + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kubectl in the node (for diagnostics and for what Fabric8 has no shortcut for). */
    public String kubectl(String... args) {
        ExecResult result = inNode(kubectlCommand(args));
        return result.getStdout() + result.getStderr();
    }

    /** kubectl in the node, as a user runs it: returns its standard output, fails with its output on a non-zero exit. */
    public String kubectlOk(String... args) {
        ExecResult result = inNode(kubectlCommand(args));
        if (result.getExitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.getExitCode() + ": "
                    + result.getStderr() + result.getStdout());
        }
        return result.getStdout();
    }

    private static String[] kubectlCommand(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "k3s";
        command[1] = "kubectl";
        System.arraycopy(args, 0, command, 2, args.length);
        return command;
    }

    /**
     * Kills a pod's container process with SIGKILL from the node, as a crash or the OOM killer would: a signal sent
     * from inside the container cannot kill its PID 1. The kubelet then restarts the container.
     */
    public void killContainerProcess(String namespace, String pod, String containerName) {
        String id = client.pods().inNamespace(namespace).withName(pod).get().getStatus().getContainerStatuses().stream()
                .filter(c -> c.getName().equals(containerName) && c.getContainerID() != null).findFirst()
                .map(c -> c.getContainerID().substring(c.getContainerID().indexOf("://") + 3))
                .orElseThrow(() -> new IllegalStateException("no running container " + containerName + " in " + pod));
        ExecResult kill = inNode("k3s", "ctr", "task", "kill", "--signal", "SIGKILL", id);
        if (kill.getExitCode() != 0) {
            throw new IllegalStateException("cannot kill " + pod + "/" + containerName + ": " + kill.getStdout()
                    + kill.getStderr());
        }
    }

    /** Runs a command in the node's container. */
    private ExecResult inNode(String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies a file of this machine into the node (for {@code kubectl apply -f}); returns its path there. */
    public String copyToNode(Path file) {
        String inContainer = "/tmp/" + UUID.randomUUID() + "-" + file.getFileName();
        container.copyFileToContainer(MountableFile.forHostPath(file), inContainer);
        return inContainer;
    }

    /** What is running, events, and the tail of the node's component logs. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("---- cluster diagnostics ----\n");
        try {
            sb.append(kubectl("get", "nodes,pods,pvc,svc", "-A", "-o", "wide")).append('\n');
            sb.append(kubectl("get", "events", "-A", "--sort-by=.lastTimestamp")).append('\n');
            ExecResult logs = container.execInContainer("sh", "-c",
                    "for f in /var/lib/rancher/k3s/logs/*.log; do echo \"== $f\"; tail -n 30 \"$f\"; done 2>/dev/null");
            sb.append(logs.getStdout());
        } catch (RuntimeException | IOException e) {
            sb.append("(diagnostics failed: ").append(e).append(")\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        try {
            client.close();
        } finally {
            container.stop();
        }
    }
}
