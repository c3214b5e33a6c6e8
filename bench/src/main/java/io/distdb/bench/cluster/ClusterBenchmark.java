package io.distdb.bench.cluster;

import io.distdb.bench.Flags;
import io.distdb.bench.Progress;
import io.distdb.bench.ProgressPhase;
import io.distdb.bench.cluster.Admin.Member;
import io.distdb.bench.cluster.LocalNodes.Node;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Data nodes as a cluster on loopback, measured from outside as a client and an operator see them:
 *
 * <ul>
 *   <li><b>write</b>: client threads PUT items of a fixed size with distinct keys into one standalone node,
 *       then into a 3-node cluster with replication factor 3 (requests spread round-robin over the three,
 *       at each consistency level asked for); ops/s, p50/p99 latency, and the ratio cluster / single node.</li>
 *   <li><b>rebalance</b>: a 3-node RF 3 cluster is loaded with {@code --rebalance-mb} of items, two nodes are
 *       added the way the operator adds them (topology with the new members JOINING, rebalance on every node,
 *       then the settled topology), streaming unthrottled; the wall time from the first
 *       {@code POST /admin/v1/rebalance} until every node reports COMPLETED, the bytes every node streamed,
 *       MB/s overall and per source node; then, once cleanup has run, a check that the cluster holds every
 *       key exactly RF times and no node holds a key it does not own.</li>
 *   <li><b>throttle</b>: the same scale-up on a fresh, smaller cluster with
 *       {@code DISTDB_REBALANCE_BYTES_PER_SECOND} set, to show each source node keeps to it.</li>
 *   <li><b>sql</b>: statements over a whole table in one node and in 3-node clusters with and without
 *       pushdown to the replicas.</li>
 *   <li><b>sql-scaleout</b>: one 3-node RF 3 cluster, client threads spread round-robin over all nodes:
 *       item PUTs against SQL {@code INSERT}s of the same payload, item GETs against SQL point
 *       {@code SELECT}s, side by side in each round, with the ratio SQL / items.</li>
 * </ul>
 *
 * <p>Every node is a child process ({@code java -jar quarkus-run.jar}) with {@code DISTDB_DURABILITY=interval};
 * all are killed at the end, also on failure, and their data deleted. Progress goes to stderr, the report
 * (Markdown) to stdout at the end (what there is of it when the run fails or is stopped) and to {@code --out}.
 */
public final class ClusterBenchmark {

    private static final double MB = 1024.0 * 1024.0;
    private static final int RF = 3;
    private static final int VNODES = 64;

    private final Path jar;
    private final List<String> jvmFlags;
    private final Path dir;
    private final Path logs;
    private final Path out;
    private final List<String> phases;
    private final int threads;
    private final long seconds;
    private final long records;
    private final long warmupSeconds;
    private final int writeRounds;
    private final int valueBytes;
    private final List<String> consistencies;
    private final long rebalanceMb;
    private final long throttleMib;
    private final long throttleMb;
    private final long syncIntervalMillis;
    private final long rebalanceTimeoutSeconds;
    private final long settleTimeoutSeconds;
    private final boolean keep;
    private final int sqlRows;
    private final int sqlPayloadBytes;
    private final int sqlRuns;
    /** off: plain text everywhere; on: every node with TLS; compare: both, side by side (write, rebalance). */
    private final String tls;
    /** Order of the rebalance runs in compare mode, e.g. off,on or off,on,on,off. */
    private final List<String> tlsRebalanceOrder;
    private final Progress progressLines;
    private final String token = "bench-" + UUID.randomUUID();
    private Admin admin = new Admin(token);
    private final StringBuilder report = new StringBuilder();
    private boolean reportPrinted;
    private boolean sane = true;

    private ClusterBenchmark(Flags flags) {
        jar = Path.of(flags.string("jar", "dbnode/server/target/quarkus-app/quarkus-run.jar"));
        jvmFlags = List.of(flags.string("node-jvm-flags", "-Xmx512m").trim().split("\\s+"));
        dir = Path.of(flags.string("dir", System.getProperty("java.io.tmpdir")));
        logs = Path.of(flags.string("logs", "bench/target/cluster-logs"));
        out = flags.has("out") ? Path.of(flags.string("out", null)) : null;
        phases = flags.list("phases", "write,rebalance,throttle");
        threads = flags.positiveInt("threads", 16);
        seconds = flags.positiveInt("seconds", 20);
        records = flags.number("records", 0);
        warmupSeconds = flags.number("warmup-seconds", 20);
        writeRounds = flags.positiveInt("rounds", 2);
        valueBytes = flags.positiveInt("value-bytes", 1024);
        consistencies = flags.list("consistency", "QUORUM,ONE");
        rebalanceMb = flags.positiveInt("rebalance-mb", 200);
        throttleMib = flags.number("throttle-mib", 2);
        throttleMb = flags.positiveInt("throttle-mb", 64);
        syncIntervalMillis = flags.positiveInt("sync-interval-millis", 100);
        rebalanceTimeoutSeconds = flags.positiveInt("rebalance-timeout-seconds", 1800);
        settleTimeoutSeconds = flags.positiveInt("settle-timeout-seconds", 600);
        keep = Boolean.parseBoolean(flags.string("keep", "false"));
        sqlRows = flags.positiveInt("sql-rows", 50_000);
        sqlPayloadBytes = flags.positiveInt("sql-payload-bytes", 200);
        sqlRuns = flags.positiveInt("sql-runs", 7);
        tls = flags.string("tls", "off");
        tlsRebalanceOrder = flags.list("tls-rebalance-order", "off,on");
        progressLines = Progress.fromFlags(flags);
        if (!List.of("off", "on", "compare").contains(tls)) {
            throw new IllegalArgumentException("--tls must be off, on or compare: " + tls);
        }
        if (!tls.equals("off")) {
            for (String phase : phases) {
                if (!List.of("write", "rebalance").contains(phase)) {
                    throw new IllegalArgumentException("--tls=" + tls + " runs the write and rebalance phases only, not "
                            + phase);
                }
            }
        }
        for (String mode : tlsRebalanceOrder) {
            if (!List.of("off", "on").contains(mode)) {
                throw new IllegalArgumentException("--tls-rebalance-order lists off and on: " + mode);
            }
        }
        for (String phase : phases) {
            if (!List.of("write", "rebalance", "throttle", "sql", "sql-scaleout").contains(phase)) {
                throw new IllegalArgumentException("unknown phase " + phase
                        + " (write, rebalance, throttle, sql, sql-scaleout)");
            }
        }
        for (String c : consistencies) {
            if (!List.of("ONE", "QUORUM", "ALL").contains(c)) {
                throw new IllegalArgumentException("unknown consistency " + c + " (ONE, QUORUM, ALL)");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        if (flags.has("help")) {
            System.out.println(HELP);
            return;
        }
        ClusterBenchmark bench = new ClusterBenchmark(flags);
        flags.rejectUnknown();
        int exit = bench.run();
        System.exit(exit);
    }

    private static final String HELP = """
            Cluster benchmark: write throughput of a 3-node RF 3 cluster against a single node, and rebalance
            throughput when 2 nodes join, on loopback. Build the node first
            (./mvnw -B -ntp -o -pl dbnode/admin-api,dbnode/server -am install -DskipTests), then from the repository root:
              java -cp bench/target/distdb-bench.jar io.distdb.bench.cluster.ClusterBenchmark [flags]
            flags (MB = 2^20 bytes):
              --phases=write,rebalance,throttle   which parts to run (also: sql, sql-scaleout)
              --threads=16               client threads of every load
              --seconds=20               timed write phases last this long ...
              --records=0                ... or write this many items each (when > 0)
              --warmup-seconds=20        untimed writes into the single node and into the cluster before timing
              --rounds=2                 write rounds, each: single node, then the cluster at every consistency
                                         (sql-scaleout: rounds of item PUT, SQL INSERT, item GET, SQL SELECT)
              --value-bytes=1024         size of every PUT body (a JSON object); sql-scaleout's v is as long
              --consistency=QUORUM,ONE   consistency levels of the cluster write phases (sql-scaleout: the first)
              --rebalance-mb=200         data loaded into the 3-node cluster before 2 nodes join (unthrottled)
              --throttle-mib=2           DISTDB_REBALANCE_BYTES_PER_SECOND of the throttle phase, MB/s (0 skips it)
              --throttle-mb=64           data loaded for the throttle phase
              --sync-interval-millis=100 DISTDB_SYNC_INTERVAL_MILLIS (durability is always interval)
              --node-jvm-flags=-Xmx512m  JVM flags of every node, space separated
              --jar=dbnode/server/target/quarkus-app/quarkus-run.jar
              --dir=$TMPDIR              node data goes to a fresh directory under it, deleted at the end
              --logs=bench/target/cluster-logs   node logs (kept)
              --keep=false               keep the node data directories
              --rebalance-timeout-seconds=1800, --settle-timeout-seconds=600
              --sql-rows=50000           rows of the SQL phase's table t(id, g, v, payload)
              --sql-payload-bytes=200    size of each row's payload column
              --sql-runs=7               timed runs of each statement (after 2 untimed)
              --tls=off                  on: every node serves TLS on every port (a CA and node certificates are
                                         generated into the data directory; clients trust the CA, admin calls
                                         present the operator's certificate); compare: the write phase runs a
                                         plain and a TLS 3-node cluster side by side, rounds alternating, and the
                                         rebalance phase runs once per entry of --tls-rebalance-order; with on and
                                         compare only the write and rebalance phases run
              --tls-rebalance-order=off,on   rebalance runs of --tls=compare, in this order (e.g. off,on,on,off)
              --progress-seconds=10      a progress line on stderr this often while a phase runs (0: none)
              --out=FILE                 Markdown copy of the report""";

    private int run() throws Exception {
        if (!Files.exists(jar)) {
            System.err.println("the packaged node is missing: " + jar
                    + " (./mvnw -B -ntp -o -pl dbnode/admin-api,dbnode/server -am install -DskipTests)");
            return 2;
        }
        Path dataRoot = Files.createTempDirectory(Files.createDirectories(dir), "distdb-cluster-bench-");
        Map<String, String> env = Map.of(
                "DISTDB_DURABILITY", "interval",
                "DISTDB_SYNC_INTERVAL_MILLIS", Long.toString(syncIntervalMillis));
        header();
        // A run of many minutes stopped with Ctrl-C still shows the phases it finished.
        Thread printOnStop = new Thread(this::printReport, "cluster-report");
        Runtime.getRuntime().addShutdownHook(printOnStop);
        int exit = 0;
        try (LocalNodes nodes = new LocalNodes(jar, jvmFlags, dataRoot, logs, token, env, keep, !tls.equals("off"))) {
            admin = new Admin(token, nodes.operatorContext());
            boolean allTls = tls.equals("on");
            if (phases.contains("write")) {
                if (tls.equals("compare")) {
                    tlsWritePhase(nodes);
                } else {
                    writePhase(nodes, allTls);
                }
            }
            if (phases.contains("rebalance")) {
                if (tls.equals("compare")) {
                    tlsRebalancePhase(nodes);
                } else {
                    rebalancePhase(nodes, "rebalance", 0, rebalanceMb, allTls);
                }
            }
            if (phases.contains("throttle") && throttleMib > 0) {
                rebalancePhase(nodes, "throttle", throttleMib * (1L << 20), throttleMb, false);
            }
            if (phases.contains("sql")) {
                sqlPhase(nodes);
            }
            if (phases.contains("sql-scaleout")) {
                sqlScaleoutPhase(nodes);
            }
        } catch (Exception | AssertionError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            line("");
            line("**FAILED**: " + e);
            System.err.println(trace);
            exit = 1;
        } finally {
            printReport();
            try {
                Runtime.getRuntime().removeShutdownHook(printOnStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook finds the report printed
            }
            if (out != null) {
                Files.writeString(out, report(), StandardCharsets.UTF_8);
                System.err.println("report written to " + out);
            }
        }
        if (exit == 0 && !sane) {
            exit = 3;
        }
        return exit;
    }

    private void header() {
        line("# Cluster: replication and rebalancing");
        line("");
        line("- machine: %d cores, %s %s, JVM %s, %s; client and every node share the cores (loopback)",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.vm.version"), LocalDate.now());
        line("- nodes: `java %s -jar %s`, `DISTDB_DURABILITY=interval`, `DISTDB_SYNC_INTERVAL_MILLIS=%d`, %d vnodes",
                String.join(" ", jvmFlags), jar.getFileName(), syncIntervalMillis, VNODES);
        line("- client: %d threads in this JVM, java.net.http (HTTP/1.1 keep-alive), one request at a time per thread,"
                + " `PUT /api/v1/items/{pk}/v` of %,d-byte JSON bodies, distinct keys", threads, valueBytes);
        if (!tls.equals("off")) {
            line("- TLS (%s): a CA made for the run (EC P-256, as the operator makes), node certificates `O=distdb-node, "
                    + "CN=<id>` with the SANs `localhost` and `127.0.0.1`, `DISTDB_TLS_CERT_FILE`/`KEY_FILE`/`CA_FILE` on "
                    + "every TLS node: HTTPS on the client port (clients trust the CA and check the host name), mutual TLS "
                    + "on the admin port (admin calls present `O=distdb-operator` and the admin token) and between the "
                    + "nodes (replication, streaming)",
                    tls.equals("on") ? "every node" : "compared with the same setup in plain text");
        }
        line("");
    }

    // ---------------------------------------------------------------- write throughput

    private void writePhase(LocalNodes nodes, boolean withTls) throws Exception {
        Node single = nodes.create("write-single", "n1", withTls);
        List<Node> cluster = nodes.createStatic("write-cluster", List.of("n1", "n2", "n3"), RF, VNODES, withTls);
        List<Node> all = new ArrayList<>(cluster);
        all.add(0, single);
        // Both node sets run for the whole phase (idle while the other is measured), and their timed phases
        // alternate round by round, so that both see the same background load on a shared machine.
        List<List<WriteLoad.Result>> rounds = new ArrayList<>();
        List<String> loadAverages = new ArrayList<>();
        try {
            start(nodes, all);
            progress("single node ready: %s; 3-node cluster ready: %s", ports(List.of(single)), ports(cluster));
            WriteLoad singleLoad = new WriteLoad(List.of(single.baseUri()), "QUORUM", threads, valueBytes, 1)
                    .withTls(nodes.clientContext());
            List<WriteLoad> clusterLoads = new ArrayList<>();
            for (String c : consistencies) {
                clusterLoads.add(new WriteLoad(cluster.stream().map(Node::baseUri).toList(), c, threads, valueBytes, 1)
                        .withTls(nodes.clientContext()));
            }
            warmUp(singleLoad, "single node", "ws-");
            warmUp(clusterLoads.get(0), "3 nodes", "wc-");
            for (int round = 1; round <= writeRounds; round++) {
                List<WriteLoad.Result> results = new ArrayList<>();
                loadAverages.add(loadAverage());
                results.add(singleLoad.run("round " + round + ": single node", "s" + round + "-", seconds, records,
                        single::cpuMicros, progressLines));
                progress("%s", describe(results.get(results.size() - 1)));
                for (int i = 0; i < consistencies.size(); i++) {
                    String c = consistencies.get(i);
                    results.add(clusterLoads.get(i).run("round " + round + ": 3 nodes, RF 3, " + c, "c" + round + c + "-",
                            seconds, records, () -> cpu(cluster), progressLines));
                    progress("%s", describe(results.get(results.size() - 1)));
                }
                rounds.add(results);
            }
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(all, 40));
            throw e;
        } finally {
            nodes.stop(all);
        }

        line("## Write throughput: 3 nodes with RF 3 against one node%s", withTls ? ", TLS on every port" : "");
        line("");
        line("One standalone node and a 3-node RF 3 cluster, both running throughout (the idle one waits while the "
                        + "other is measured); an untimed %d s warm-up of each, then %d round(s), each %s against the "
                        + "single node and then against the cluster at every consistency level; the ratio compares "
                        + "with the single node of the same round. Load average: 1-minute figure before each round.",
                warmupSeconds, rounds.size(),
                records > 0 ? String.format(Locale.ROOT, "%,d items", records) : seconds + " s of writes");
        line("");
        line("| round | setup | consistency | ops/s | cluster/single | p50 µs | p99 µs | node CPU µs/op (all nodes) | failed | load avg |");
        line("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int round = 0; round < rounds.size(); round++) {
            WriteLoad.Result base = rounds.get(round).get(0);
            for (WriteLoad.Result r : rounds.get(round)) {
                line("| %d | %s | %s | %,.0f | %s | %,d | %,d | %,.1f | %,d | %s |", round + 1,
                        r.nodes() == 1 ? "1 node" : r.nodes() + " nodes, RF 3",
                        r.nodes() == 1 ? "(one replica)" : r.consistency(), r.opsPerSecond(),
                        r == base ? "1.00" : String.format(Locale.ROOT, "%.2f", r.opsPerSecond() / base.opsPerSecond()),
                        r.p50Micros(), r.p99Micros(), r.nodeCpuMicrosPerOp(), r.errors(), loadAverages.get(round));
            }
        }
        line("");
        for (List<WriteLoad.Result> results : rounds) {
            for (WriteLoad.Result r : results) {
                for (String error : r.firstErrors()) {
                    line("- failed request (%s): `%s`", r.label(), error);
                }
            }
        }
    }

    private void warmUp(WriteLoad load, String what, String keyPrefix) throws InterruptedException {
        if (warmupSeconds > 0) {
            WriteLoad.Result w = load.run("warm-up " + what, keyPrefix, warmupSeconds, 0, () -> 0, progressLines);
            progress("warm-up %s: %,.0f ops/s, %,d failed", what, w.opsPerSecond(), w.errors());
        }
    }

    // ---------------------------------------------------------------- TLS against plain text

    /** One timed write load of the TLS comparison. */
    private record TlsRow(int round, String consistency, boolean tls, WriteLoad.Result result, String loadAverage) {
    }

    /**
     * A plain 3-node RF 3 cluster and one with TLS on every port, both running throughout (the idle one waits while
     * the other is measured); after an untimed warm-up of each, every round measures both at every consistency
     * level, the plain one first in odd rounds and the TLS one first in even rounds, so that both see the same
     * background load on a shared machine.
     */
    private void tlsWritePhase(LocalNodes nodes) throws Exception {
        List<Node> plain = nodes.createStatic("write-plain", List.of("n1", "n2", "n3"), RF, VNODES, false);
        List<Node> secure = nodes.createStatic("write-tls", List.of("n1", "n2", "n3"), RF, VNODES, true);
        List<Node> all = new ArrayList<>(plain);
        all.addAll(secure);
        List<TlsRow> rows = new ArrayList<>();
        String negotiated;
        try {
            start(nodes, all);
            progress("plain cluster ready: %s; TLS cluster ready: %s", ports(plain), ports(secure));
            negotiated = "client port: " + negotiated(nodes.clientContext(), secure.get(0).port) + "; admin port, with "
                    + "the operator's certificate: " + negotiated(nodes.operatorContext(), secure.get(0).adminPort);
            progress("TLS negotiated: %s", negotiated);
            Map<String, WriteLoad> loads = new LinkedHashMap<>();
            for (String c : consistencies) {
                loads.put(c + "-off", new WriteLoad(plain.stream().map(Node::baseUri).toList(), c, threads, valueBytes, 1));
                loads.put(c + "-on", new WriteLoad(secure.stream().map(Node::baseUri).toList(), c, threads, valueBytes, 1)
                        .withTls(nodes.clientContext()));
            }
            warmUp(loads.get(consistencies.get(0) + "-off"), "3 nodes, TLS off", "wp-");
            warmUp(loads.get(consistencies.get(0) + "-on"), "3 nodes, TLS on", "wt-");
            for (int round = 1; round <= writeRounds; round++) {
                boolean[] order = round % 2 == 1 ? new boolean[]{false, true} : new boolean[]{true, false};
                for (String c : consistencies) {
                    for (boolean on : order) {
                        List<Node> cluster = on ? secure : plain;
                        String loadAvg = loadAverage();
                        WriteLoad.Result r = loads.get(c + (on ? "-on" : "-off")).run("round " + round + ": 3 nodes, RF 3, "
                                        + c + ", TLS " + (on ? "on" : "off"), "t" + round + c + (on ? "s" : "p") + "-",
                                seconds, records, () -> cpu(cluster), progressLines);
                        progress("%s (load average before: %s)", describe(r), loadAvg);
                        rows.add(new TlsRow(round, c, on, r, loadAvg));
                    }
                }
            }
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(all, 40));
            throw e;
        } finally {
            nodes.stop(all);
        }

        line("## Write throughput of 3 nodes with RF 3: TLS off against on");
        line("");
        line("A plain 3-node RF 3 cluster and one with TLS on every port, both running throughout (the idle one waits "
                        + "while the other is measured); an untimed %d s warm-up of each, then %d round(s) of %s against "
                        + "each at every consistency level, the plain cluster first in odd rounds and the TLS one first in "
                        + "even rounds. Requests go round-robin to the three nodes; the node called coordinates the write and "
                        + "sends it to the other two replicas: with TLS, client to node and node to node are both "
                        + "encrypted. on/off: ops/s of the "
                        + "TLS cluster over the plain one in the same round. Client CPU: this JVM's CPU time over the "
                        + "operations. TLS negotiated: %s.",
                warmupSeconds, writeRounds, records > 0 ? String.format(Locale.ROOT, "%,d items", records)
                        : seconds + " s of writes", negotiated);
        line("");
        line("| round | consistency | TLS | ops/s | on/off | p50 µs | p99 µs | node CPU µs/op (all nodes) | client CPU µs/op | failed | load avg |");
        line("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (TlsRow row : rows) {
            WriteLoad.Result r = row.result();
            String ratio = "";
            if (row.tls()) {
                WriteLoad.Result off = rows.stream().filter(o -> o.round() == row.round() && !o.tls()
                        && o.consistency().equals(row.consistency())).findFirst().orElseThrow().result();
                ratio = String.format(Locale.ROOT, "**%.2f**", r.opsPerSecond() / off.opsPerSecond());
            }
            line("| %d | %s | %s | %,.0f | %s | %,d | %,d | %,.1f | %,.1f | %,d | %s |", row.round(), row.consistency(),
                    row.tls() ? "on" : "off", r.opsPerSecond(), ratio, r.p50Micros(), r.p99Micros(), r.nodeCpuMicrosPerOp(),
                    r.clientCpuMicrosPerOp(), r.errors(), row.loadAverage());
        }
        line("");
        for (String c : consistencies) {
            double[] off = tlsTotals(rows, c, false);
            double[] on = tlsTotals(rows, c, true);
            line("- %s, all rounds together: TLS off %,.0f ops/s, on %,.0f ops/s, **on/off %.2f** (throughput cost %.0f%%); "
                            + "node CPU %.1f → %.1f µs/op (+%.0f%%), client CPU %.1f → %.1f µs/op", c, off[0], on[0],
                    on[0] / off[0], 100 * (1 - on[0] / off[0]), off[1], on[1], 100 * (on[1] / off[1] - 1), off[2], on[2]);
        }
        line("");
        for (TlsRow row : rows) {
            for (String error : row.result().firstErrors()) {
                line("- failed request (%s): `%s`", row.result().label(), error);
            }
        }
    }

    /** ops/s, node CPU µs/op and client CPU µs/op of all rounds of one consistency level and TLS mode together. */
    private static double[] tlsTotals(List<TlsRow> rows, String consistency, boolean on) {
        long ops = 0;
        double seconds = 0;
        long nodeCpu = 0;
        long clientCpu = 0;
        for (TlsRow row : rows) {
            if (row.tls() == on && row.consistency().equals(consistency)) {
                ops += row.result().ops();
                seconds += row.result().seconds();
                nodeCpu += row.result().nodeCpuMicros();
                clientCpu += row.result().clientCpuMicros();
            }
        }
        return new double[]{ops / seconds, ops == 0 ? 0 : (double) nodeCpu / ops, ops == 0 ? 0 : (double) clientCpu / ops};
    }

    /** The same scale-up with TLS off and on, in the order of {@code --tls-rebalance-order}, then the two compared. */
    private void tlsRebalancePhase(LocalNodes nodes) throws Exception {
        List<RebalanceRun> runs = new ArrayList<>();
        int i = 0;
        for (String mode : tlsRebalanceOrder) {
            runs.add(rebalancePhase(nodes, "rebalance-" + ++i + "-tls-" + mode, 0, rebalanceMb, mode.equals("on")));
        }
        double offMbps = runs.stream().filter(r -> !r.tls()).mapToDouble(RebalanceRun::mbPerSecond).average().orElse(0);
        double onMbps = runs.stream().filter(RebalanceRun::tls).mapToDouble(RebalanceRun::mbPerSecond).average().orElse(0);
        line("## Rebalance 3 → 5 nodes: TLS off against on");
        line("");
        line("The scale-up above (%,d MB loaded at QUORUM into a 3-node RF 3 cluster, 2 nodes join, unthrottled), once per "
                + "run in this order, each on a fresh cluster; with TLS the load, the admin calls and the streaming "
                + "between the nodes are all TLS. on/off: a TLS run's rebalance MB/s over the mean of the plain runs.", rebalanceMb);
        line("");
        line("| run | TLS | load at QUORUM MB/s | load p50 µs | rebalance s | MB streamed | rebalance MB/s | on/off | node CPU s | cores busy | node CPU s per 100 MB streamed | cleanup s | load avg before |");
        line("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        i = 0;
        for (RebalanceRun r : runs) {
            double loadMbps = r.loaded().ops() * (double) valueBytes / MB / r.loaded().seconds();
            line("| %d | %s | %.1f | %,d | %.2f | %s | **%.1f** | %s | %.1f | %.2f | %.1f | %.1f | %s |", ++i, r.tls() ? "on" : "off",
                    loadMbps, r.loaded().p50Micros(), r.seconds(), mb(r.moved()), r.mbPerSecond(),
                    r.tls() && offMbps > 0 ? String.format(Locale.ROOT, "**%.2f**", r.mbPerSecond() / offMbps) : "",
                    r.cpuSeconds(), r.cpuSeconds() / r.seconds(), r.cpuSeconds() / (r.moved() / MB) * 100, r.cleanupSeconds(),
                    r.loadAverage());
        }
        line("");
        if (offMbps > 0 && onMbps > 0) {
            line("- rebalance throughput: TLS off %.1f MB/s, on %.1f MB/s: **on/off %.2f**", offMbps, onMbps, onMbps / offMbps);
            line("");
        }
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

    // ---------------------------------------------------------------- SQL pushdown

    /**
     * The same table in one node, in a 3-node RF 3 cluster with pushdown (replicas filter, trim and fold),
     * and in one with {@code DISTDB_SQL_PUSHDOWN=false} (the SQL coordinator reads whole rows); each statement
     * timed on each, one setup after the other, with the answers compared.
     */
    private void sqlPhase(LocalNodes nodes) throws Exception {
        Node single = nodes.create("sql-single", "n1");
        List<Node> pushing = nodes.createStatic("sql-pushdown", List.of("n1", "n2", "n3"), RF, VNODES);
        List<Node> plain = nodes.createStatic("sql-plain", List.of("n1", "n2", "n3"), RF, VNODES);
        plain.forEach(n -> n.env.put("DISTDB_SQL_PUSHDOWN", "false"));
        List<Node> all = new ArrayList<>(List.of(single));
        all.addAll(pushing);
        all.addAll(plain);
        SqlQueries sql = new SqlQueries();
        List<String> statements = SqlQueries.statements();
        List<List<SqlQueries.Timing>> timings = new ArrayList<>();
        String loadAvg;
        try {
            start(nodes, all);
            // The SQL coordinator is the member with the lowest id (n1); clients may call any node, here n2.
            List<String> targets = List.of(single.baseUri(), plain.get(1).baseUri(), pushing.get(1).baseUri());
            for (String target : targets) {
                long t0 = System.nanoTime();
                try (ProgressPhase loading = progressLines.counting("sql: load " + target, sqlRows)) {
                    sql.load(target, sqlRows, sqlPayloadBytes, loading.counter());
                }
                progress("[sql] loaded %,d rows into %s in %.1f s", sqlRows, target, (System.nanoTime() - t0) / 1e9);
            }
            loadAvg = loadAverage();
            ProgressPhase timing = progressLines.counting("sql: statements on 3 setups", (long) statements.size() * targets.size());
            AtomicReference<String> current = new AtomicReference<>();
            timing.detail(current::get);
            try (timing) {
                for (String statement : statements) {
                    List<SqlQueries.Timing> row = new ArrayList<>();
                    for (String target : targets) {
                        current.set("now: " + statement + " on " + target);
                        row.add(sql.time(target, statement, 2, sqlRuns));
                        timing.add(1);
                    }
                    if (!row.get(0).answer().equals(row.get(1).answer()) || !row.get(0).answer().equals(row.get(2).answer())) {
                        sane = false;
                        progress("[sql] ANSWERS DIFFER for %s", statement);
                    }
                    progress("[sql] %s: %.1f / %.1f / %.1f ms", statement, row.get(0).medianMillis(), row.get(1).medianMillis(),
                            row.get(2).medianMillis());
                    timings.add(row);
                }
            }
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(all, 40));
            throw e;
        } finally {
            nodes.stop(all);
        }
        line("## SQL across the cluster: pushdown to the replicas");
        line("");
        line("Table `t(id INTEGER PRIMARY KEY, g TEXT, v INTEGER, payload TEXT)` with %,d rows (100 groups, v uniform in "
                + "0..99, %d-byte payloads) in one node, in a 3-node RF 3 cluster with pushdown, and in one with "
                + "`DISTDB_SQL_PUSHDOWN=false`; each statement sent by one client to a node that is not the SQL "
                + "coordinator, at QUORUM, 2 untimed runs then %d timed ones (median, best). Every answer is the "
                + "same in all three setups%s. Load average before timing: %s.", sqlRows, sqlPayloadBytes, sqlRuns,
                sane ? "" : " (**NOT**: see the progress log)", loadAvg);
        line("");
        line("| statement | 1 node ms | 3 nodes, no pushdown ms | 3 nodes, pushdown ms | pushdown speed-up | pushdown / 1 node |");
        line("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < statements.size(); i++) {
            List<SqlQueries.Timing> row = timings.get(i);
            line("| `%s` | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) | %.2fx | %.2f |", statements.get(i),
                    row.get(0).medianMillis(), row.get(0).bestMillis(), row.get(1).medianMillis(), row.get(1).bestMillis(),
                    row.get(2).medianMillis(), row.get(2).bestMillis(), row.get(1).medianMillis() / row.get(2).medianMillis(),
                    row.get(2).medianMillis() / row.get(0).medianMillis());
        }
        line("");
    }

    // ---------------------------------------------------------------- SQL scale-out

    /** One timed load of the scale-out phase and the 1-minute load average just before it. */
    private record Timed(WriteLoad.Result result, String loadAverage) {
    }

    /**
     * One 3-node RF 3 cluster; client threads spread round-robin over all three nodes. Each round: item PUTs,
     * then SQL {@code INSERT INTO t (id, v) VALUES (?, ?)} of the same payload; item GETs of the keys that
     * round wrote, then SQL {@code SELECT v FROM t WHERE id = ?} of the ids it inserted. SQL/items of the same
     * round shows whether SQL adds a serialization of its own on top of the replicated keyspace.
     */
    private void sqlScaleoutPhase(LocalNodes nodes) throws Exception {
        String idleLoad = loadAverage();
        List<Node> cluster = nodes.createStatic("sql-scaleout", List.of("n1", "n2", "n3"), RF, VNODES);
        for (Node n : cluster) {
            // The metadata group's port (nodes without one ignore it); by default the admin port + 100.
            n.env.put("DISTDB_METADATA_PORT", Integer.toString(LocalNodes.freePort()));
        }
        String consistency = consistencies.get(0);
        List<String> uris = cluster.stream().map(Node::baseUri).toList();
        byte[][] bodies = WriteLoad.bodies(valueBytes, 1);
        long idsPerRound = 1_000_000_000L;
        List<List<Timed>> rounds = new ArrayList<>();
        try {
            start(nodes, cluster);
            progress("[sql-scaleout] 3-node cluster ready: %s", ports(cluster));
            SqlQueries sql = new SqlQueries();
            try (ProgressPhase waiting = progressLines.waiting("sql-scaleout: table t on every node")) {
                sql.await(uris.get(0), SqlQueries.POINT_TABLE, 120);
                for (String uri : uris) {
                    sql.await(uri, "SELECT v FROM t WHERE id = -1", 120);
                }
            }
            progress("[sql-scaleout] table t(id BIGINT PRIMARY KEY, v TEXT) visible on every node");
            for (int round = 0; round <= writeRounds; round++) {
                // Round 0 is the untimed warm-up, on keys and ids of its own.
                boolean warm = round == 0;
                long secs = warm ? warmupSeconds : seconds;
                if (secs == 0) {
                    continue;
                }
                String name = warm ? "warm-up" : "round " + round;
                String prefix = "so" + round + "-";
                long firstId = round * idsPerRound;
                Timed puts = timed(new WriteLoad(uris, consistency, threads, WriteLoad.itemPut(consistency, bodies)),
                        name + ": item PUT", prefix, secs, cluster);
                Timed inserts = timed(new WriteLoad(uris, consistency, threads, SqlQueries.insert(consistency, firstId, bodies)),
                        name + ": SQL INSERT", prefix, secs, cluster);
                long itemKeys = puts.result().ops() + puts.result().errors();
                long rows = inserts.result().ops() + inserts.result().errors();
                Timed gets = timed(new WriteLoad(uris, consistency, threads, WriteLoad.itemGet(consistency, Math.max(1, itemKeys))),
                        name + ": item GET", prefix, secs, cluster);
                Timed selects = timed(new WriteLoad(uris, consistency, threads,
                        SqlQueries.pointSelect(consistency, firstId, Math.max(1, rows))), name + ": SQL SELECT", prefix, secs, cluster);
                if (!warm) {
                    rounds.add(List.of(puts, inserts, gets, selects));
                }
            }
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(cluster, 40));
            throw e;
        } finally {
            nodes.stop(cluster);
        }

        line("## SQL on every node: scale-out on three nodes");
        line("");
        line("Node jar `%s`. One 3-node RF 3 cluster; %d client threads, each sending its requests round-robin to all "
                        + "three nodes, one at a time, at %s. An untimed %d s warm-up of each load, then %d round(s) of "
                        + "%d s each: item `PUT /api/v1/items/{pk}/v` of %,d-byte JSON bodies with distinct keys; SQL "
                        + "`INSERT INTO t (id, v) VALUES (?, ?)` with parameters (distinct ids, `v` the same text as the "
                        + "item body's) into `t(id BIGINT PRIMARY KEY, v TEXT)`; item `GET` of keys that round wrote; SQL "
                        + "`SELECT v FROM t WHERE id = ?` of ids that round inserted (a missing item or row counts as a "
                        + "failure). SQL/items: SQL ops/s over the item ops/s of the same kind in the same round. Node cores busy: "
                        + "the three nodes' CPU time during the load / its wall time. Load "
                        + "average: 1-minute figure before the nodes started (%s) and just before each load (which "
                        + "includes this benchmark's own previous load).",
                jar.toAbsolutePath().normalize(), threads, consistency, warmupSeconds, rounds.size(), seconds, valueBytes,
                idleLoad);
        line("");
        line("| round | load | ops/s | SQL/items | p50 µs | p99 µs | node CPU µs/op (all nodes) | node cores busy | failed | load avg |");
        line("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int round = 0; round < rounds.size(); round++) {
            List<Timed> results = rounds.get(round);
            for (int i = 0; i < results.size(); i++) {
                WriteLoad.Result r = results.get(i).result();
                String ratio = i % 2 == 0 ? "" : String.format(Locale.ROOT, "**%.2f**",
                        r.opsPerSecond() / results.get(i - 1).result().opsPerSecond());
                line("| %d | %s | %,.0f | %s | %,d | %,d | %,.1f | %.2f | %,d | %s |", round + 1,
                        r.label().substring(r.label().indexOf(": ") + 2), r.opsPerSecond(), ratio, r.p50Micros(),
                        r.p99Micros(), r.nodeCpuMicrosPerOp(), r.nodeCpuMicros() / 1e6 / r.seconds(), r.errors(),
                        results.get(i).loadAverage());
            }
        }
        line("");
        for (List<Timed> results : rounds) {
            for (Timed t : results) {
                for (String error : t.result().firstErrors()) {
                    line("- failed request (%s): `%s`", t.result().label(), error);
                }
            }
        }
    }

    private Timed timed(WriteLoad load, String label, String keyPrefix, long secs, List<Node> cluster)
            throws InterruptedException {
        String loadAvg = loadAverage();
        WriteLoad.Result r = load.run(label, keyPrefix, secs, 0, () -> cpu(cluster), progressLines);
        progress("[sql-scaleout] %s (load average before: %s)", describe(r), loadAvg);
        return new Timed(r, loadAvg);
    }

    // ---------------------------------------------------------------- rebalance throughput

    /** What one rebalance run measured, for the TLS comparison. */
    private record RebalanceRun(boolean tls, WriteLoad.Result loaded, double seconds, long moved, double cpuSeconds,
                                String loadAverage, double cleanupSeconds) {
        double mbPerSecond() {
            return moved / MB / seconds;
        }
    }

    private RebalanceRun rebalancePhase(LocalNodes nodes, String prefix, long bytesPerSecond, long dataMb, boolean withTls)
            throws Exception {
        long items = dataMb * (1L << 20) / valueBytes;
        List<Node> first = nodes.createStatic(prefix, List.of("n1", "n2", "n3"), RF, VNODES, withTls);
        List<Node> all = new ArrayList<>(first);
        for (Node n : first) {
            n.env.put("DISTDB_REBALANCE_BYTES_PER_SECOND", Long.toString(bytesPerSecond));
        }
        String throttle = bytesPerSecond == 0 ? "unthrottled (`DISTDB_REBALANCE_BYTES_PER_SECOND=0`)"
                : String.format(Locale.ROOT, "throttled to %d MB/s per node (`DISTDB_REBALANCE_BYTES_PER_SECOND=%d`)",
                bytesPerSecond >> 20, bytesPerSecond);
        try {
            start(nodes, first);
            progress("[%s] 3-node cluster ready: %s", prefix, ports(first));
            WriteLoad load = new WriteLoad(first.stream().map(Node::baseUri).toList(), "QUORUM", threads, valueBytes, 2)
                    .withTls(nodes.clientContext());
            WriteLoad.Result loaded = load.run(prefix + ": load", "r", 0, items, () -> cpu(first), progressLines);
            progress("[%s] loaded: %s", prefix, describe(loaded));
            if (loaded.errors() > 0) {
                progress("[%s] WARNING: %d writes of the load failed", prefix, loaded.errors());
            }
            long written = loaded.ops();

            // Every replica has all it should before the scale-up, so the move starts from a complete copy.
            Map<Node, Admin.Data> before = awaitData(first, d -> d.keys() >= written && d.hintsPending() == 0, 300,
                    "every one of the 3 nodes holds all " + written + " keys and no hints");
            long epoch = admin.topologyEpoch(first.get(0));

            List<Node> added = List.of(nodes.create(prefix, "n4", withTls), nodes.create(prefix, "n5", withTls));
            for (Node n : added) {
                n.env.put("DISTDB_AWAIT_TOPOLOGY", "true");
                n.env.put("DISTDB_REBALANCE_BYTES_PER_SECOND", Long.toString(bytesPerSecond));
            }
            all.addAll(added);
            start(nodes, added);
            progress("[%s] added nodes waiting for a topology: %s", prefix, ports(added));

            List<Member> joining = new ArrayList<>();
            first.forEach(n -> joining.add(new Member(n, "NORMAL")));
            added.forEach(n -> joining.add(new Member(n, "JOINING")));
            for (Node n : all) {
                admin.putTopology(n, epoch + 1, RF, VNODES, joining);
            }
            progress("[%s] topology epoch %d (n4, n5 JOINING) on all 5 nodes; starting the rebalance", prefix, epoch + 1);

            String loadAvg = loadAverage();
            long cpuBefore = cpu(all);
            long t0 = System.nanoTime();
            for (Node n : all) {
                admin.startRebalance(n, epoch + 1);
            }
            Map<Node, Admin.Rebalance> finished = new LinkedHashMap<>();
            Map<Node, Long> finishedAt = new LinkedHashMap<>();
            Map<Node, Integer> restarts = new LinkedHashMap<>();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(rebalanceTimeoutSeconds);
            // What the nodes last reported, summed for the progress lines: bytes streamed, bytes to stream, states.
            AtomicLong streamed = new AtomicLong();
            AtomicLong toStream = new AtomicLong();
            AtomicReference<String> states = new AtomicReference<>();
            Map<Node, Admin.Rebalance> latest = new LinkedHashMap<>();
            ProgressPhase rebalancing = progressLines.bytes(prefix + ": streaming", streamed::get, toStream::get)
                    .detail(states::get);
            try (rebalancing) {
                while (finished.size() < all.size()) {
                    Map<Node, Admin.Rebalance> now = new LinkedHashMap<>();
                    for (Node n : all) {
                        if (finished.containsKey(n)) {
                            continue;
                        }
                        n.checkAlive();
                        Admin.Rebalance r = admin.rebalance(n);
                        now.put(n, r);
                        if (r.epoch() == epoch + 1 && "COMPLETED".equals(r.state())) {
                            finishedAt.put(n, System.nanoTime());
                            finished.put(n, r);
                        } else if (r.epoch() == epoch + 1 && "FAILED".equals(r.state())) {
                            // The operator's procedure: a failed rebalance is started again and resumes where it stopped.
                            restarts.merge(n, 1, Integer::sum);
                            progress("[%s] NODE MISBEHAVIOUR: the rebalance of epoch %d FAILED on %s: %s; starting it again",
                                    prefix, epoch + 1, n.id, r.error());
                            admin.startRebalance(n, epoch + 1);
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the rebalance of epoch " + (epoch + 1) + " did not complete within "
                                + rebalanceTimeoutSeconds + " s; still running: " + now);
                    }
                    latest.putAll(now);
                    streamed.set(latest.values().stream().mapToLong(Admin.Rebalance::bytesMoved).sum());
                    toStream.set(latest.values().stream().mapToLong(Admin.Rebalance::bytesTotal).sum());
                    states.set(now.entrySet().stream()
                            .map(e -> e.getKey().id + " " + e.getValue().state() + " " + mb(e.getValue().bytesMoved()) + "/"
                                    + mb(e.getValue().bytesTotal()) + " MB" + (e.getValue().error() == null ? "" : " error: " + e.getValue().error()))
                            .toList().toString());
                    if (finished.size() < all.size()) {
                        Thread.sleep(100);
                    }
                }
            }
            long t1 = finishedAt.values().stream().mapToLong(Long::longValue).max().orElse(t0);
            double wall = (t1 - t0) / 1e9;
            double cpuSeconds = (cpu(all) - cpuBefore) / 1e6;
            long moved = finished.values().stream().mapToLong(Admin.Rebalance::bytesMoved).sum();
            progress("[%s] rebalance completed on all 5 nodes in %.2f s: %s MB streamed, %.1f MB/s", prefix, wall,
                    mb(moved), moved / MB / wall);

            List<Member> settled = all.stream().map(n -> new Member(n, "NORMAL")).toList();
            for (Node n : all) {
                admin.putTopology(n, epoch + 2, RF, VNODES, settled);
            }
            long s0 = System.nanoTime();
            progress("[%s] topology epoch %d (all NORMAL) on all 5 nodes; waiting for cleanup", prefix, epoch + 2);
            Map<Node, Admin.Data> after = awaitData(all, d -> d.epoch() == epoch + 2 && d.keysNotOwned() == 0
                    && d.hintsPending() == 0, settleTimeoutSeconds, "every node at epoch " + (epoch + 2)
                    + " with keysNotOwned 0 and hintsPending 0");
            double cleanup = (System.nanoTime() - s0) / 1e9;

            reportRebalance(prefix, withTls ? throttle + ", TLS on every port" : throttle, bytesPerSecond, dataMb, loaded,
                    before, after, finished, finishedAt, restarts, t0, wall, cpuSeconds, moved, cleanup, written, loadAvg, epoch);
            return new RebalanceRun(withTls, loaded, wall, moved, cpuSeconds, loadAvg, cleanup);
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(all, 40));
            throw e;
        } finally {
            nodes.stop(all);
        }
    }

    private void reportRebalance(String prefix, String throttle, long bytesPerSecond, long dataMb, WriteLoad.Result loaded,
                                 Map<Node, Admin.Data> before, Map<Node, Admin.Data> after,
                                 Map<Node, Admin.Rebalance> finished, Map<Node, Long> finishedAt,
                                 Map<Node, Integer> restarts, long t0, double wall, double cpuSeconds, long moved,
                                 double cleanup, long written, String loadAvg, long epoch) {
        line("## Rebalance: 3 nodes with RF 3 → 5 nodes, %s", throttle);
        line("");
        line("Loaded %,d MB (%,d items of %,d bytes, %,d acknowledged at QUORUM, %,.0f ops/s, p50 %,d µs, p99 %,d µs, "
                        + "%,d failed) into n1–n3, then n4 and n5 joined (topology epoch %d with them JOINING, "
                        + "`POST /admin/v1/rebalance?epoch=%d` on all 5, then epoch %d all NORMAL). Wall time from the first "
                        + "POST until all 5 report COMPLETED: **%.2f s**. 1-minute load average before: %s.",
                dataMb, loaded.ops() + loaded.errors(), valueBytes, loaded.ops(), loaded.opsPerSecond(), loaded.p50Micros(),
                loaded.p99Micros(), loaded.errors(), epoch + 1, epoch + 1, epoch + 2, wall, loadAvg);
        line("");
        line("| node | role | ranges streamed | MB streamed (bytesMoved) | s until COMPLETED | MB/s while streaming | restarts after FAILED |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<Node, Admin.Rebalance> e : finished.entrySet()) {
            Node n = e.getKey();
            Admin.Rebalance r = e.getValue();
            double s = (finishedAt.get(n) - t0) / 1e9;
            boolean source = r.bytesMoved() > 0;
            line("| %s | %s | %,d | %s | %.2f | %s | %d |", n.id, source ? "source" : (n.id.equals("n4") || n.id.equals("n5")
                            ? "joining" : "no ranges to send"), r.rangesTotal(), mb(r.bytesMoved()), s,
                    source ? String.format(Locale.ROOT, "%.1f", r.bytesMoved() / MB / s) : "–", restarts.getOrDefault(n, 0));
        }
        line("| **all** | | | **%s** | **%.2f** | **%.1f** | |", mb(moved), wall, moved / MB / wall);
        line("");
        line("- rebalance throughput: **%.1f MB/s** (sum of bytesMoved over the nodes / wall time); node CPU during it: "
                + "%.1f s in %.2f s of wall time (%.2f cores busy)", moved / MB / wall, cpuSeconds, wall, cpuSeconds / wall);
        if (bytesPerSecond > 0) {
            double limit = bytesPerSecond / MB;
            double highest = finished.entrySet().stream().filter(e -> e.getValue().bytesMoved() > 0)
                    .mapToDouble(e -> e.getValue().bytesMoved() / MB / ((finishedAt.get(e.getKey()) - t0) / 1e9)).max().orElse(0);
            boolean holds = highest <= limit * 1.05;
            line("- throttle: highest source rate %.2f MB/s against a limit of %.2f MB/s per node: %s", highest, limit,
                    holds ? "holds" : "EXCEEDED");
            sane &= holds;
        }
        long keys = after.values().stream().mapToLong(Admin.Data::keys).sum();
        long notOwned = after.values().stream().mapToLong(Admin.Data::keysNotOwned).sum();
        boolean keysOk = keys == (long) RF * written;
        line("- sanity after cleanup (%.1f s after epoch %d was published): sum of keys over the 5 nodes %,d, "
                        + "%d × %,d acknowledged items = %,d: %s; keysNotOwned %s: %s; per node keys %s (before the "
                        + "scale-up: %s)",
                cleanup, epoch + 2, keys, RF, written, (long) RF * written, keysOk ? "OK" : "MISMATCH",
                after.values().stream().map(d -> Long.toString(d.keysNotOwned())).toList(), notOwned == 0 ? "OK" : "NOT ZERO",
                after.entrySet().stream().map(e -> e.getKey().id + " " + String.format(Locale.ROOT, "%,d", e.getValue().keys())).toList(),
                before.entrySet().stream().map(e -> e.getKey().id + " " + String.format(Locale.ROOT, "%,d", e.getValue().keys())).toList());
        line("");
        sane &= keysOk && notOwned == 0;
        progress("[%s] sanity: keys %,d (expected %,d) %s, keysNotOwned total %d", prefix, keys, (long) RF * written,
                keysOk ? "OK" : "MISMATCH", notOwned);
    }

    private Map<Node, Admin.Data> awaitData(List<Node> of, java.util.function.Predicate<Admin.Data> done, long timeoutSeconds,
                                            String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        AtomicReference<String> last = new AtomicReference<>();
        try (ProgressPhase waiting = progressLines.waiting("waiting until " + what).detail(last::get)) {
            while (true) {
                Map<Node, Admin.Data> data = new LinkedHashMap<>();
                boolean all = true;
                for (Node n : of) {
                    n.checkAlive();
                    Admin.Data d = admin.data(n);
                    data.put(n, d);
                    all &= done.test(d);
                }
                if (all) {
                    waiting.close();
                    progress("%s: %s", what, brief(data));
                    return data;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not reached within " + timeoutSeconds + " s: " + what + "; last: " + brief(data));
                }
                last.set(brief(data));
                Thread.sleep(1000);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Starts the nodes, with progress lines while they come up (a node JVM on busy cores takes its time). */
    private void start(LocalNodes nodes, List<Node> toStart) throws Exception {
        // Named by their data directories: the single node and the cluster's first node are both n1.
        String names = toStart.stream().map(n -> n.dataDir.getFileName().toString()).toList().toString();
        try (ProgressPhase starting = progressLines.waiting("starting " + names)) {
            nodes.startAll(toStart);
        }
    }

    private static String brief(Map<Node, Admin.Data> data) {
        return data.entrySet().stream().map(e -> e.getKey().id + " " + e.getValue()).toList().toString();
    }

    private static long cpu(List<Node> nodes) {
        return nodes.stream().mapToLong(Node::cpuMicros).sum();
    }

    private static String ports(List<Node> nodes) {
        return nodes.stream().map(n -> n.id + " (client " + n.port + ", admin " + n.adminPort + ")").toList().toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.1f", bytes / MB);
    }

    private static String describe(WriteLoad.Result r) {
        return String.format(Locale.ROOT, "%s: %,d ops in %.1f s = %,.0f ops/s, p50 %,d µs, p99 %,d µs, %,d failed",
                r.label(), r.ops(), r.seconds(), r.opsPerSecond(), r.p50Micros(), r.p99Micros(), r.errors());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[%s] %s%n", java.time.LocalTime.now().withNano(0), String.format(Locale.ROOT, format, args));
    }

    /**
     * Adds a line to the report. The report goes to stdout in one piece at the end, not line by line as the phases
     * finish, so that it is not scattered between the progress lines of a terminal.
     */
    private synchronized void line(String format, Object... args) {
        String s = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        report.append(s).append('\n');
    }

    private synchronized String report() {
        return report.toString();
    }

    /** Prints the report on stdout, once: at the end of the run or, if it is stopped, from the shutdown hook. */
    private synchronized void printReport() {
        if (!reportPrinted) {
            reportPrinted = true;
            System.out.print(report);
            System.out.flush();
        }
    }
}
