package io.distdb.bench.node;

import io.distdb.bench.Flags;
import io.distdb.bench.cluster.LocalNodes;
import io.distdb.bench.cluster.LocalNodes.Node;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's storage choices side by side, measured through its HTTP API as a client sees them, in one run:
 *
 * <ul>
 *   <li><b>key-value</b> ({@code DISTDB_STORAGE_KV_ENGINE=hashlog|lsm}): per engine a fresh node, loaded with
 *       {@code --keys} entries through {@code PUT /api/v1/kv/{hex}} with a block cache far smaller than the data,
 *       restarted (so the LSM's data is in tables, not in its memtable, and the reopen is timed), then random
 *       GETs and random overwrites for a fixed time each.</li>
 *   <li><b>word search</b> ({@code DISTDB_STORAGE_WORDS_INDEX=trie|lsm}): per index a fresh node, loaded with
 *       {@code --words} words through {@code POST /api/v1/words}, restarted, then {@code GET /search} with short
 *       (1-2 letter) and long (5-6 letter) prefixes, each for a fixed time, every answer compared with the
 *       expected one.</li>
 * </ul>
 *
 * <p>The nodes are real processes ({@link LocalNodes}), one at a time, all with the same JVM flags and
 * {@code DISTDB_DURABILITY=interval}. Progress goes to stderr, the report (Markdown) to stdout and {@code --out}.
 */
public final class EngineChoiceBenchmark {

    private static final double MB = 1024.0 * 1024.0;
    private static final Pattern BYTES = Pattern.compile("\"bytes\"\\s*:\\s*(-?\\d+)");

    private final String[] args;
    private final Path jar;
    private final List<String> jvmFlags;
    private final Path dir;
    private final Path logs;
    private final Path out;
    private final List<String> parts;
    private final List<String> kvEngines;
    private final List<String> wordIndexes;
    private final long keys;
    private final int valueBytes;
    private final int words;
    private final int limit;
    private final int threads;
    private final long seconds;
    private final long warmupSeconds;
    private final long rewarmSeconds;
    private final long cacheBytes;
    private final long memtableBytes;
    private final long syncIntervalMillis;
    private final boolean restart;
    private final boolean keep;
    private final long seed;
    private final long progressSeconds;
    private final String token = "bench-" + UUID.randomUUID();
    private final HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final long started = System.nanoTime();
    private final StringBuilder report = new StringBuilder();

    /** One timed (or counted) phase on one node. */
    private record Phase(String part, String setting, String name, ClosedLoop.Result result, String loadAverage) {
    }

    /** What one node of a part showed besides its phases. */
    private record NodeFacts(String part, String setting, double startSeconds, double reopenSeconds, long statusBytes,
                             long dirBytes, long rssBytes, long statusBytesAfter) {
    }

    private final List<Phase> phases = new ArrayList<>();
    private final List<NodeFacts> facts = new ArrayList<>();

    private EngineChoiceBenchmark(Flags flags, String[] args) {
        this.args = args;
        jar = Path.of(flags.string("jar", "dbnode/server/target/quarkus-app/quarkus-run.jar"));
        jvmFlags = List.of(flags.string("node-jvm-flags", "-Xmx1g").trim().split("\\s+"));
        dir = Path.of(flags.string("dir", System.getProperty("java.io.tmpdir")));
        logs = Path.of(flags.string("logs", "bench/target/engine-logs"));
        out = flags.has("out") ? Path.of(flags.string("out", null)) : null;
        parts = flags.list("parts", "kv,words");
        kvEngines = flags.list("kv-engines", "hashlog,lsm");
        wordIndexes = flags.list("words-indexes", "trie,lsm");
        keys = flags.positiveInt("keys", 1_000_000);
        valueBytes = flags.positiveInt("value-bytes", 100);
        words = flags.positiveInt("words", 200_000);
        limit = flags.positiveInt("limit", 10);
        threads = flags.positiveInt("threads", 16);
        seconds = flags.positiveInt("seconds", 15);
        warmupSeconds = flags.number("warmup-seconds", 8);
        rewarmSeconds = flags.number("rewarm-seconds", Math.min(3, warmupSeconds));
        cacheBytes = flags.positiveInt("cache-mb", 8) * (1L << 20);
        memtableBytes = flags.number("memtable-mb", 0) * (1L << 20);
        syncIntervalMillis = flags.positiveInt("sync-interval-millis", 100);
        restart = Boolean.parseBoolean(flags.string("restart", "true"));
        keep = Boolean.parseBoolean(flags.string("keep", "false"));
        seed = flags.number("seed", 42);
        progressSeconds = flags.positiveInt("progress-seconds", 5);
        for (String part : parts) {
            if (!List.of("kv", "words").contains(part)) {
                throw new IllegalArgumentException("unknown part " + part + " (kv, words)");
            }
        }
        for (String e : kvEngines) {
            if (!List.of("hashlog", "lsm").contains(e)) {
                throw new IllegalArgumentException("--kv-engines lists hashlog and lsm: " + e);
            }
        }
        for (String w : wordIndexes) {
            if (!List.of("trie", "lsm").contains(w)) {
                throw new IllegalArgumentException("--words-indexes lists trie and lsm: " + w);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        if (flags.has("help")) {
            System.out.println(HELP);
            return;
        }
        EngineChoiceBenchmark bench = new EngineChoiceBenchmark(flags, args);
        flags.rejectUnknown();
        System.exit(bench.run());
    }

    private static final String HELP = """
            Engines in the node, side by side: key-value entries on the hash log against the LSM
            (DISTDB_STORAGE_KV_ENGINE) and word prefix search from the radix trie against an LSM scan
            (DISTDB_STORAGE_WORDS_INDEX), each on a fresh node process, through the HTTP API. Build the node
            first (./mvnw -B -ntp -o -pl dbnode/server -am package -DskipTests), then from the repository root:
              java -cp bench/target/distdb-bench.jar io.distdb.bench.node.EngineChoiceBenchmark [flags]
            flags (MB = 2^20 bytes):
              --parts=kv,words           which comparisons to run
              --kv-engines=hashlog,lsm   key-value engines, in this order; ratios are first / second
              --words-indexes=trie,lsm   word indexes, in this order; ratios are first / second
              --keys=1000000             key-value entries loaded (16-byte keys); the hash log refuses new keys
                                         past a quarter of the node heap at ~184 bytes per key (-Xmx1g: ~1.45M)
              --value-bytes=100          characters of each value (the stored JSON entry is ~60 bytes more)
              --words=200000             distinct random lowercase words of 3-12 letters
              --limit=10                 limit of every search
              --threads=16               client threads, one keep-alive connection and one request at a time each
              --seconds=15               each timed phase
              --warmup-seconds=8         untimed run of the same requests before the first timed phase of a node
              --rewarm-seconds=3         ... and before each later one (another request type on a warm node)
              --cache-mb=8               DISTDB_BLOCK_CACHE_BYTES of every node
              --memtable-mb=0            DISTDB_MEMTABLE_BYTES of every node (0: the node's default, 32)
              --restart=true             restart each node after its load (SIGTERM, which flushes; then reopen)
              --sync-interval-millis=100 DISTDB_SYNC_INTERVAL_MILLIS (durability is always interval)
              --node-jvm-flags=-Xmx1g    JVM flags of every node, space separated (e.g. add a JFR recording)
              --jar=dbnode/server/target/quarkus-app/quarkus-run.jar
              --dir=$TMPDIR              node data goes to a fresh directory under it, deleted at the end
              --logs=bench/target/engine-logs   node logs (kept)
              --keep=false               keep the node data directories
              --seed=42                  seed of keys, values, words and every random choice
              --progress-seconds=5       progress lines on stderr this often
              --out=FILE                 Markdown copy of the report""";

    private int run() throws Exception {
        if (!Files.exists(jar)) {
            System.err.println("the packaged node is missing: " + jar
                    + " (./mvnw -B -ntp -o -pl dbnode/server -am package -DskipTests)");
            return 2;
        }
        Path dataRoot = Files.createTempDirectory(Files.createDirectories(dir), "distdb-engine-bench-");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISTDB_DURABILITY", "interval");
        env.put("DISTDB_SYNC_INTERVAL_MILLIS", Long.toString(syncIntervalMillis));
        env.put("DISTDB_BLOCK_CACHE_BYTES", Long.toString(cacheBytes));
        if (memtableBytes > 0) {
            env.put("DISTDB_MEMTABLE_BYTES", Long.toString(memtableBytes));
        }
        int exit = 0;
        List<String> body = new ArrayList<>();
        try (LocalNodes nodes = new LocalNodes(jar, jvmFlags, dataRoot, logs, token, env, keep)) {
            if (parts.contains("kv")) {
                KvData data = new KvData(keys, valueBytes, seed);
                for (String engine : kvEngines) {
                    kvNode(nodes, data, engine);
                }
                body.addAll(kvReport(data));
            }
            if (parts.contains("words")) {
                progress("generating %,d words and the expected answers", words);
                WordData data = new WordData(words, limit, 20_000, seed);
                for (String index : wordIndexes) {
                    wordsNode(nodes, data, index);
                }
                body.addAll(wordsReport(data));
            }
        } catch (Exception | AssertionError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.err.println(trace);
            body.add("");
            body.add("**FAILED**: " + e);
            exit = 1;
        }
        header(env);
        body.forEach(this::line);
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.err.println("report written to " + out);
        }
        return exit;
    }

    // ---------------------------------------------------------------- key-value

    private void kvNode(LocalNodes nodes, KvData data, String engine) throws Exception {
        Node node = nodes.create("kv-" + engine, "n1");
        node.env.put("DISTDB_STORAGE_KV_ENGINE", engine);
        List<Node> one = List.of(node);
        String setting = engine;
        try {
            progress("kv %s: starting a node (load average %s)", engine, loadAverage());
            long t0 = System.nanoTime();
            nodes.startAll(one);
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            ClosedLoop loop = new ClosedLoop("127.0.0.1", node.port, threads, seed, progressSeconds);

            String loadAvg = loadAverage();
            progress("kv %s: ready in %.1f s on port %d; loading %,d entries (load average %s)", engine, startSeconds,
                    node.port, data.count(), loadAvg);
            ClosedLoop.Result load = loop.run("kv " + engine + " load", 0, data.count(),
                    (c, r, seq) -> expect(c.send("PUT", data.path(seq), data.putBody(seq, 0)), 200, c), node::cpuMicros);
            record("kv", setting, "load (PUT new keys)", load, loadAvg);
            if (load.errors() > 0) {
                throw new IllegalStateException("the load failed " + load.errors() + " times: " + load.firstErrors());
            }
            double reopen = reopen(nodes, node, "kv " + engine);
            long statusBytes = statusBytes(node);
            long dirBytes = dirBytes(node.dataDir);
            long rss = rssBytes(node);
            progress("kv %s: data %.1f MB (status) / %.1f MB on disk, block cache %.1f MB, node RSS %.0f MB", engine,
                    statusBytes / MB, dirBytes / MB, cacheBytes / MB, rss / MB);

            ClosedLoop.Operation get = (c, r, seq) -> {
                long i = r.nextLong(data.count());
                int status = c.send("GET", data.path(i), null);
                if (status != 200) {
                    return "GET " + data.path(i) + " -> " + status + " " + c.bodyText();
                }
                return c.bodyEndsWith(data.getSuffix(i, 0)) ? null : "GET " + data.path(i) + " -> wrong value: " + c.bodyText();
            };
            timed(loop, node, "kv", setting, "kv " + engine, "GET (random keys)", get, warmupSeconds);

            ClosedLoop.Operation put = (c, r, seq) -> {
                long i = r.nextLong(data.count());
                return expect(c.send("PUT", data.path(i), data.putBody(i, 1 + r.nextInt(KvData.VARIANTS - 1))), 200, c);
            };
            timed(loop, node, "kv", setting, "kv " + engine, "PUT (overwrite random keys)", put, rewarmSeconds);
            long statusAfter = statusBytes(node);
            facts.add(new NodeFacts("kv", setting, startSeconds, reopen, statusBytes, dirBytes, rss, statusAfter));
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(one, 40));
            throw e;
        } finally {
            stopGracefully(node);
            nodes.stop(one);
        }
    }

    private List<String> kvReport(KvData data) {
        List<String> lines = new ArrayList<>();
        lines.add("## Key-value entries: hash log against LSM");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Per engine (`DISTDB_STORAGE_KV_ENGINE`) a fresh node: %,d entries loaded "
                        + "with `PUT /api/v1/kv/{hex}` (16-byte keys in no particular order, %,d-character values, "
                        + "%,d-byte JSON bodies), %s; then %d s of `GET` of uniformly random loaded keys (every answer's "
                        + "value checked), then %d s of `PUT` overwrites of uniformly random keys, each after an untimed "
                        + "warm-up of the same requests (%d s, then %d s).", data.count(), data.valueBytes(),
                data.bodyBytes(), restart ? "the node restarted (SIGTERM, which flushes the memtable; reopen timed)"
                        : "no restart", seconds, seconds, warmupSeconds, rewarmSeconds));
        lines.add("");
        lines.addAll(factsTable("kv", kvEngines));
        lines.add("");
        lines.addAll(phaseTable("kv", kvEngines));
        lines.add("");
        lines.addAll(ratios("kv", kvEngines, List.of("load (PUT new keys)", "GET (random keys)", "PUT (overwrite random keys)"),
                "GET (random keys)", 1.5));
        return lines;
    }

    // ---------------------------------------------------------------- words

    private void wordsNode(LocalNodes nodes, WordData data, String index) throws Exception {
        Node node = nodes.create("words-" + index, "n1");
        node.env.put("DISTDB_STORAGE_WORDS_INDEX", index);
        List<Node> one = List.of(node);
        String setting = index;
        try {
            progress("words %s: starting a node (load average %s)", index, loadAverage());
            long t0 = System.nanoTime();
            nodes.startAll(one);
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            ClosedLoop loop = new ClosedLoop("127.0.0.1", node.port, threads, seed, progressSeconds);
            String loadAvg = loadAverage();
            progress("words %s: ready in %.1f s on port %d; adding %,d words (load average %s)", index, startSeconds,
                    node.port, data.count(), loadAvg);
            ClosedLoop.Result load = loop.run("words " + index + " load", 0, data.count(),
                    (c, r, seq) -> expect(c.send("POST", "/api/v1/words",
                            ("{\"word\":\"" + data.word(seq) + "\"}").getBytes(StandardCharsets.US_ASCII)), 201, c),
                    node::cpuMicros);
            record("words", setting, "load (POST new words)", load, loadAvg);
            if (load.errors() > 0) {
                throw new IllegalStateException("the load failed " + load.errors() + " times: " + load.firstErrors());
            }
            double reopen = reopen(nodes, node, "words " + index);
            long statusBytes = statusBytes(node);
            long dirBytes = dirBytes(node.dataDir);
            long rss = rssBytes(node);
            progress("words %s: data %.1f MB (status) / %.1f MB on disk, node RSS %.0f MB", index, statusBytes / MB,
                    dirBytes / MB, rss / MB);
            timed(loop, node, "words", setting, "words " + index, "search, 1-2 letter prefixes", (c, r, seq) -> {
                WordData.Query q = data.shortQuery(r);
                return check(c.send("GET", q.path(), null), q, c);
            }, warmupSeconds);
            timed(loop, node, "words", setting, "words " + index, "search, 5-6 letter prefixes", (c, r, seq) -> {
                WordData.Query q = data.longQuery(r);
                return check(c.send("GET", q.path(), null), q, c);
            }, rewarmSeconds);
            facts.add(new NodeFacts("words", setting, startSeconds, reopen, statusBytes, dirBytes, rss, statusBytes(node)));
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(one, 40));
            throw e;
        } finally {
            stopGracefully(node);
            nodes.stop(one);
        }
    }

    private static String check(int status, WordData.Query q, HttpConnection c) {
        if (status != 200) {
            return "GET " + q.path() + " -> " + status + " " + c.bodyText();
        }
        return c.bodyEquals(q.expected()) ? null : "GET " + q.path() + " -> " + c.bodyText() + ", expected "
                + new String(q.expected(), StandardCharsets.UTF_8);
    }

    private List<String> wordsReport(WordData data) {
        List<String> lines = new ArrayList<>();
        lines.add("## Word search: radix trie against LSM scan");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Per index (`DISTDB_STORAGE_WORDS_INDEX`) a fresh node: %,d distinct random "
                        + "lowercase words of 3-12 letters added with `POST /api/v1/words` in random order, %s; then "
                        + "`GET /search?q=<prefix>&limit=%d` for %d s with 1-2 letter prefixes (length, then letters, "
                        + "uniformly; %.1f words per answer on average) and %d s with 5-6 letter prefixes of random "
                        + "loaded words (%.2f words per answer), each after an untimed warm-up (%d s, then %d s). Every "
                        + "answer is compared byte for byte with the expected JSON.", data.count(),
                restart ? "the node restarted (the trie is rebuilt from the LSM at start; reopen timed)" : "no restart",
                limit, seconds, data.meanResults(true), seconds, data.meanResults(false), warmupSeconds, rewarmSeconds));
        lines.add("");
        lines.addAll(factsTable("words", wordIndexes));
        lines.add("");
        lines.addAll(phaseTable("words", wordIndexes));
        lines.add("");
        lines.addAll(ratios("words", wordIndexes, List.of("load (POST new words)", "search, 1-2 letter prefixes",
                "search, 5-6 letter prefixes"), null, 2.0));
        return lines;
    }

    // ---------------------------------------------------------------- phases

    private void timed(ClosedLoop loop, Node node, String part, String setting, String what, String name, ClosedLoop.Operation op,
                       long warmup) throws Exception {
        if (warmup > 0) {
            progress("%s: warm-up %s, %d s", what, name, warmup);
            ClosedLoop.Result w = loop.run(what + " warm-up", warmup, 0, op, () -> 0);
            if (w.errors() > 0) {
                throw new IllegalStateException(what + " " + name + " warm-up failed " + w.errors() + " times: "
                        + w.firstErrors());
            }
        }
        String loadAvg = loadAverage();
        progress("%s: %s, %d s (load average %s)", what, name, seconds, loadAvg);
        ClosedLoop.Result r = loop.run(what + " " + name, seconds, 0, op, node::cpuMicros);
        record(part, setting, name, r, loadAvg);
        node.checkAlive();
    }

    private void record(String part, String setting, String name, ClosedLoop.Result r, String loadAvg) {
        phases.add(new Phase(part, setting, name, r, loadAvg));
        progress("%s %s: %,.0f ops/s, p50 %,d µs, p99 %,d µs, node CPU %.1f µs/op, client CPU %.1f µs/op, %,d failed; "
                        + "other processes %.2f cores, steal %.2f cores", setting, name, r.opsPerSecond(), r.p50Micros(),
                r.p99Micros(), r.nodeCpuMicrosPerOp(), r.clientCpuMicrosPerOp(), r.errors(), r.otherCores(), r.stealCores());
    }

    private double reopen(LocalNodes nodes, Node node, String what) throws Exception {
        if (!restart) {
            return Double.NaN;
        }
        progress("%s: restarting the node", what);
        long t0 = System.nanoTime();
        nodes.restart(node, 120);
        double took = (System.nanoTime() - t0) / 1e9;
        progress("%s: stopped and ready again in %.1f s", what, took);
        return took;
    }

    /**
     * SIGTERM and up to 60 s for the node to close its store and exit, so that a JFR recording in the node flags is
     * written; {@link LocalNodes#stop} then kills whatever is left and deletes the data.
     */
    private static void stopGracefully(Node node) {
        Process p = node.process();
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String expect(int status, int expected, HttpConnection c) {
        return status == expected ? null : status + " " + c.bodyText();
    }

    // ---------------------------------------------------------------- report

    private List<String> factsTable(String part, List<String> settings) {
        List<String> lines = new ArrayList<>();
        lines.add("| setting | node start s | stop + reopen s | data MB (status) | data dir MB | block cache MB | data / cache | node RSS MB | data MB after the run |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String s : settings) {
            facts.stream().filter(f -> f.part().equals(part) && f.setting().equals(s)).findFirst().ifPresent(f -> lines.add(String.format(Locale.ROOT,
                    "| %s | %.1f | %s | %.1f | %.1f | %.0f | %.1f | %.0f | %.1f |", s, f.startSeconds(),
                    Double.isNaN(f.reopenSeconds()) ? "-" : String.format(Locale.ROOT, "%.1f", f.reopenSeconds()),
                    f.statusBytes() / MB, f.dirBytes() / MB, cacheBytes / MB, (double) f.statusBytes() / cacheBytes,
                    f.rssBytes() / MB, f.statusBytesAfter() / MB)));
        }
        return lines;
    }

    private List<String> phaseTable(String part, List<String> settings) {
        List<String> lines = new ArrayList<>();
        lines.add("| setting | phase | ops | ops/s | p50 µs | p99 µs | p99.9 µs | node CPU µs/op | client CPU µs/op | failed | load avg before | other cores | steal cores |");
        lines.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String s : settings) {
            for (Phase p : phases) {
                if (p.part().equals(part) && p.setting().equals(s)) {
                    ClosedLoop.Result r = p.result();
                    lines.add(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %,d | %,d | %,d | %.1f | %.1f | %,d | %s | %.2f | %.2f |",
                            s, p.name(), r.ops(), r.opsPerSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros(),
                            r.nodeCpuMicrosPerOp(), r.clientCpuMicrosPerOp(), r.errors(), p.loadAverage(), r.otherCores(),
                            r.stealCores()));
                }
            }
        }
        return lines;
    }

    /**
     * first/second ratios of every phase; {@code targetPhase} (null: every phase but the load) is checked against
     * {@code target}.
     */
    private List<String> ratios(String part, List<String> settings, List<String> names, String targetPhase, double target) {
        List<String> lines = new ArrayList<>();
        if (settings.size() < 2) {
            return lines;
        }
        String a = settings.get(0);
        String b = settings.get(1);
        lines.add(String.format(Locale.ROOT, "| phase | ops/s %s/%s | p50 %s/%s | node CPU µs/op %s − %s | target |",
                a, b, b, a, b, a));
        lines.add("| --- | ---: | ---: | ---: | --- |");
        for (String name : names) {
            ClosedLoop.Result ra = find(part, a, name);
            ClosedLoop.Result rb = find(part, b, name);
            if (ra == null || rb == null) {
                continue;
            }
            double ratio = ra.opsPerSecond() / rb.opsPerSecond();
            boolean checked = targetPhase == null ? !name.startsWith("load") : name.equals(targetPhase);
            String verdict = checked ? String.format(Locale.ROOT, "≥ %.1f: %s", target, ratio >= target ? "met" : "**missed**")
                    : "";
            lines.add(String.format(Locale.ROOT, "| %s | **%.2f** | %.2f | %+.1f µs (%.1f vs %.1f) | %s |", name, ratio,
                    (double) rb.p50Micros() / Math.max(1, ra.p50Micros()), rb.nodeCpuMicrosPerOp() - ra.nodeCpuMicrosPerOp(),
                    rb.nodeCpuMicrosPerOp(), ra.nodeCpuMicrosPerOp(), verdict));
        }
        lines.add("");
        return lines;
    }

    private ClosedLoop.Result find(String part, String setting, String name) {
        for (Phase p : phases) {
            if (p.part().equals(part) && p.setting().equals(setting) && p.name().equals(name)) {
                return p.result();
            }
        }
        return null;
    }

    private void header(Map<String, String> env) {
        line("# Engines in the node: hash log for key-value, trie for word search");
        line("");
        line("- machine: %d cores, %s %s, %.0f GB RAM, JVM %s, %s; the client threads and the node share the cores "
                        + "(loopback)", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), memTotalBytes() / MB / 1024, System.getProperty("java.vm.version"),
                LocalDate.now());
        line("- command: `%s`", command());
        line("- nodes (one at a time): `java %s -jar %s`, %s", String.join(" ", jvmFlags), jar.getFileName(),
                String.join(", ", env.entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList()));
        line("- client: %d threads in this JVM, each one plain HTTP/1.1 keep-alive connection (a minimal blocking "
                + "client on the calling thread), one request at a time; ops/s = successful requests / wall time; "
                + "latency from writing the request to the last byte of the answer", threads);
        line("- node CPU µs/op: utime + stime of the node process (`/proc/<pid>/stat`, all its threads) over the phase / "
                + "its operations; client CPU µs/op: the same for this JVM");
        line("- load avg before: the 1-minute load average as the phase starts (the benchmark's own threads count in it "
                + "from the first phase on); other cores: the machine's busy CPU time over the phase (`/proc/stat`) less "
                + "the node's and the client's, per second of the phase: what anything else on the machine took; steal "
                + "cores: the same for the hypervisor's steal time");
        line("");
    }

    private String command() {
        return ProcessHandle.current().info().commandLine().orElseGet(() -> "java "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                + " -cp bench/target/distdb-bench.jar " + EngineChoiceBenchmark.class.getName() + " " + String.join(" ", args));
    }

    private void line(String format, Object... values) {
        report.append(values.length == 0 ? format : String.format(Locale.ROOT, format, values)).append('\n');
    }

    private void progress(String format, Object... values) {
        System.err.printf(Locale.ROOT, "[%s %6.1f s] %s%n",
                java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                (System.nanoTime() - started) / 1e9, String.format(Locale.ROOT, format, values));
    }

    // ---------------------------------------------------------------- node facts

    /** {@code bytes} of {@code GET /admin/v1/status}: the node's data on disk and in memtables, over every engine. */
    private long statusBytes(Node node) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.adminUri() + "/admin/v1/status"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = admin.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /admin/v1/status answered " + response.statusCode() + ": " + response.body());
        }
        Matcher m = BYTES.matcher(response.body());
        if (!m.find()) {
            throw new IOException("no bytes in the status: " + response.body());
        }
        return Long.parseLong(m.group(1));
    }

    private static long dirBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        }
    }

    /** The node process's resident set ({@code VmRSS}), 0 if unknown. */
    private static long rssBytes(Node node) {
        Process p = node.process();
        if (p == null) {
            return 0;
        }
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException unknown) {
            // not Linux
        }
        return 0;
    }

    private static long memTotalBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException unknown) {
            // not Linux
        }
        return 0;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
