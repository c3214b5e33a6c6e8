package io.distdb.bench.ycsb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The servers under test, each a child process of the runner with its data in a fresh directory and
 * its log in the results directory: a DistDB node, Redis and PostgreSQL. {@link #close} stops it.
 */
final class Servers {

    /** A started server process; closing stops it (SIGTERM, then SIGKILL after 30 s). */
    static final class Server implements AutoCloseable {
        final String name;
        final Process process;
        final Path log;

        Server(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        /** CPU time the server process has used so far (all its threads), in µs. */
        long cpuMicros() {
            return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(0L);
        }

        /**
         * CPU time of the server process and of its child processes alive now (PostgreSQL's backends, WAL writer,
         * ...), in µs: the difference of two readings is the server's CPU between them if no child exited.
         */
        long cpuMicrosWithChildren() {
            long micros = cpuMicros();
            for (ProcessHandle child : process.toHandle().descendants().toList()) {
                micros += child.info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(0L);
            }
            return micros;
        }

        void checkAlive() throws IOException {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
            }
        }
    }

    private Servers() {
    }

    /**
     * A DistDB node from its Quarkus jar, durability {@code interval} with a fsync every second (as Redis
     * {@code appendfsync everysec}); returns once {@code /q/health/ready} answers 200 and, when {@code pgPort}
     * is above 0, its PostgreSQL wire protocol listener accepts connections on that port ({@code pgPort} 0: the
     * listener is off). No client credential: the HTTP API is open and the PostgreSQL side asks no password.
     */
    static Server distdb(Path quarkusJar, List<String> jvmFlags, Map<String, String> env, Path dataDir, int port,
            int pgPort, Path logs)
            throws IOException, InterruptedException {
        return distdb(quarkusJar, jvmFlags, env, dataDir, port, pgPort, logs, null);
    }

    /**
     * As above; with {@code tls} (a context trusting the node's CA) the node serves HTTPS only, given the
     * {@code DISTDB_TLS_*} settings in {@code env}, and readiness is asked over HTTPS.
     */
    static Server distdb(Path quarkusJar, List<String> jvmFlags, Map<String, String> env, Path dataDir, int port,
            int pgPort, Path logs, javax.net.ssl.SSLContext tls)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(quarkusJar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("DISTDB_CLIENT_TOKEN");
        builder.environment().putAll(Map.of(
                "DISTDB_DATA_DIR", dataDir.toString(),
                "DISTDB_HTTP_PORT", Integer.toString(port),
                "DISTDB_HOST", "127.0.0.1",
                "DISTDB_PG_ENABLED", Boolean.toString(pgPort > 0),
                "DISTDB_DURABILITY", "interval",
                "DISTDB_SYNC_INTERVAL_MILLIS", "1000"));
        if (pgPort > 0) {
            builder.environment().put("DISTDB_PG_PORT", Integer.toString(pgPort));
        }
        builder.environment().putAll(env);
        Server server = start("DistDB node", builder, logs.resolve(dataDir.getFileName() + "-node.log"));
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            client.sslContext(tls);
        }
        HttpClient http = client.build();
        URI ready = URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            server.checkAlive();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 && (pgPort <= 0 || accepts(pgPort))) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("DistDB node not ready after 120 s; see " + server.log);
            }
            Thread.sleep(200);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP port nothing listens on right now (the kernel's pick), for a server started next. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Redis with the append-only file fsynced every second and no RDB snapshots. */
    static Server redis(Path dataDir, int port, Path logs) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--appendonly", "yes", "--appendfsync", "everysec",
                "--dir", dataDir.toString(), "--save", "", "--daemonize", "no");
        Server server = start("Redis", builder, logs.resolve("redis.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!redisPing(port)) {
            server.checkAlive();
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("Redis not answering PING after 30 s; see " + server.log);
            }
            Thread.sleep(100);
        }
        return server;
    }

    /**
     * PostgreSQL from Debian's package (binaries in {@code pgBin}), a new cluster in {@code dataDir}, trust
     * authentication on 127.0.0.1; {@code synchronous_commit=off} so commits wait for no fsync, as the
     * other two (the WAL writer flushes within 200 ms). Run as user postgres when the runner is root.
     */
    static Server postgres(Path pgBin, Path dataDir, int port, Path logs) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            exec(List.of("chown", "-R", "postgres:postgres", dataDir.toString()), logs.resolve("postgres-init.log"));
        }
        exec(asPostgres(root, pgBin.resolve("initdb").toString(), "-D", dataDir.resolve("db").toString(),
                "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"), logs.resolve("postgres-init.log"));
        ProcessBuilder builder = new ProcessBuilder(asPostgres(root, pgBin.resolve("postgres").toString(),
                "-D", dataDir.resolve("db").toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dataDir,
                "-c", "synchronous_commit=off", "-c", "shared_buffers=256MB", "-c", "max_connections=50"));
        Server server = start("PostgreSQL", builder, logs.resolve("postgres.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            server.checkAlive();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(postgresUrl(port))) {
                return server;
            } catch (java.sql.SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("PostgreSQL not accepting connections after 60 s; see " + server.log);
                }
                Thread.sleep(200);
            }
        }
    }

    static String postgresUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /**
     * pgjdbc to a DistDB node's PostgreSQL listener: any user name and database, no password (the benchmark's
     * node has no client credential); pgjdbc's defaults otherwise, as for PostgreSQL ({@code prepareThreshold=5}).
     */
    static String distdbPgUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/distdb?user=bench";
    }

    private static List<String> asPostgres(boolean root, String... command) {
        List<String> all = new ArrayList<>();
        if (root) {
            all.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        all.addAll(List.of(command));
        return all;
    }

    private static void exec(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed; see " + log);
        }
    }

    static Server start(String name, ProcessBuilder builder, Path log) throws IOException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new Server(name, process, log);
    }

    private static boolean redisPing(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            return n == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes of all files under {@code dir}. */
    static long diskBytes(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
