package io.distdb.bench.ycsb;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of Apache Cassandra nodes as child processes of the runner, on the loopback addresses 127.0.0.1,
 * 127.0.0.2, ... (one per node, so every node has the same ports, as Cassandra expects of a cluster), each with a
 * {@code cassandra.yaml} of its own under one directory. The nodes start one after the other, the first the
 * seed; {@link #start} returns once all of them serve CQL and see each other, with the benchmark's keyspace and
 * table created. {@link #close} stops them.
 */
final class CassandraNodes implements AutoCloseable {

    static final String KEYSPACE = "ycsb";
    /** The data centre {@code SimpleSnitch} puts every node in. */
    static final String DATACENTER = "datacenter1";

    final List<Servers.Server> servers = new ArrayList<>();
    final List<String> addresses;
    final int nativePort;

    /** Kills the nodes if the runner exits without closing them (an exception, Ctrl-C): they are large. */
    private final Thread reaper = new Thread(this::kill, "cassandra-reaper");

    private CassandraNodes(List<String> addresses, int nativePort) {
        this.addresses = addresses;
        this.nativePort = nativePort;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code count} nodes from the jars listed in {@code classpathFile} (as {@code dependency:build-classpath}
     * writes it), each with {@code heapFlags}, then creates keyspace {@link #KEYSPACE} with SimpleStrategy and
     * replication factor {@code count}, and the table YCSB writes to.
     */
    static CassandraNodes start(Path classpathFile, int count, List<String> heapFlags, Path dir, Path logs,
            String table) throws IOException, InterruptedException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IOException("no Cassandra classpath at " + classpathFile + ": run ./mvnw -B -ntp -f "
                    + "bench/ycsb/cassandra/pom.xml dependency:build-classpath (bench/ycsb/run.sh does)");
        }
        String classpath = Files.readString(classpathFile).strip();
        Path jamm = Arrays.stream(classpath.split(":")).filter(j -> j.matches(".*/jamm-[^/]*\\.jar"))
                .map(Path::of).findFirst().orElse(null);
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            addresses.add("127.0.0." + i);
        }
        int storagePort = freePortOnAll(addresses, -1);
        int nativePort = freePortOnAll(addresses, storagePort);
        CassandraNodes nodes = new CassandraNodes(List.copyOf(addresses), nativePort);
        try {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            for (int i = 0; i < count; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node" + (i + 1)));
                CassandraConfig config = new CassandraConfig(addresses.get(i), addresses.get(0), storagePort,
                        nativePort, CassandraConfig.DEFAULT_NUM_TOKENS, nodeDir);
                Path yaml = Files.writeString(nodeDir.resolve("cassandra.yaml"), config.yaml(), StandardCharsets.UTF_8);
                Path logback = Files.writeString(nodeDir.resolve("logback.xml"), CassandraConfig.logback(),
                        StandardCharsets.UTF_8);
                ProcessBuilder builder = new ProcessBuilder(config.command(java, classpath, jamm, heapFlags, yaml, logback));
                long started = System.nanoTime();
                Servers.Server server = Servers.start("Cassandra " + addresses.get(i), builder,
                        logs.resolve("cassandra" + (count > 1 ? count + "-node" + (i + 1) : "") + ".log"));
                nodes.servers.add(server);
                nodes.awaitNativePort(server, addresses.get(i));
                YcsbBenchmark.progress(String.format("Cassandra node %s serves CQL on port %d after %.0f s",
                        addresses.get(i), nativePort, (System.nanoTime() - started) / 1e9));
            }
            nodes.createSchema(table);
            return nodes;
        } catch (IOException | InterruptedException | RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    /** The contact points of the YCSB binding, {@code host,host,...}. */
    String hosts() {
        return String.join(",", addresses);
    }

    private void awaitNativePort(Servers.Server server, String address) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!accepts(address, nativePort)) {
            server.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IOException("Cassandra " + address + " not serving CQL after 180 s; see " + server.log);
            }
            Thread.sleep(500);
        }
    }

    /** Waits until every node sees the others up, then creates the keyspace and the table. */
    private void createSchema(String table) throws IOException, InterruptedException {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(addresses.get(0), nativePort))
                .withLocalDatacenter(DATACENTER).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                long up = session.getMetadata().getNodes().values().stream()
                        .filter(n -> n.getState() == NodeState.UP).count();
                int peers = session.execute("SELECT peer FROM system.peers_v2").all().size();
                if (up == addresses.size() && peers == addresses.size() - 1) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Cassandra cluster: " + up + " of " + addresses.size()
                            + " nodes up after 120 s");
                }
                Thread.sleep(500);
            }
            session.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': " + addresses.size() + "}");
            session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
                    .newInstance(CqlStatements.createTable(KEYSPACE, table, 10))
                    .setTimeout(Duration.ofSeconds(60)));
            if (!session.checkSchemaAgreement()) {
                throw new IOException("Cassandra nodes do not agree on the schema after creating " + table);
            }
        }
    }

    /** A port nothing listens on at any of {@code addresses}, other than {@code not}. */
    private static int freePortOnAll(List<String> addresses, int not) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = Servers.freePort();
            if (port != not && addresses.stream().allMatch(a -> bindable(a, port))) {
                return port;
            }
        }
        throw new IOException("no port free on all of " + addresses);
    }

    private static boolean bindable(String address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(String address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops every node (SIGTERM, SIGKILL after 30 s), last started first. */
    @Override
    public void close() throws InterruptedException {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void kill() {
        for (Servers.Server server : List.copyOf(servers)) {
            server.process.destroyForcibly();
        }
    }
}
