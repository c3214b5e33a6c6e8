package io.distdb.bench.ycsb;

import io.distdb.bench.tls.BenchCertificates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs YCSB workloads against a DistDB node and against Redis, one server at a time on the same
 * machine with the same YCSB parameters, then SQL point selects and inserts against the DistDB node
 * (HTTP, and through its PostgreSQL wire protocol listener with pgjdbc) and PostgreSQL, optionally a
 * COPY of many rows in and out of the node and PostgreSQL, and prints the figures side by side
 * (stdout, and Markdown to {@code --out}).
 *
 * <p>Order: DistDB node started, loaded, workloads in order, SQL over HTTP, stopped; then Redis
 * started, loaded, workloads, stopped; then a fresh DistDB node for SQL and COPY through pgjdbc,
 * stopped; then PostgreSQL started, SQL and COPY through pgjdbc, stopped. Every server gets a fresh
 * data directory and none runs while another is measured.
 */
public final class YcsbBenchmark {

    private static final String TABLE = "usertable";
    /** Report labels of the SQL targets. */
    static final String DISTDB_HTTP = "DistDB, HTTP";
    static final String DISTDB_PG = "DistDB, pgwire";
    static final String POSTGRES = "PostgreSQL";
    /** YCSB targets: one node each (distdb, cassandra, redis), or three nodes with replication factor 3. */
    static final List<String> SYSTEMS = List.of("distdb", "cassandra", "redis", "distdb3", "cassandra3");
    /** Nodes of a cluster run, and its replication factor. */
    static final int CLUSTER_NODES = 3;
    /** Virtual nodes per DistDB node in a cluster run, as the cluster benchmark uses. */
    static final int DISTDB_VNODES = 64;

    private final Map<String, String> options;
    private final Path root;
    private final Path logs;
    private final int records;
    private final int threads;
    private final int seconds;
    private final int warmupSeconds;
    private final List<String> workloads;
    private final List<String> systems;
    private final List<String> sqlTargets;
    private final List<String> nodeJvmFlags;
    /** {@code -Xms}/{@code -Xmx} of every server JVM, DistDB's and Cassandra's alike ({@code --heap}). */
    private final List<String> heapFlags;
    /** Consistency level of reads and writes against three nodes with replication factor 3 (both systems). */
    private final String clusterConsistency;
    /** The runtime classpath of Apache Cassandra, as {@code dependency:build-classpath} writes it. */
    private final Path cassandraClasspath;
    /** The runner's arguments, for the report. */
    private String commandLine = "";
    /** Only the SQL point selects: no YCSB load or workloads, no Redis. */
    private final boolean sqlOnly;
    /** SQL point selects with the id as a parameter (default) or pasted into the text as a literal. */
    private final boolean sqlParams;
    /** After the selects, the same threads insert new rows for the same time (default true). */
    private final boolean sqlInserts;
    /** COPY targets ({@code distdb-pg}, {@code postgres}); none by default. */
    private final List<String> copyTargets;
    private final int copyRows;
    /** Rows per COPY FROM statement (0: all in one). */
    private final int copyStatementRows;
    /**
     * TLS off against on: two fresh DistDB nodes, one plain and one with TLS on every port, loaded and measured
     * under the same workloads, phase by phase; no Redis, no SQL.
     */
    private final boolean tlsCompare;
    /** system -> phase -> YCSB client JVM CPU µs per operation (-1 unknown). */
    private final Map<String, Map<String, Double>> clientCpu = new LinkedHashMap<>();
    /** Protocol and cipher suite of the TLS node's client port, as the binding's context negotiates them. */
    private String tlsNegotiated = "?";
    /** Extra environment of every DistDB node started, {@code --node-env=NAME=VALUE,...}. */
    private final Map<String, String> nodeEnv = new LinkedHashMap<>();

    /** system -> phase ("load", "a", ...) -> result. */
    private final Map<String, Map<String, YcsbRun.Result>> ycsb = new LinkedHashMap<>();
    /** system -> phase -> 1-minute load average just before it: other work on the machine shows here. */
    private final Map<String, Map<String, String>> loadAverages = new LinkedHashMap<>();
    /** system -> phase -> resident memory of all its server processes at the end of the phase, bytes. */
    private final Map<String, Map<String, Long>> serverRss = new LinkedHashMap<>();
    /** system -> what the report says of it (nodes, settings, binding). */
    private final Map<String, String> descriptions = new LinkedHashMap<>();
    /** system -> phase -> server process CPU µs per YCSB operation. */
    private final Map<String, Map<String, Double>> serverCpu = new LinkedHashMap<>();
    /** SQL target -> result, or the reason it could not run. */
    private final Map<String, Object> sql = new LinkedHashMap<>();
    /** COPY target -> result, or the reason it could not run. */
    private final Map<String, Object> copy = new LinkedHashMap<>();

    private YcsbBenchmark(Map<String, String> options) {
        this.options = options;
        root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        logs = Path.of(options.getOrDefault("logs", root.resolve("bench/ycsb/target/results").toString()));
        records = Integer.parseInt(options.getOrDefault("records", "100000"));
        threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        seconds = Integer.parseInt(options.getOrDefault("seconds", "40"));
        warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "60"));
        tlsCompare = Boolean.parseBoolean(options.getOrDefault("tls-compare", "false"));
        workloads = list(options.getOrDefault("workloads", tlsCompare ? "c,a" : "a,b,c,e"));
        String target = options.getOrDefault("target", "single");
        if (!target.equals("single") && !target.equals("cluster")) {
            throw new IllegalArgumentException("--target is single or cluster, not " + target);
        }
        boolean cluster = target.equals("cluster");
        systems = tlsCompare ? List.of("distdb", "distdb-tls")
                : list(options.getOrDefault("systems", cluster ? "distdb3,cassandra3" : "distdb,cassandra,redis"));
        for (String system : systems) {
            if (!tlsCompare && !SYSTEMS.contains(system)) {
                throw new IllegalArgumentException("unknown system " + system + ": one of " + SYSTEMS);
            }
        }
        // The SQL phases compare one node with PostgreSQL: by default only where one DistDB node is measured.
        boolean oneDistdbNode = systems.contains("distdb");
        sqlTargets = list(options.getOrDefault("sql", tlsCompare || !oneDistdbNode ? "none" : "distdb,distdb-pg,postgres"));
        if (tlsCompare && (options.containsKey("systems") || !sqlTargets.isEmpty()
                || Boolean.parseBoolean(options.getOrDefault("sql-only", "false")))) {
            throw new IllegalArgumentException("--tls-compare=true runs two DistDB nodes only: no --systems, --sql or --sql-only");
        }
        String heap = options.getOrDefault("heap", "2g");
        heapFlags = heap.equals("none") ? List.of() : List.of("-Xms" + heap, "-Xmx" + heap);
        List<String> flags = new ArrayList<>(heapFlags);
        // After the heap: a -Xmx of --node-jvm-flags wins, the JVM taking the last.
        Arrays.stream(options.getOrDefault("node-jvm-flags", "").split("\\s+")).filter(f -> !f.isEmpty())
                .forEach(flags::add);
        nodeJvmFlags = List.copyOf(flags);
        clusterConsistency = options.getOrDefault("cluster-consistency", "QUORUM");
        cassandraClasspath = root.resolve(options.getOrDefault("cassandra-classpath",
                "bench/ycsb/cassandra/target/cassandra.classpath"));
        sqlOnly = Boolean.parseBoolean(options.getOrDefault("sql-only", "false"));
        sqlParams = Boolean.parseBoolean(options.getOrDefault("sql-params", "true"));
        sqlInserts = Boolean.parseBoolean(options.getOrDefault("sql-inserts", "true"));
        copyTargets = list(options.getOrDefault("copy", "none"));
        copyRows = Integer.parseInt(options.getOrDefault("copy-rows", "1000000"));
        copyStatementRows = Integer.parseInt(options.getOrDefault("copy-statement-rows", "0"));
        for (String e : list(options.getOrDefault("node-env", ""))) {
            if (!e.contains("=")) {
                throw new IllegalArgumentException("--node-env wants NAME=VALUE,...: " + e);
            }
            nodeEnv.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        for (String t : sqlTargets) {
            if (!List.of("distdb", "distdb-pg", "postgres").contains(t)) {
                throw new IllegalArgumentException("unknown --sql target " + t + ": distdb, distdb-pg, postgres or none");
            }
        }
        for (String t : copyTargets) {
            if (!List.of("distdb-pg", "postgres").contains(t)) {
                throw new IllegalArgumentException("unknown --copy target " + t + ": distdb-pg, postgres or none");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || !arg.startsWith("--") || !arg.contains("=")) {
                usage();
                System.exit(arg.equals("--help") ? 0 : 2);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        YcsbBenchmark benchmark = new YcsbBenchmark(options);
        benchmark.commandLine = "java -jar bench/ycsb/target/distdb-ycsb.jar " + String.join(" ", args);
        benchmark.run();
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar distdb-ycsb.jar [--flag=value ...]
                  --root=.                 repository root (node jar, workload files)
                  --records=100000         YCSB recordcount
                  --threads=8              YCSB client threads, and SQL client threads
                  --seconds=40             cap of each transaction phase (YCSB maxexecutiontime)
                  --warmup-seconds=60      untimed workload A after the load, before the timed phases, in the
                                           same client JVM (its progress, like every phase's, printed every 10 s)
                  --workloads=a,b,c,e      run in this order after one load
                  --target=single          single: one DistDB node, one Cassandra node (consistency ONE) and
                                           Redis; cluster: three DistDB nodes and three Cassandra nodes, each
                                           with replication factor 3 at --cluster-consistency; one at a time
                  --systems=               YCSB targets instead of the --target's, in order (the first is the
                                           numerator of the ratios): distdb, cassandra, redis, distdb3, cassandra3
                  --heap=2g                -Xms and -Xmx of every DistDB and Cassandra JVM (none: the JVM's default)
                  --cluster-consistency=QUORUM
                                           consistency of every read and write against three nodes, both systems
                  --cassandra-classpath=bench/ycsb/cassandra/target/cassandra.classpath
                                           Cassandra's runtime jars (dependency:build-classpath of bench/ycsb/cassandra)
                  --sql=distdb,distdb-pg,postgres
                                           SQL point-select and insert targets (none by default with
                                           --target=cluster): distdb = the node's POST /sql,
                                           distdb-pg = the node's PostgreSQL listener through pgjdbc (a fresh
                                           node), postgres = PostgreSQL through pgjdbc (none: skip)
                  --sql-rows=20000         rows in the SQL table
                  --sql-seconds=20         timed SQL phase (after a 5 s warm-up)
                  --sql-only=false         true: only the SQL point selects (no YCSB, no Redis)
                  --sql-params=true        false: the select (and insert) as text with the values as literals
                  --sql-inserts=true       after the selects, single-row INSERTs of new rows for --sql-seconds
                  --copy=none              COPY targets, after the SQL phases: distdb-pg,postgres (pgjdbc CopyManager)
                  --copy-rows=1000000      rows of the timed COPY FROM STDIN (then COPY TO STDOUT of them)
                  --copy-statement-rows=0  rows per COPY FROM statement, one after the other (0: all in one)
                  --node-jvm-flags=        JVM flags of the DistDB nodes, space separated, after --heap's
                  --node-env=              environment of the DistDB node, NAME=VALUE,... (e.g. DISTDB_SQL_MEMORY_BUDGET=...)
                  --tls-compare=false      true: TLS off against on, two fresh DistDB nodes side by side (one plain, one
                                           with a generated CA and DISTDB_TLS_*; the binding over HTTPS trusting that CA),
                                           both loaded, then every workload (default c,a) on each in alternating order;
                                           no Redis, no SQL
                  --distdb-port=0 --distdb-pg-port=0 --redis-port=0 --postgres-port=0
                                           loopback ports of the servers started (0: a free one)
                  --pg-bin=/usr/lib/postgresql/15/bin
                  --logs=bench/ycsb/target/results   YCSB outputs and server logs
                  --out=FILE               Markdown copy of the report""");
    }

    private void run() throws Exception {
        Files.createDirectories(logs);
        Path data = Files.createTempDirectory("distdb-ycsb");
        try {
            if (tlsCompare) {
                runTlsCompare(data);
            } else if (sqlOnly) {
                if (sqlTargets.contains("distdb")) {
                    runDistdbSqlOnly(data);
                }
            } else {
                for (String system : systems) {
                    runSystem(system, data);
                }
            }
            if (sqlTargets.contains("distdb-pg") || copyTargets.contains("distdb-pg")) {
                runDistdbPg(data);
            }
            if (sqlTargets.contains("postgres") || copyTargets.contains("postgres")) {
                runPostgres();
            }
        } finally {
            deleteTree(data);
        }
        String report = report();
        System.out.println(report);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), report, StandardCharsets.UTF_8);
        }
    }

    private void runSystem(String system, Path data) throws Exception {
        Path dir = Files.createDirectories(data.resolve(system));
        long starting = System.nanoTime();
        try (SystemUnderTest sut = start(system, dir); ClientJvm client = ClientJvm.start()) {
            progress(String.format(Locale.ROOT, "%s: %d server process(es) ready after %.0f s, resident %,d MB",
                    system, sut.processCount(), (System.nanoTime() - starting) / 1e9, sut.rssBytes() / 1_000_000));
            Map<String, YcsbRun.Result> results = new LinkedHashMap<>();
            ycsb.put(system, results);
            loadAverages.put(system, new LinkedHashMap<>());
            serverCpu.put(system, new LinkedHashMap<>());
            clientCpu.put(system, new LinkedHashMap<>());
            serverRss.put(system, new LinkedHashMap<>());
            Map<String, String> properties = new LinkedHashMap<>(sut.properties);
            properties.put("recordcount", Integer.toString(records));
            properties.put("table", TABLE);
            properties.put("measurementtype", "hdrhistogram");
            properties.put("hdrhistogram.percentiles", "50,99");
            properties.put("status.interval", "10");
            progress(system + ": load " + records + " records");
            Map<String, String> load = new LinkedHashMap<>(properties);
            load.put("operationcount", Integer.toString(records)); // required by YCSB even for -load
            phase(system, sut, client, "load", true, load);
            progress(system + ": data directory after load " + Servers.diskBytes(dir) / 1_000_000 + " MB");
            if (warmupSeconds > 0) {
                // Untimed, for every system alike: the servers' JITs and the client's compile their read and write
                // paths here, and the progress lines show whether the rate has settled before the first timed phase.
                Map<String, String> p = new LinkedHashMap<>(properties);
                p.put("operationcount", "100000000");
                p.put("maxexecutiontime", Integer.toString(warmupSeconds));
                progress(system + ": warm-up, workload A for " + warmupSeconds + " s (not reported)");
                client.run(command(system + " warm-up", false, sut.dbClass, "a", p, system + "-warmup.txt"));
            }
            for (String w : workloads) {
                Map<String, String> p = new LinkedHashMap<>(properties);
                p.put("operationcount", Long.toString(operationCount(w)));
                p.put("maxexecutiontime", Integer.toString(seconds));
                progress(system + ": workload " + w);
                phase(system, sut, client, w, false, p);
            }
            if (system.equals("distdb") && sqlTargets.contains("distdb")) {
                runSql(DISTDB_HTTP, SqlPointSelect.distdb(properties.get("distdb.url"), sqlParams), sut::cpuMicros);
            }
            progress(system + ": stopping");
        }
    }

    /**
     * One timed YCSB phase in the system's client JVM: its result, the load average before it, server and client
     * CPU per operation, server memory after.
     */
    private void phase(String system, SystemUnderTest sut, ClientJvm client, String phase, boolean load,
            Map<String, String> p) throws IOException {
        sut.checkAlive();
        loadAverages.get(system).put(phase, loadAverage());
        long cpu = sut.cpuMicros();
        YcsbRun.Result r = client.run(command(system + " " + phaseName(phase), load, sut.dbClass, phase, p,
                system + (load ? "-load.txt" : "-workload" + phase + ".txt")));
        ycsb.get(system).put(phase, r);
        serverCpu.get(system).put(phase, cpuPerOp(sut.cpuMicros() - cpu, r));
        clientCpu.get(system).put(phase, cpuPerOp(r.clientCpuMicros(), r));
        serverRss.get(system).put(phase, sut.rssBytes());
        progress(String.format(Locale.ROOT,
                "%s %s: %,.0f ops/s, server CPU %.1f us/op, client CPU %.1f us/op, resident %,d MB, %d failed",
                system, phaseName(phase), r.throughput(), serverCpu.get(system).get(phase),
                clientCpu.get(system).get(phase), serverRss.get(system).get(phase) / 1_000_000, r.failures()));
    }

    /** A phase for a client JVM: workload {@code phase}'s file (A's for the load), its output in {@link #logs}. */
    private PhaseCommand command(String label, boolean load, String dbClass, String phase, Map<String, String> p,
            String output) {
        return new PhaseCommand(label, load, dbClass, workload(load ? "a" : phase).toString(), p, threads,
                logs.resolve(output).toString());
    }

    /** Starts {@code system} with its data under {@code dir}; returns once it serves the binding. */
    private SystemUnderTest start(String system, Path dir) throws Exception {
        Path jar = root.resolve("dbnode/server/target/quarkus-app/quarkus-run.jar");
        String heap = heapFlags.isEmpty() ? "the JVM's default heap" : String.join(" ", heapFlags);
        switch (system) {
            case "distdb" -> {
                int port = port("distdb-port");
                int pgPort = distdbPgPort();
                progress("starting DistDB node " + jar + " on port " + port + " (PostgreSQL listener on " + pgPort + ")");
                Servers.Server server = Servers.distdb(jar, nodeJvmFlags, nodeEnv, dir, port, pgPort, logs);
                descriptions.put(system, "one node, `DISTDB_DURABILITY=interval`, `DISTDB_SYNC_INTERVAL_MILLIS=1000`, "
                        + "JVM flags: " + (nodeJvmFlags.isEmpty() ? "(none)" : String.join(" ", nodeJvmFlags))
                        + (nodeEnv.isEmpty() ? "" : ", environment " + nodeEnv)
                        + "; binding: HTTP/1.1 keep-alive (Apache HttpClient 5 classic) with JSON (Jackson), one "
                        + "connection per client thread, consistency ONE; update = one PATCH (JSON merge patch) of "
                        + "the changed fields");
                return SystemUnderTest.of(DistDbClient.class.getName(),
                        Map.of("distdb.url", "http://127.0.0.1:" + port, "distdb.consistency", "ONE"), server);
            }
            case "redis" -> {
                int port = port("redis-port");
                progress("starting redis-server on port " + port);
                Servers.Server server = Servers.redis(dir, port, logs);
                descriptions.put(system, firstLine("redis-server", "--version")
                        + ", `appendonly yes`, `appendfsync everysec`, no RDB snapshots; binding: Jedis, "
                        + "one connection per client thread; the in-memory reference");
                return SystemUnderTest.of(RedisClient.class.getName(), Map.of("redis.port", Integer.toString(port)),
                        server);
            }
            case "cassandra", "cassandra3" -> {
                int nodes = system.equals("cassandra") ? 1 : CLUSTER_NODES;
                String consistency = nodes == 1 ? "ONE" : clusterConsistency;
                progress("starting " + nodes + " Apache Cassandra node(s) from " + cassandraClasspath + ", " + heap);
                CassandraNodes cassandra = CassandraNodes.start(cassandraClasspath, nodes, heapFlags, dir, logs, TABLE);
                descriptions.put(system, cassandraVersion() + ", " + (nodes == 1 ? "one node" : nodes + " nodes on "
                        + String.join(", ", cassandra.addresses)) + ", keyspace SimpleStrategy replication factor "
                        + nodes + ", " + CassandraConfig.DEFAULT_NUM_TOKENS + " tokens per node, "
                        + "`commitlog_sync: periodic`, `commitlog_sync_period: 1000ms`, other settings Cassandra's "
                        + "defaults; JVM: the options of Cassandra's jvm-server.options and jvm17-server.options "
                        + "(G1, assertions on) without `-XX:+AlwaysPreTouch`, " + heap
                        + "; binding: Java driver " + driverVersion() + ", one session for all client threads "
                        + "(token-aware, one connection per node), prepared statements, consistency " + consistency
                        + "; scan = `token(y_id) >= token(?) LIMIT ?`");
                return new SystemUnderTest(CassandraClient.class.getName(),
                        Map.of("cassandra.hosts", cassandra.hosts(), "cassandra.port", Integer.toString(cassandra.nativePort),
                                "cassandra.consistency", consistency),
                        cassandra.servers.stream().map(s -> s.process.toHandle()).toList(),
                        () -> {
                            for (Servers.Server s : cassandra.servers) {
                                s.checkAlive();
                            }
                        },
                        cassandra::close);
            }
            case "distdb3" -> {
                return startDistdbCluster(jar, dir);
            }
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
    }

    /**
     * Three DistDB nodes of a static cluster with replication factor 3 ({@link io.distdb.bench.cluster.LocalNodes},
     * as the cluster benchmark starts them), the client threads spread over the nodes, each request at
     * {@link #clusterConsistency}.
     */
    private SystemUnderTest startDistdbCluster(Path jar, Path dir) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(nodeEnv);
        env.put("DISTDB_DURABILITY", "interval");
        env.put("DISTDB_SYNC_INTERVAL_MILLIS", "1000");
        env.put("DISTDB_PG_ENABLED", "false");
        io.distdb.bench.cluster.LocalNodes local = new io.distdb.bench.cluster.LocalNodes(jar, nodeJvmFlags, dir, logs,
                "admin-" + java.util.UUID.randomUUID(), env, false);
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= CLUSTER_NODES; i++) {
                ids.add("n" + i);
            }
            List<io.distdb.bench.cluster.LocalNodes.Node> nodes =
                    local.createStatic("distdb3", ids, CLUSTER_NODES, DISTDB_VNODES);
            for (io.distdb.bench.cluster.LocalNodes.Node n : nodes) {
                // The metadata group's port, by default the admin port + 100: free ones, as the cluster benchmark does.
                n.env.put("DISTDB_METADATA_PORT", Integer.toString(Servers.freePort()));
            }
            progress("starting " + CLUSTER_NODES + " DistDB nodes " + jar + " (static cluster, replication factor "
                    + CLUSTER_NODES + ")");
            local.startAll(nodes);
            descriptions.put("distdb3", CLUSTER_NODES + " nodes of a static cluster (`DISTDB_CLUSTER_NODES`), "
                    + "replication factor " + CLUSTER_NODES + ", " + DISTDB_VNODES + " vnodes per node, "
                    + "`DISTDB_DURABILITY=interval`, `DISTDB_SYNC_INTERVAL_MILLIS=1000`, JVM flags: "
                    + (nodeJvmFlags.isEmpty() ? "(none)" : String.join(" ", nodeJvmFlags))
                    + (nodeEnv.isEmpty() ? "" : ", environment " + nodeEnv)
                    + "; binding: as for one node, client thread i on node i mod " + CLUSTER_NODES
                    + ", every request with `X-DistDB-Consistency: " + clusterConsistency + "`");
            String urls = String.join(",", nodes.stream().map(io.distdb.bench.cluster.LocalNodes.Node::baseUri).toList());
            return new SystemUnderTest(DistDbClient.class.getName(),
                    Map.of("distdb.url", urls, "distdb.consistency", clusterConsistency),
                    nodes.stream().map(n -> n.process().toHandle()).toList(),
                    () -> {
                        for (io.distdb.bench.cluster.LocalNodes.Node n : nodes) {
                            n.checkAlive();
                        }
                    },
                    local::close);
        } catch (Exception e) {
            local.close();
            throw e;
        }
    }

    /** The version of the Cassandra jar on its classpath, from the jar's file name. */
    private String cassandraVersion() {
        try {
            for (String jar : Files.readString(cassandraClasspath).strip().split(":")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("cassandra-all-([^/]+)\\.jar$").matcher(jar);
                if (m.find()) {
                    return "Apache Cassandra " + m.group(1);
                }
            }
        } catch (IOException unreadable) {
            // below
        }
        return "Apache Cassandra";
    }

    private static String driverVersion() {
        try {
            return com.datastax.oss.driver.api.core.session.Session.OSS_DRIVER_COORDINATES.getVersion().toString();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    /**
     * Two fresh nodes with the same settings, started side by side: {@code distdb} in plain text and
     * {@code distdb-tls} with a node certificate of a CA made for the run ({@code DISTDB_TLS_*}: HTTPS only on the
     * client port). Both are loaded (plain first), both warmed up, then each workload runs on one and then the
     * other, the plain node first for the 1st, 3rd, ... workload and the TLS node first for the others, so that
     * both see the same background load. The PostgreSQL listener is off on both.
     */
    private void runTlsCompare(Path data) throws Exception {
        Path jar = root.resolve("dbnode/server/target/quarkus-app/quarkus-run.jar");
        BenchCertificates certs = BenchCertificates.create(data.resolve("tls"));
        javax.net.ssl.SSLContext trust = DistDbClient.trusting(certs.caFile());
        // Two nodes at once: each its own admin port (the default, 9090, would be taken by the first).
        Map<String, String> plainEnv = new LinkedHashMap<>(nodeEnv);
        plainEnv.put("DISTDB_ADMIN_PORT", Integer.toString(Servers.freePort()));
        Map<String, String> tlsEnv = new LinkedHashMap<>(nodeEnv);
        tlsEnv.put("DISTDB_ADMIN_PORT", Integer.toString(Servers.freePort()));
        tlsEnv.putAll(certs.nodeEnv(certs.node("distdb-ycsb", "node")));
        int plainPort = port("distdb-port");
        int tlsPort = Servers.freePort();
        progress("starting two DistDB nodes " + jar + ": plain on port " + plainPort + ", TLS on port " + tlsPort);
        Map<String, Servers.Server> servers = new LinkedHashMap<>();
        Map<String, ClientJvm> clients = new LinkedHashMap<>();
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        try (Servers.Server plain = Servers.distdb(jar, nodeJvmFlags, plainEnv,
                Files.createDirectories(data.resolve("distdb")), plainPort, 0, logs);
             Servers.Server secure = Servers.distdb(jar, nodeJvmFlags, tlsEnv,
                     Files.createDirectories(data.resolve("distdb-tls")), tlsPort, 0, logs, trust)) {
            servers.put("distdb", plain);
            servers.put("distdb-tls", secure);
            // One client JVM per node, as per system elsewhere: each warmed by its own node's warm-up.
            for (String system : systems) {
                clients.put(system, ClientJvm.start());
            }
            tlsNegotiated = negotiated(trust, tlsPort);
            progress("TLS node negotiates " + tlsNegotiated);
            for (String system : systems) {
                Map<String, String> p = new LinkedHashMap<>();
                boolean tls = system.equals("distdb-tls");
                p.put("distdb.url", (tls ? "https" : "http") + "://127.0.0.1:" + (tls ? tlsPort : plainPort));
                if (tls) {
                    p.put("distdb.ca-file", certs.caFile().toString());
                }
                p.put("recordcount", Integer.toString(records));
                p.put("table", TABLE);
                p.put("measurementtype", "hdrhistogram");
                p.put("hdrhistogram.percentiles", "50,99");
                p.put("status.interval", "10");
                properties.put(system, p);
                ycsb.put(system, new LinkedHashMap<>());
                loadAverages.put(system, new LinkedHashMap<>());
                serverCpu.put(system, new LinkedHashMap<>());
                clientCpu.put(system, new LinkedHashMap<>());
            }
            for (String system : systems) {
                Map<String, String> load = new LinkedHashMap<>(properties.get(system));
                load.put("operationcount", Integer.toString(records)); // required by YCSB even for -load
                progress(system + ": load " + records + " records");
                measure(system, servers.get(system), clients.get(system), "load", true, load);
            }
            if (warmupSeconds > 0) {
                for (String system : systems) {
                    Map<String, String> p = new LinkedHashMap<>(properties.get(system));
                    p.put("operationcount", "100000000");
                    p.put("maxexecutiontime", Integer.toString(warmupSeconds));
                    progress(system + ": warm-up, workload A for " + warmupSeconds + " s (not reported)");
                    clients.get(system).run(command(system + " warm-up", false, DistDbClient.class.getName(), "a", p,
                            system + "-warmup.txt"));
                }
            }
            for (int i = 0; i < workloads.size(); i++) {
                String w = workloads.get(i);
                List<String> order = i % 2 == 0 ? systems : List.of(systems.get(1), systems.get(0));
                for (String system : order) {
                    Map<String, String> p = new LinkedHashMap<>(properties.get(system));
                    p.put("operationcount", Long.toString(operationCount(w)));
                    p.put("maxexecutiontime", Integer.toString(seconds));
                    progress(system + ": workload " + w);
                    measure(system, servers.get(system), clients.get(system), w, false, p);
                }
            }
        } finally {
            for (ClientJvm client : clients.values()) {
                client.close();
            }
        }
    }

    /** One timed YCSB phase against {@code server}: its result, load average before, server and client CPU. */
    private void measure(String system, Servers.Server server, ClientJvm client, String phase, boolean load,
            Map<String, String> p) throws IOException {
        server.checkAlive();
        loadAverages.get(system).put(phase, loadAverage());
        long cpu = server.cpuMicros();
        YcsbRun.Result r = client.run(command(system + " " + phaseName(phase), load, DistDbClient.class.getName(),
                phase, p, system + (load ? "-load.txt" : "-workload" + phase + ".txt")));
        ycsb.get(system).put(phase, r);
        serverCpu.get(system).put(phase, cpuPerOp(server.cpuMicros() - cpu, r));
        clientCpu.get(system).put(phase, r.clientCpuMicros() < 0 ? -1 : cpuPerOp(r.clientCpuMicros(), r));
        progress(String.format(Locale.ROOT, "%s %s: %.0f ops/s, server CPU %.1f us/op, %d failed", system, phase,
                r.throughput(), serverCpu.get(system).get(phase), r.failures()));
    }

    /** The protocol and cipher suite a handshake with {@code context} to 127.0.0.1:{@code port} settles on. */
    private static String negotiated(javax.net.ssl.SSLContext context, int port) {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        } catch (IOException e) {
            return "? (" + e + ")";
        }
    }

    /** A fresh DistDB node with nothing but the SQL table. */
    private void runDistdbSqlOnly(Path data) throws Exception {
        Path dir = Files.createDirectories(data.resolve("distdb"));
        int port = port("distdb-port");
        Path jar = root.resolve("dbnode/server/target/quarkus-app/quarkus-run.jar");
        int pgPort = distdbPgPort();
        progress("starting DistDB node " + jar + " on port " + port + " (PostgreSQL listener on " + pgPort
                + "), SQL over HTTP only");
        try (Servers.Server server = Servers.distdb(jar, nodeJvmFlags, nodeEnv, dir, port, pgPort, logs)) {
            runSql(DISTDB_HTTP, SqlPointSelect.distdb("http://127.0.0.1:" + port, sqlParams), server::cpuMicrosWithChildren);
        }
    }

    /** A fresh DistDB node: SQL through its PostgreSQL listener with pgjdbc, then COPY. */
    private void runDistdbPg(Path data) throws Exception {
        Path dir = Files.createDirectories(data.resolve("distdb-pg"));
        int port = port("distdb-port");
        int pgPort = distdbPgPort();
        Path jar = root.resolve("dbnode/server/target/quarkus-app/quarkus-run.jar");
        progress("starting DistDB node " + jar + " on port " + port + " (PostgreSQL listener on " + pgPort
                + "), SQL through pgjdbc");
        try (Servers.Server server = Servers.distdb(jar, nodeJvmFlags, nodeEnv, dir, port, pgPort, logs)) {
            String url = Servers.distdbPgUrl(pgPort);
            if (sqlTargets.contains("distdb-pg")) {
                runSql(DISTDB_PG, SqlPointSelect.jdbc(url, sqlParams), server::cpuMicrosWithChildren);
            }
            if (copyTargets.contains("distdb-pg")) {
                runCopy(DISTDB_PG, url, server);
            }
        }
    }

    private int distdbPgPort() throws IOException {
        return port("distdb-pg-port");
    }

    /**
     * The port of a server to start: {@code --NAME=N}, or by default (and for 0) a free one, so that runs do not
     * collide with other servers on a shared machine. A port something already listens on is refused.
     */
    private int port(String name) throws IOException {
        int port = Integer.parseInt(options.getOrDefault(name, "0"));
        if (port <= 0) {
            return Servers.freePort();
        }
        if (Servers.accepts(port)) {
            throw new IOException("--" + name + "=" + port + ": something already listens on 127.0.0.1:" + port);
        }
        return port;
    }

    /**
     * Large enough that the time cap ends the phase; but where a workload inserts, YCSB sizes its zipfian
     * key space by the operation count (expected new keys = 2 x inserts), and keys it picks above the
     * ones inserted so far are drawn again: so there, as many operations as records.
     */
    private long operationCount(String w) throws IOException {
        boolean inserts = Files.readAllLines(workload(w)).stream()
                .anyMatch(l -> l.startsWith("insertproportion=") && Double.parseDouble(l.split("=")[1]) > 0);
        return inserts ? records : 100_000_000L;
    }

    private void runPostgres() throws Exception {
        Path dir = Files.createTempDirectory("distdb-ycsb-pg");
        int port = port("postgres-port");
        Path bin = Path.of(options.getOrDefault("pg-bin", "/usr/lib/postgresql/15/bin"));
        try {
            progress("starting PostgreSQL " + bin + " on port " + port);
            try (Servers.Server server = Servers.postgres(bin, dir, port, logs)) {
                if (sqlTargets.contains("postgres")) {
                    runSql(POSTGRES, SqlPointSelect.jdbc(Servers.postgresUrl(port), sqlParams), server::cpuMicrosWithChildren);
                }
                if (copyTargets.contains("postgres")) {
                    runCopy(POSTGRES, Servers.postgresUrl(port), server);
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void runSql(String target, SqlPointSelect.SessionFactory sessions, java.util.function.LongSupplier serverCpuMicros) {
        int rows = Integer.parseInt(options.getOrDefault("sql-rows", "20000"));
        int sqlSeconds = Integer.parseInt(options.getOrDefault("sql-seconds", "20"));
        progress(target + ": SQL table of " + rows + " rows, then point selects for " + sqlSeconds + " s"
                + (sqlInserts ? ", then inserts for " + sqlSeconds + " s" : ""));
        try {
            SqlPointSelect.Result result = SqlPointSelect.run(sessions, rows, threads, 5, sqlSeconds, sqlInserts,
                    YcsbBenchmark::loadAverageOrUnknown, serverCpuMicros);
            progress(String.format(Locale.ROOT, "%s: %.0f selects/s, p50 %.0f us, p99 %.0f us, %d failed, server CPU %.1f us/select",
                    target, result.throughput(), result.p50(), result.p99(), result.failures(), result.serverCpuPerOp()));
            SqlPointSelect.Inserts in = result.inserts();
            if (in != null) {
                progress(String.format(Locale.ROOT,
                        "%s: %.0f inserts/s, p50 %.0f us, p99 %.0f us, %d failed, count(*) after %d (expected %d), server CPU %.1f us/insert",
                        target, in.throughput(), in.p50(), in.p99(), in.failures(), in.countAfter(),
                        rows + in.succeeded(), in.serverCpuPerOp()));
            }
            sql.put(target, result);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            progress(target + ": SQL point selects could not run: " + cause);
            sql.put(target, "could not run: " + cause.getMessage());
        }
    }

    private void runCopy(String target, String jdbcUrl, Servers.Server server) {
        int warmup = Math.min(copyRows / 10, 100_000);
        progress(target + ": COPY of " + copyRows + " rows in and out (after " + warmup + " untimed)");
        try {
            copy.put(target, SqlCopy.run(jdbcUrl, copyRows, copyStatementRows, warmup, YcsbBenchmark::loadAverageOrUnknown,
                    server::cpuMicrosWithChildren));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && !(e instanceof java.sql.SQLException) ? e.getCause() : e;
            progress(target + ": COPY could not run: " + cause);
            copy.put(target, "could not run: " + cause.getMessage());
        }
    }

    private static String loadAverageOrUnknown() {
        try {
            return loadAverage();
        } catch (IOException e) {
            return "?";
        }
    }

    private Path workload(String name) {
        return root.resolve("bench/ycsb/workloads/workload" + name);
    }

    // ---- report ----

    private String report() throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", JVM ").append(System.getProperty("java.vm.version")).append("; ")
                .append(LocalDate.now()).append('\n');
        if (tlsCompare) {
            appendTlsCompare(out);
        } else if (!ycsb.isEmpty()) {
            appendYcsb(out);
        } else {
            out.append("- DistDB node: one node, `DISTDB_DURABILITY=interval`, `DISTDB_SYNC_INTERVAL_MILLIS=1000`, ")
                    .append("JVM flags: ").append(nodeJvmFlags.isEmpty() ? "(none)" : String.join(" ", nodeJvmFlags))
                    .append(nodeEnv.isEmpty() ? "" : ", environment " + nodeEnv)
                    .append("; HTTP: HTTP/1.1 keep-alive (Apache HttpClient 5 classic), one connection per client thread; ")
                    .append("pgwire: a fresh node, its PostgreSQL listener through pgjdbc ")
                    .append(org.postgresql.util.DriverInfo.DRIVER_VERSION).append(", no password\n");
            out.append("- PostgreSQL ").append(postgresVersion()).append(": `synchronous_commit=off`, `shared_buffers=256MB`; pgjdbc ")
                    .append(org.postgresql.util.DriverInfo.DRIVER_VERSION).append(", one connection per client thread\n");
            out.append("- client and servers share the same machine; one server runs at a time\n");
        }
        if (!sql.isEmpty()) {
            appendSql(out);
        }
        if (!copy.isEmpty()) {
            appendCopy(out);
        }
        return out.toString();
    }

    private void appendSql(StringBuilder out) {
        String sqlSeconds = options.getOrDefault("sql-seconds", "20");
        out.append(sqlParams
                ? "\nSQL point selects, `" + SqlPointSelect.SELECT + "` with the id as a parameter (DistDB HTTP: "
                        + "`POST /sql` with `params`; DistDB pgwire and PostgreSQL: the same pgjdbc code, a "
                        + "`PreparedStatement` per connection, server-side prepared after 5 executions), uniform ids, "
                : "\nSQL point selects, `SELECT * FROM usertable_sql WHERE id = '...'` as text (DistDB HTTP: "
                        + "`POST /sql`; DistDB pgwire and PostgreSQL: a plain JDBC `Statement`), uniform ids, ")
                .append(threads).append(" threads, ").append(sqlSeconds).append(" s after a 5 s warm-up (µs)")
                .append(sqlOnly ? "; SQL only, no YCSB before it" : "").append(":\n\n");
        out.append("| target | rows | load s | selects/s | / PostgreSQL | p50 | p99 | server CPU µs/select | client CPU µs/select | failed | load avg before |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Object p = sql.get(POSTGRES);
        sql.forEach((target, value) -> {
            if (value instanceof SqlPointSelect.Result r) {
                out.append("| ").append(target).append(" | ").append(num(r.rows())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", r.loadSeconds())).append(" | ")
                        .append(num(r.throughput())).append(" | ")
                        .append(p instanceof SqlPointSelect.Result rp
                                ? String.format(Locale.ROOT, "%.3f", r.throughput() / rp.throughput()) : "")
                        .append(" | ").append(num(r.p50())).append(" | ")
                        .append(num(r.p99())).append(" | ").append(cpu(r.serverCpuPerOp())).append(" | ")
                        .append(cpu(r.clientCpuPerOp())).append(" | ").append(r.failures()).append(" | ").append(r.loadAverage()).append(" |\n");
            } else {
                out.append("| ").append(target).append(" | ").append(value).append(" | | | | | | | | | |\n");
            }
        });
        YcsbRun.Result c = ycsb.containsKey("redis") ? ycsb.get("redis").get("c") : null;
        if (c != null && c.ops().containsKey("READ")) {
            YcsbRun.OpStats read = c.ops().get("READ");
            out.append("| reference: Redis HGETALL, workload C | ").append(num(records)).append(" |  | ")
                    .append(num(c.throughput())).append(" |  | ").append(num(read.p50())).append(" | ")
                    .append(num(read.p99())).append(" | ").append(cpu(serverCpu.get("redis").get("c"))).append(" |  | ")
                    .append(read.failures()).append(" | ").append(loadAverages.get("redis").get("c")).append(" |\n");
        }
        if (!sqlInserts) {
            return;
        }
        out.append(sqlParams
                ? "\nSQL inserts after the selects, `" + SqlPointSelect.INSERT + "` with new ids and the "
                        + "11 values as parameters (DistDB HTTP: `POST /sql` with `params`; DistDB pgwire and "
                        + "PostgreSQL: a `PreparedStatement` per connection), "
                : "\nSQL inserts after the selects, `INSERT INTO usertable_sql (...) VALUES ('...', ...)` as "
                        + "text with new ids (DistDB HTTP: `POST /sql`; DistDB pgwire and PostgreSQL: a plain JDBC "
                        + "`Statement`), ")
                .append(threads).append(" threads, ").append(sqlSeconds)
                .append(" s after a 5 s warm-up (µs); count after = `count(*)` once the phase is over, "
                        + "expected = rows loaded + inserts that succeeded (warm-up included):\n\n");
        out.append("| target | inserts/s | / PostgreSQL | p50 | p99 | server CPU µs/insert | client CPU µs/insert | failed | count after | expected | load avg before |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        sql.forEach((target, value) -> {
            if (value instanceof SqlPointSelect.Result r && r.inserts() != null) {
                SqlPointSelect.Inserts in = r.inserts();
                out.append("| ").append(target).append(" | ").append(num(in.throughput())).append(" | ")
                        .append(p instanceof SqlPointSelect.Result rp && rp.inserts() != null
                                ? String.format(Locale.ROOT, "%.3f", in.throughput() / rp.inserts().throughput()) : "")
                        .append(" | ").append(num(in.p50())).append(" | ").append(num(in.p99())).append(" | ")
                        .append(cpu(in.serverCpuPerOp())).append(" | ").append(cpu(in.clientCpuPerOp())).append(" | ")
                        .append(in.failures()).append(" | ").append(num(in.countAfter())).append(" | ")
                        .append(num(r.rows() + in.succeeded())).append(" | ").append(in.loadAverage())
                        .append(" |\n");
            }
        });
    }

    private void appendCopy(StringBuilder out) {
        out.append("\nCOPY through pgjdbc's `CopyManager`, one connection, text format: `COPY ").append(SqlCopy.TABLE)
                .append(" FROM STDIN` of ").append(num(copyRows)).append(" generated rows")
                .append(copyStatementRows > 0 && copyStatementRows < copyRows
                        ? " (" + num(Math.ceil((double) copyRows / copyStatementRows)) + " statements of "
                                + num(copyStatementRows) + " rows, one after the other)" : " (one statement)")
                .append(" into `").append(SqlCopy.TABLE)
                .append(" (id BIGINT PRIMARY KEY, name TEXT, note TEXT, qty INTEGER)`, then `COPY ")
                .append(SqlCopy.TABLE).append(" TO STDOUT` of the table; after an untimed COPY in and out of ")
                .append(num(Math.min(copyRows / 10, 100_000))).append(" rows into another table; ")
                .append("MB = 10^6 bytes of COPY text; check: rows and bytes as sent, the same lines:\n\n");
        out.append("| target | direction | rows | MB | seconds | rows/s | MB/s | / PostgreSQL | server CPU µs/row | check | load avg before |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        Object p = copy.get(POSTGRES);
        copy.forEach((target, value) -> {
            if (value instanceof SqlCopy.Result r) {
                for (boolean in : new boolean[] {true, false}) {
                    SqlCopy.Phase ph = in ? r.in() : r.out();
                    String ratio = "";
                    if (p instanceof SqlCopy.Result rp) {
                        ratio = String.format(Locale.ROOT, "%.3f",
                                ph.rowsPerSecond() / (in ? rp.in() : rp.out()).rowsPerSecond());
                    }
                    out.append("| ").append(target).append(" | ").append(in ? "FROM STDIN" : "TO STDOUT").append(" | ")
                            .append(num(ph.rows())).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f", ph.bytes() / 1e6)).append(" | ")
                            .append(String.format(Locale.ROOT, "%.2f", ph.seconds())).append(" | ")
                            .append(num(ph.rowsPerSecond())).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f", ph.megabytesPerSecond())).append(" | ")
                            .append(ratio).append(" | ")
                            .append(String.format(Locale.ROOT, "%.2f", ph.serverCpuPerRow())).append(" | ").append(ph.check()).append(" | ").append(ph.loadAverage())
                            .append(" |\n");
                }
            } else {
                out.append("| ").append(target).append(" | ").append(value).append(" | | | | | | | | | |\n");
            }
        });
    }

    private String postgresVersion() {
        try {
            Path bin = Path.of(options.getOrDefault("pg-bin", "/usr/lib/postgresql/15/bin"));
            return firstLine(bin.resolve("postgres").toString(), "--version").replace("postgres (PostgreSQL) ", "");
        } catch (Exception e) {
            return "?";
        }
    }

    private void appendYcsb(StringBuilder out) {
        out.append("- YCSB 0.17.0 core workloads ").append(String.join(", ", workloads).toUpperCase(Locale.ROOT))
                .append(": ").append(String.format(Locale.ROOT, "%,d", records))
                .append(" records of 10 fields x 100 bytes, ").append(threads).append(" client threads, ")
                .append("each transaction phase capped at ").append(seconds).append(" s; one load, an untimed ")
                .append(warmupSeconds).append(" s of workload A, then the workloads in order on the same data; ")
                .append("all phases of a system in one YCSB client JVM of its own (started before the load, the same ")
                .append("for every system), so that the warm-up warms the client too\n");
        for (String system : systems) {
            out.append("- ").append(name(system)).append(": ").append(descriptions.getOrDefault(system, "?")).append('\n');
        }
        out.append("- server CPU µs/op: user + system time of all the system's server processes during the phase ")
                .append("(`/proc/<pid>/stat`) over its operations; client CPU µs/op: the same for the YCSB client JVM; ")
                .append("resident: the servers' `VmRSS` added up at the end of the phase; load avg: the 1-minute load ")
                .append("average just before the phase\n");
        out.append("- client, servers and YCSB share the same machine; one system runs at a time (each stopped ")
                .append("before the next starts)\n");
        out.append("- command: `").append(commandLine).append("`\n\n");
        out.append(YcsbReport.render(systems, phases(), name -> name(name), ycsb, serverCpu, clientCpu, serverRss,
                loadAverages));
    }

    private List<String> phases() {
        List<String> phases = new ArrayList<>();
        phases.add("load");
        phases.addAll(workloads);
        return phases;
    }

    private void appendTlsCompare(StringBuilder out) {
        out.append("- YCSB 0.17.0 core workloads: load, then ").append(String.join(", ", workloads).toUpperCase(Locale.ROOT))
                .append("; ").append(String.format(Locale.ROOT, "%,d", records))
                .append(" records of 10 fields x 100 bytes, ").append(threads).append(" client threads, ")
                .append("each transaction phase capped at ").append(seconds).append(" s; after both loads an untimed ")
                .append(warmupSeconds).append(" s of workload A on each node, then every workload on both nodes, ")
                .append("each node's phases in one YCSB client JVM of its own, ")
                .append("the plain node first for the 1st, 3rd, ... workload, the TLS node first for the others\n");
        out.append("- two DistDB nodes running side by side (the idle one waits), each with a fresh data directory: ")
                .append("`DISTDB_DURABILITY=interval`, `DISTDB_SYNC_INTERVAL_MILLIS=1000`, PostgreSQL listener off, JVM flags: ")
                .append(nodeJvmFlags.isEmpty() ? "(none)" : String.join(" ", nodeJvmFlags))
                .append(nodeEnv.isEmpty() ? "" : ", environment " + nodeEnv)
                .append("; TLS on: `DISTDB_TLS_CERT_FILE`/`KEY_FILE`/`CA_FILE` from a CA made for the run (EC P-256, ")
                .append("as the operator makes), the client port HTTPS only; negotiated: ").append(tlsNegotiated).append('\n');
        out.append("- binding: Apache HttpClient 5 classic, HTTP/1.1 keep-alive, one connection per client thread (one ")
                .append("handshake per thread, then reused); with TLS an `SSLContext` trusting the run's CA, the host name ")
                .append("checked; update = one PATCH\n");
        out.append("- server CPU µs/op: the node process's CPU time during the phase over its operations; client CPU ")
                .append("µs/op: the YCSB client JVM's CPU time during the phase (`/proc/<pid>/stat`) over the same; ")
                .append("client, node and YCSB share the same cores\n\n");
        String off = systems.get(0);
        String on = systems.get(1);
        List<String> phases = new ArrayList<>();
        phases.add("load");
        phases.addAll(workloads);
        out.append("| workload | TLS off ops/s | TLS on ops/s | on/off | server CPU µs/op off | on | client CPU µs/op off | on ")
                .append("| failed ops off / on | load avg before off / on |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String phase : phases) {
            YcsbRun.Result a = ycsb.get(off).get(phase);
            YcsbRun.Result b = ycsb.get(on).get(phase);
            out.append("| ").append(phaseName(phase)).append(" | ").append(num(a.throughput())).append(" | ")
                    .append(num(b.throughput())).append(" | **")
                    .append(String.format(Locale.ROOT, "%.3f", b.throughput() / a.throughput())).append("** | ")
                    .append(cpu(serverCpu.get(off).get(phase))).append(" | ").append(cpu(serverCpu.get(on).get(phase)))
                    .append(" | ").append(cpu(clientCpu.get(off).get(phase))).append(" | ")
                    .append(cpu(clientCpu.get(on).get(phase))).append(" | ").append(a.failures()).append(" / ")
                    .append(b.failures()).append(" | ").append(loadAverages.get(off).get(phase)).append(" / ")
                    .append(loadAverages.get(on).get(phase)).append(" |\n");
        }
        out.append("\nLatency per operation type (µs, YCSB HdrHistogram):\n\n");
        out.append("| workload | operation | off p50 | on p50 | p50 on/off | off p99 | on p99 | p99 on/off |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String phase : phases) {
            for (Map.Entry<String, YcsbRun.OpStats> op : ycsb.get(off).get(phase).ops().entrySet()) {
                YcsbRun.OpStats a = op.getValue();
                YcsbRun.OpStats b = ycsb.get(on).get(phase).ops().get(op.getKey());
                if (b == null) {
                    continue;
                }
                out.append("| ").append(phaseName(phase)).append(" | ").append(op.getKey()).append(" | ")
                        .append(num(a.p50())).append(" | ").append(num(b.p50())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f", b.p50() / a.p50())).append(" | ")
                        .append(num(a.p99())).append(" | ").append(num(b.p99())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f", b.p99() / a.p99())).append(" |\n");
            }
        }
    }

    private static double cpuPerOp(long cpuMicros, YcsbRun.Result result) {
        long ops = result.ops().values().stream().mapToLong(o -> o.operations() + o.failures()).sum();
        return ops == 0 ? 0 : (double) cpuMicros / ops;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static String name(String system) {
        return switch (system) {
            case "distdb" -> "DistDB";
            case "redis" -> "Redis";
            case "cassandra" -> "Cassandra";
            case "distdb3" -> "DistDB x3";
            case "cassandra3" -> "Cassandra x3";
            default -> system;
        };
    }

    static String phaseName(String phase) {
        return phase.equals("load") ? "load (insert)" : phase.toUpperCase(Locale.ROOT);
    }

    private static String cpu(double microsPerOp) {
        return microsPerOp < 0 ? "" : String.format(Locale.ROOT, "%.1f", microsPerOp);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String firstLine(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return text.lines().findFirst().orElse("?");
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty() && !s.equals("none"))
                .toList();
    }

    /** Progress on stderr, with the time of day (to find a phase in a JFR recording of the node). */
    static void progress(String message) {
        System.err.println("[bench " + clock(0) + "] " + message);
    }

    /** The time of day {@code secondsFromNow} seconds from now, HH:MM:SS, as {@code jfr print} shows times. */
    static String clock(int secondsFromNow) {
        return java.time.LocalTime.now().plusSeconds(secondsFromNow)
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
