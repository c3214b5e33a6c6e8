package io.distdb.server;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A data node running as a real child process from the packaged application, as a user starts it; the
 * tests kill it with SIGKILL and start it again on the same data directory. Both ports are chosen when the
 * process is created, before it starts, so that a cluster's member list can name every node's admin port
 * up front; the environment can be completed until {@link #start()}.
 */
public final class NodeProcess implements AutoCloseable {

    private static final long READY_SECONDS = Long.getLong("distdb.node.ready-seconds", 120);

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final int adminPort;
    private final int metadataPort;
    private final int pgPort;
    private final Map<String, String> env;
    /** How this test reaches the client port when the node speaks TLS (trusting its CA), else null. */
    private volatile SSLContext clientTls;
    private volatile Process process;

    public NodeProcess(Path dataDir, Map<String, String> env) throws IOException {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.env = new LinkedHashMap<>(env);
        this.port = freePort();
        this.adminPort = freePort();
        this.metadataPort = freePort();
        this.pgPort = freePort();
    }

    /** The port of the node's member of the metadata group. */
    public int metadataPort() {
        return metadataPort;
    }

    /** The node's PostgreSQL wire protocol port. */
    public int pgPort() {
        return pgPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String baseUri() {
        return scheme() + "://127.0.0.1:" + port;
    }

    private String scheme() {
        return clientTls == null ? "http" : "https";
    }

    /**
     * Turns TLS on for the next {@link #start()}: the node's certificate files and the CA bundle, and the context
     * this test's readiness probe uses on the client port (it must trust the CA).
     */
    public NodeProcess tls(TestCertificates.Issued certificate, Path caFile, SSLContext probe) {
        env.put("DISTDB_TLS_CERT_FILE", certificate.certFile().toString());
        env.put("DISTDB_TLS_KEY_FILE", certificate.keyFile().toString());
        env.put("DISTDB_TLS_CA_FILE", caFile.toString());
        clientTls = probe;
        return this;
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    /** The admin API's {@code host:port}, as a topology member's address names it. */
    public String adminAddress() {
        return "127.0.0.1:" + adminPort;
    }

    public String adminUri() {
        return scheme() + "://" + adminAddress();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    /** Sets an environment variable for the next {@link #start()}. */
    public NodeProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The operating system's id of the running process. */
    public long pid() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("the node at " + baseUri() + " is not running");
        }
        return p.pid();
    }

    /** Starts the node and waits until it reports ready. */
    public void start() throws Exception {
        String jar = System.getProperty("distdb.server.jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("the packaged node is missing: " + jar + " (run the package phase first)");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar));
        builder.environment().put("DISTDB_DATA_DIR", dataDir.toString());
        builder.environment().put("DISTDB_HTTP_PORT", Integer.toString(port));
        builder.environment().put("DISTDB_HOST", "127.0.0.1");
        builder.environment().put("DISTDB_ADMIN_PORT", Integer.toString(adminPort));
        builder.environment().put("DISTDB_ADMIN_HOST", "127.0.0.1");
        builder.environment().put("DISTDB_METADATA_PORT", Integer.toString(metadataPort));
        builder.environment().put("DISTDB_PG_PORT", Integer.toString(pgPort));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        awaitReady();
    }

    /** SIGTERM: the node shuts down as a pod's container does when Kubernetes stops it. */
    public void terminate() {
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }

    /** Whether the process has exited within {@code wait}. */
    public boolean awaitExit(Duration wait) throws InterruptedException {
        Process p = process;
        return p == null || p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws Exception {
        Process p = process;
        HttpClient.Builder probe = HttpClient.newBuilder();
        if (clientTls != null) {
            probe.sslContext(clientTls);
        }
        awaitReady(probe.build(), baseUri(), p::isAlive, () -> "exit status " + p.exitValue() + "; see " + log);
    }

    /** How long a node may take to become ready: {@code -Ddistdb.node.ready-seconds}, 120 s by default. */
    public static Duration readyWithin() {
        return Duration.ofSeconds(READY_SECONDS);
    }

    /**
     * Waits until the node at {@code baseUri} answers its readiness probe, failing at once when {@code running}
     * turns false and after {@link #readyWithin()}; {@code details} says where to look (its status, its log).
     */
    public static void awaitReady(String baseUri, BooleanSupplier running, Supplier<String> details) throws Exception {
        awaitReady(HttpClient.newHttpClient(), baseUri, running, details);
    }

    private static void awaitReady(HttpClient client, String baseUri, BooleanSupplier running, Supplier<String> details)
            throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUri + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                throw new IllegalStateException("the node at " + baseUri + " exited: " + details.get());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the node at " + baseUri + " did not become ready within " + READY_SECONDS
                + " s: " + details.get());
    }

    /** Stops the node cleanly (SIGTERM), and with SIGKILL if it has not exited after 30 s. */
    @Override
    public void close() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
