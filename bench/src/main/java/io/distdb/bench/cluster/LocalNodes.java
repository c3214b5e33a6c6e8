package io.distdb.bench.cluster;

import io.distdb.bench.tls.BenchCertificates;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Data node processes on loopback, started from the packaged node ({@code quarkus-run.jar}), each with its
 * own data directory under one temporary directory and its log in the logs directory. {@link #close()}
 * kills every process (SIGKILL) and deletes the data; a shutdown hook does the same if the benchmark stops
 * some other way (an exception, Ctrl-C).
 *
 * <p>A node created with TLS gets a certificate of its own from the run's CA ({@link BenchCertificates}) and the
 * three {@code DISTDB_TLS_*} settings: it then serves HTTPS on its client port, mutual TLS on its admin port, and
 * calls its peers with its certificate (no peer token). Nodes with and without TLS may run side by side, but a
 * cluster is all one or all the other.
 */
public final class LocalNodes implements AutoCloseable {

    /** One node process; both ports are chosen before it starts, so a member list can name them. */
    public static final class Node {
        public final String id;
        /** Whether the node serves TLS on every port. */
        public final boolean tls;
        public final int port;
        public final int adminPort;
        public final int pgPort;
        public final Path dataDir;
        public final Path log;
        public final Map<String, String> env = new LinkedHashMap<>();
        volatile Process process;

        Node(String id, boolean tls, Path dataDir, Path log) throws IOException {
            this.id = id;
            this.tls = tls;
            this.dataDir = dataDir;
            this.log = log;
            this.port = freePort();
            this.adminPort = freePort();
            this.pgPort = freePort();
        }

        public String baseUri() {
            return (tls ? "https" : "http") + "://127.0.0.1:" + port;
        }

        public String adminAddress() {
            return "127.0.0.1:" + adminPort;
        }

        public String adminUri() {
            return (tls ? "https://" : "http://") + adminAddress();
        }

        /** The running process, or null before the node is started. */
        public Process process() {
            return process;
        }

        /** CPU time the process has used so far (all its threads), in µs; 0 if unknown. */
        public long cpuMicros() {
            Process p = process;
            return p == null ? 0 : p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(0L);
        }

        public void checkAlive() throws IOException {
            Process p = process;
            if (p != null && !p.isAlive()) {
                throw new IOException("node " + id + " exited with " + p.exitValue() + "; see " + log);
            }
        }
    }

    private final Path jar;
    private final List<String> jvmFlags;
    private final Path dataRoot;
    private final Path logDir;
    private final String token;
    /** The node-to-node credential; its own secret, not derived from the admin token. */
    private final String peerToken = "peer-" + java.util.UUID.randomUUID();
    private final Map<String, String> commonEnv;
    private final boolean keepData;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The run's CA, or null when no node may have TLS. */
    private final BenchCertificates certs;
    /** A client's context trusting the run's CA (no client certificate), or null. */
    private final SSLContext clientContext;
    /** The operator's context: trusts the run's CA and presents the operator's certificate, or null. */
    private final SSLContext operatorContext;
    private final HttpClient https;
    private final Thread reaper = new Thread(this::killAll, "local-nodes-reaper");

    public LocalNodes(Path jar, List<String> jvmFlags, Path dataRoot, Path logDir, String token, Map<String, String> commonEnv,
                      boolean keepData) throws IOException {
        this(jar, jvmFlags, dataRoot, logDir, token, commonEnv, keepData, false);
    }

    /** With {@code tls}, a CA is generated under {@code dataRoot} so that nodes can be created with TLS. */
    LocalNodes(Path jar, List<String> jvmFlags, Path dataRoot, Path logDir, String token, Map<String, String> commonEnv,
               boolean keepData, boolean tls) throws IOException {
        this.jar = jar;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.dataRoot = Files.createDirectories(dataRoot);
        this.logDir = Files.createDirectories(logDir);
        this.token = token;
        this.commonEnv = Map.copyOf(commonEnv);
        this.keepData = keepData;
        if (tls) {
            try {
                certs = BenchCertificates.create(this.dataRoot.resolve("tls"));
                clientContext = certs.clientContext(null);
                operatorContext = certs.clientContext(certs.operator());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot issue the benchmark's certificates", e);
            }
            https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientContext)
                    .connectTimeout(Duration.ofSeconds(2)).build();
        } else {
            certs = null;
            clientContext = null;
            operatorContext = null;
            https = null;
        }
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A node not yet started, without TLS; {@code prefix} keeps the logs of different phases apart. */
    public Node create(String prefix, String id) throws IOException {
        return create(prefix, id, false);
    }

    /** A node not yet started, with TLS on every port if {@code tls}. */
    synchronized Node create(String prefix, String id, boolean tls) throws IOException {
        if (tls && certs == null) {
            throw new IllegalStateException("these local nodes were set up without a CA");
        }
        Node node = new Node(id, tls, dataRoot.resolve(prefix + "-" + id), logDir.resolve(prefix + "-" + id + ".log"));
        node.env.putAll(commonEnv);
        node.env.put("DISTDB_NODE_ID", id);
        node.env.put("DISTDB_ADMIN_TOKEN", token);
        if (tls) {
            // The certificate is the node-to-node credential: no peer token.
            try {
                node.env.putAll(certs.nodeEnv(certs.node(id, prefix + "-" + id)));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot issue the certificate of " + id, e);
            }
        } else {
            // Nodes of one cluster share their node-to-node credential.
            node.env.put("DISTDB_PEER_TOKEN", peerToken);
        }
        nodes.add(node);
        return node;
    }

    /** The context of a client of nodes with TLS: trusts the run's CA, no client certificate. */
    SSLContext clientContext() {
        return clientContext;
    }

    /** The context of the operator: trusts the run's CA and presents the operator's certificate on admin ports. */
    SSLContext operatorContext() {
        return operatorContext;
    }

    /** Nodes of a static cluster ({@code DISTDB_CLUSTER_NODES}) with replication factor {@code rf}, not started. */
    public List<Node> createStatic(String prefix, List<String> ids, int rf, int vnodes) throws IOException {
        return createStatic(prefix, ids, rf, vnodes, false);
    }

    /** As {@link #createStatic(String, List, int, int)}, every node with TLS if {@code tls}. */
    List<Node> createStatic(String prefix, List<String> ids, int rf, int vnodes, boolean tls) throws IOException {
        List<Node> created = new ArrayList<>();
        for (String id : ids) {
            created.add(create(prefix, id, tls));
        }
        String members = created.stream().map(n -> n.id + "@" + n.adminAddress()).collect(Collectors.joining(","));
        for (Node node : created) {
            node.env.put("DISTDB_CLUSTER_NODES", members);
            node.env.put("DISTDB_REPLICATION_FACTOR", Integer.toString(rf));
            node.env.put("DISTDB_VNODES", Integer.toString(vnodes));
        }
        return created;
    }

    /** Starts the nodes in parallel and returns once every one answers {@code /q/health/ready} with 200. */
    public void startAll(Collection<Node> toStart) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(toStart.size());
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (Node node : toStart) {
                starts.add(pool.submit(() -> {
                    start(node);
                    return null;
                }));
            }
            for (Future<?> f : starts) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void start(Node node) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DISTDB_DATA_DIR", node.dataDir.toString());
        builder.environment().put("DISTDB_HTTP_PORT", Integer.toString(node.port));
        builder.environment().put("DISTDB_HOST", "127.0.0.1");
        builder.environment().put("DISTDB_ADMIN_PORT", Integer.toString(node.adminPort));
        builder.environment().put("DISTDB_ADMIN_HOST", "127.0.0.1");
        builder.environment().put("DISTDB_PG_PORT", Integer.toString(node.pgPort));
        builder.environment().putAll(node.env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(node.log.toFile()));
        node.process = builder.start();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(node.baseUri() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            node.checkAlive();
            try {
                if ((node.tls ? https : http).send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("node " + node.id + " not ready after 180 s; see " + node.log);
            }
            Thread.sleep(200);
        }
    }

    /** Kills the nodes (SIGKILL) and deletes their data directories. */
    public void stop(Collection<Node> toStop) throws IOException {
        for (Node node : toStop) {
            kill(node);
            if (!keepData) {
                deleteTree(node.dataDir);
            }
        }
    }

    /**
     * Stops the node the way a pod is stopped (SIGTERM: the node closes its store, which flushes it; SIGKILL after
     * {@code graceSeconds}), then starts it again on the same data and returns once it is ready.
     */
    public void restart(Node node, long graceSeconds) throws IOException, InterruptedException {
        Process p = node.process;
        if (p != null) {
            p.destroy();
            if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                System.err.println("node " + node.id + " still running " + graceSeconds + " s after SIGTERM: killed");
                kill(node);
            }
        }
        start(node);
    }

    /** The last lines of the logs of the given nodes, for a failure report. */
    public static String logTails(Collection<Node> of, int lines) {
        StringBuilder out = new StringBuilder();
        for (Node node : of) {
            out.append("---- ").append(node.id).append(" (").append(node.log).append(")\n");
            try {
                List<String> all = Files.exists(node.log) ? Files.readAllLines(node.log, StandardCharsets.UTF_8) : List.of();
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | RuntimeException e) {
                out.append("(cannot read: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    private static void kill(Node node) {
        Process p = node.process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void killAll() {
        for (Node node : nodes) {
            try {
                kill(node);
            } catch (RuntimeException ignored) {
                // best effort: the others still get killed
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Kills every node this object started and deletes the data root (unless asked to keep it). */
    @Override
    public void close() throws IOException {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (!keepData) {
            deleteTree(dataRoot);
        }
    }
}
