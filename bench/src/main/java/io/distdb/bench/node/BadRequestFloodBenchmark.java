package io.distdb.bench.node;

import io.distdb.bench.Progress;
import io.distdb.bench.Flags;
import io.distdb.bench.cluster.LocalNodes;
import io.distdb.bench.cluster.LocalNodes.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a flood of bad requests slows good ones: one node, loaded with key-value entries; then, in each round,
 * random {@code GET /api/v1/kv/{key}} from {@code --good-threads} alone, and the same GETs while
 * {@code --bad-threads} send requests the node must refuse (a body declared over the size limit and never sent, invalid
 * JSON, {@code limit=abc}, a URL over the limit, a value that is not the base64 it claims, a JSON body without a
 * Content-Type). Every answer is checked: good ones for their value, bad ones for their status. It reports the good
 * requests' throughput, p50 and p99 in both phases and the ratios; the node's refusals are cheap when the ratios stay
 * near 1.
 *
 * <p>The good and bad clients share the machine's cores with the node, so the flood costs the good requests some CPU
 * whatever the node does with it; {@code --bad-threads} against {@code --good-threads} sets how much. Progress goes
 * to stderr, the report (Markdown) to stdout and {@code --out}.
 */
public final class BadRequestFloodBenchmark {

    private static final String HELP = """
            Good GETs alone, then with a flood of bad requests, on one node process, through the HTTP API. Build the
            node first (./mvnw -B -ntp -o -pl dbnode/server -am package -DskipTests), then from the repository root:
              java -cp bench/target/distdb-bench.jar io.distdb.bench.node.BadRequestFloodBenchmark [flags]
            flags:
              --keys=20000              key-value entries loaded before the rounds
              --value-bytes=100         characters of each value
              --good-threads=4          threads sending good GETs (one keep-alive connection each)
              --bad-threads=4           threads sending bad requests during the flood phases
              --seconds=20              each timed phase
              --rounds=2                rounds of (alone, flood)
              --warmup-seconds=15       untimed good and bad requests before the first round
              --oversized-mb=13         the body a bad request declares and never sends (over the node's 12 MiB)
              --node-jvm-flags=-Xmx1g   JVM flags of the node, space separated
              --jar=dbnode/server/target/quarkus-app/quarkus-run.jar
              --dir=$TMPDIR             node data goes to a fresh directory under it, deleted at the end
              --logs=bench/target/flood-logs   node log (kept)
              --seed=42
              --progress-seconds=10     a progress line on stderr this often (0: none)
              --out=FILE                a copy of the report
            """;

    private final Path jar;
    private final List<String> jvmFlags;
    private final Path dir;
    private final Path logs;
    private final Path out;
    private final long keys;
    private final int valueBytes;
    private final int goodThreads;
    private final int badThreads;
    private final long seconds;
    private final int rounds;
    private final long warmupSeconds;
    private final long oversizedBytes;
    private final long seed;
    private final Progress progress;

    private BadRequestFloodBenchmark(Flags flags) {
        jar = Path.of(flags.string("jar", "dbnode/server/target/quarkus-app/quarkus-run.jar"));
        jvmFlags = List.of(flags.string("node-jvm-flags", "-Xmx1g").trim().split("\\s+"));
        dir = Path.of(flags.string("dir", System.getProperty("java.io.tmpdir")));
        logs = Path.of(flags.string("logs", "bench/target/flood-logs"));
        out = flags.has("out") ? Path.of(flags.string("out", null)) : null;
        keys = flags.positiveInt("keys", 20_000);
        valueBytes = flags.positiveInt("value-bytes", 100);
        goodThreads = flags.positiveInt("good-threads", 4);
        badThreads = flags.positiveInt("bad-threads", 4);
        seconds = flags.positiveInt("seconds", 20);
        rounds = flags.positiveInt("rounds", 2);
        warmupSeconds = flags.number("warmup-seconds", 15);
        oversizedBytes = flags.positiveInt("oversized-mb", 13) * (1L << 20);
        seed = flags.number("seed", 42);
        progress = Progress.fromFlags(flags);
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        if (flags.has("help")) {
            System.out.println(HELP);
            return;
        }
        BadRequestFloodBenchmark bench = new BadRequestFloodBenchmark(flags);
        flags.rejectUnknown();
        System.exit(bench.run());
    }

    /** The good and the flooded phase of one round. */
    private record Round(int round, ClosedLoop.Result alone, ClosedLoop.Result flooded, ClosedLoop.Result bad) {
    }

    private int run() throws Exception {
        KvData data = new KvData(keys, valueBytes, seed);
        Path dataRoot = dir.resolve("distdb-flood-" + UUID.randomUUID());
        Map<String, String> env = Map.of("DISTDB_DURABILITY", "interval");
        List<Round> results = new ArrayList<>();
        try (LocalNodes nodes = new LocalNodes(jar, jvmFlags, dataRoot, logs, "bench-" + UUID.randomUUID(), env, false)) {
            Node node = nodes.create("flood", "n1");
            System.err.println("starting the node");
            nodes.startAll(List.of(node));
            ClosedLoop good = new ClosedLoop("127.0.0.1", node.port, goodThreads, seed, progress);
            ClosedLoop bad = new ClosedLoop("127.0.0.1", node.port, badThreads, seed + 1, progress);
            BadRequests flood = new BadRequests(data, oversizedBytes);
            ClosedLoop.Operation get = (c, r, seq) -> {
                long i = r.nextLong(data.count());
                int status = c.send("GET", data.path(i), null);
                if (status != 200) {
                    return "GET " + data.path(i) + " -> " + status + " " + c.bodyText();
                }
                return c.bodyEndsWith(data.getSuffix(i, 0)) ? null : "GET " + data.path(i) + " -> wrong value";
            };
            System.err.printf("loading %,d entries%n", data.count());
            ClosedLoop.Result loaded = good.run("load", 0, data.count(),
                    (c, r, seq) -> c.send("PUT", data.path(seq), data.putBody(seq, 0)) == 200 ? null : "PUT -> " + c.bodyText(),
                    node::cpuMicros, () -> 0);
            if (loaded.errors() > 0) {
                throw new IOException("the load failed: " + loaded.firstErrors());
            }
            if (warmupSeconds > 0) {
                System.err.printf("warming up for %d s%n", warmupSeconds);
                together(good, bad, "warm-up", warmupSeconds, get, flood, node);
            }
            for (int round = 1; round <= rounds; round++) {
                System.err.printf("round %d: good GETs alone%n", round);
                ClosedLoop.Result alone = good.run("alone " + round, seconds, 0, get, node::cpuMicros, () -> 0);
                System.err.printf("round %d: good GETs with the flood%n", round);
                ClosedLoop.Result[] both = together(good, bad, "flood " + round, seconds, get, flood, node);
                results.add(new Round(round, alone, both[0], both[1]));
            }
            nodes.stop(List.of(node));
        }
        String report = report(results);
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.err.println("report written to " + out);
        }
        boolean failed = results.stream().anyMatch(r -> r.alone().errors() + r.flooded().errors() + r.bad().errors() > 0);
        return failed ? 1 : 0;
    }

    /** Good and bad requests at once for {@code seconds}; returns the good result and the bad one. */
    private static ClosedLoop.Result[] together(ClosedLoop good, ClosedLoop bad, String label, long seconds,
                                                ClosedLoop.Operation get, BadRequests flood, Node node) throws Exception {
        AtomicReference<ClosedLoop.Result> badResult = new AtomicReference<>();
        AtomicReference<Exception> badFailure = new AtomicReference<>();
        Thread flooding = new Thread(() -> {
            try {
                badResult.set(bad.run(label + " bad", seconds, 0, flood, () -> 0, () -> 0));
            } catch (Exception e) {
                badFailure.set(e);
            }
        }, "flood");
        flooding.start();
        ClosedLoop.Result goodResult = good.run(label + " good", seconds, 0, get, node::cpuMicros, () -> 0);
        flooding.join();
        if (badFailure.get() != null) {
            throw badFailure.get();
        }
        return new ClosedLoop.Result[] {goodResult, badResult.get()};
    }

    private String report(List<Round> results) {
        StringBuilder r = new StringBuilder();
        r.append("## Good requests under a flood of bad ones\n\n");
        r.append(String.format(Locale.ROOT, "One node (%s), %,d key-value entries of %d-byte values; %d threads of random "
                        + "`GET /api/v1/kv/{key}`, alone and while %d threads send bad requests (%s); %d s per phase, %d rounds.%n%n",
                String.join(" ", jvmFlags), keys, valueBytes, goodThreads, badThreads, BadRequests.KINDS, seconds, rounds));
        r.append("| round | phase | good ops/s | good p50 µs | good p99 µs | bad ops/s | node CPU µs per good op | errors |\n");
        r.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double aloneOps = 0;
        double floodOps = 0;
        double aloneP99 = 0;
        double floodP99 = 0;
        double aloneP50 = 0;
        double floodP50 = 0;
        for (Round round : results) {
            row(r, round.round(), "alone", round.alone(), null);
            row(r, round.round(), "flood", round.flooded(), round.bad());
            aloneOps += round.alone().opsPerSecond();
            floodOps += round.flooded().opsPerSecond();
            aloneP50 += round.alone().p50Micros();
            floodP50 += round.flooded().p50Micros();
            aloneP99 += round.alone().p99Micros();
            floodP99 += round.flooded().p99Micros();
        }
        r.append(String.format(Locale.ROOT, "%nflood / alone, over all rounds: throughput %.2f, p50 %.2f, p99 %.2f%n",
                ratio(floodOps, aloneOps), ratio(floodP50, aloneP50), ratio(floodP99, aloneP99)));
        return r.toString();
    }

    private static void row(StringBuilder r, int round, String phase, ClosedLoop.Result good, ClosedLoop.Result bad) {
        long errors = good.errors() + (bad == null ? 0 : bad.errors());
        r.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,d | %,d | %s | %.0f | %d |%n", round, phase,
                good.opsPerSecond(), good.p50Micros(), good.p99Micros(),
                bad == null ? "-" : String.format(Locale.ROOT, "%,.0f", bad.opsPerSecond()), good.nodeCpuMicrosPerOp(), errors));
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
