package io.distdb.bench.node;

import io.distdb.bench.Flags;
import io.distdb.bench.ProcStat;
import io.distdb.bench.Progress;
import io.distdb.bench.ProgressPhase;
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
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>The nodes are real processes ({@link LocalNodes}), all with the same JVM flags and
 * {@code DISTDB_DURABILITY=interval}. The nodes of one comparison are loaded one after the other, each alone, and then
 * both stay up while the timed phases take turns on them ({@code --rounds}, the order reversed every round): on a
 * machine whose speed drifts from minute to minute (shared cores), measuring one setting minutes after the other
 * moved the ratio more than the settings did. Progress goes to stderr, the report (Markdown) to stdout and
 * {@code --out}.
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
    private final Progress progressLines;
    private final int rounds;
    private final long settleSeconds;
    private final long warmupMaxSeconds;
    private final String token = "bench-" + UUID.randomUUID();
    private final HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final long started = System.nanoTime();
    private final StringBuilder report = new StringBuilder();

    /** One timed (or counted: the load, round 0) phase on one node. */
    private record Phase(String part, String setting, String name, int round, ClosedLoop.Result result,
                         String loadAverage) {
    }

    private static final String KV_LOAD = "load (PUT new keys)";
    private static final String KV_GET = "GET (random keys)";
    private static final String KV_PUT = "PUT (overwrite random keys)";
    private static final String WORDS_LOAD = "load (POST new words)";
    private static final String SHORT_PREFIXES = "search, 1-2 letter prefixes";
    private static final String LONG_PREFIXES = "search, 5-6 letter prefixes";

    private static final long WARMUP_STEP_SECONDS = 2;

    private final List<Phase> phases = new ArrayList<>();
    private final List<Subject> facts = new ArrayList<>();
    /** How long each warm-up took, per part: "setting request-type N s". */
    private final Map<String, List<String>> warmups = new LinkedHashMap<>();

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
        keys = flags.positiveInt("keys", 600_000);
        valueBytes = flags.positiveInt("value-bytes", 100);
        words = flags.positiveInt("words", 200_000);
        limit = flags.positiveInt("limit", 10);
        threads = flags.positiveInt("threads", 16);
        seconds = flags.positiveInt("seconds", 7);
        warmupSeconds = flags.number("warmup-seconds", 8);
        rewarmSeconds = flags.number("rewarm-seconds", Math.min(3, warmupSeconds));
        cacheBytes = flags.positiveInt("cache-mb", 8) * (1L << 20);
        memtableBytes = flags.number("memtable-mb", 0) * (1L << 20);
        syncIntervalMillis = flags.positiveInt("sync-interval-millis", 100);
        restart = Boolean.parseBoolean(flags.string("restart", "true"));
        keep = Boolean.parseBoolean(flags.string("keep", "false"));
        seed = flags.number("seed", 42);
        progressLines = Progress.fromFlags(flags);
        rounds = flags.positiveInt("rounds", 2);
        settleSeconds = flags.number("settle-seconds", 60);
        warmupMaxSeconds = flags.positiveInt("warmup-max-seconds", 20);
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
              --keys=600000              key-value entries loaded (16-byte keys); the hash log refuses new keys
                                         past a quarter of the node heap at ~184 bytes per key (-Xmx1g: ~1.45M)
              --value-bytes=100          characters of each value (the stored JSON entry is ~60 bytes more)
              --words=200000             distinct random lowercase words of 3-12 letters
              --limit=10                 limit of every search
              --threads=16               client threads, one keep-alive connection and one request at a time each
              --seconds=7                each timed phase (one node, one round)
              --rounds=2                 timed rounds per request type; both nodes of a comparison stay up and
                                         take turns, the first setting first in odd rounds, last in even ones
              --warmup-seconds=8         untimed runs of the same requests before the first request type on a
                                         node: at least this long, then until the rate stops rising (2 s steps,
                                         two in a row within 5% of the one before), at most --warmup-max-seconds
              --rewarm-seconds=3         ... the same before each later request type (a warm node)
              --warmup-max-seconds=20
              --cache-mb=8               DISTDB_BLOCK_CACHE_BYTES of every node
              --memtable-mb=0            DISTDB_MEMTABLE_BYTES of every node (0: the node's default, 32)
              --restart=true             restart each node after its load (SIGTERM, which flushes; then reopen)
              --settle-seconds=60        after the load (and restart), wait up to this long for the node to go
                                         idle (under 5% of a core), e.g. an LSM compacting, before going on
              --sync-interval-millis=100 DISTDB_SYNC_INTERVAL_MILLIS (durability is always interval)
              --node-jvm-flags=-Xmx1g    JVM flags of every node, space separated (e.g. add a JFR recording)
              --jar=dbnode/server/target/quarkus-app/quarkus-run.jar
              --dir=$TMPDIR              node data goes to a fresh directory under it, deleted at the end
              --logs=bench/target/engine-logs   node logs (kept)
              --keep=false               keep the node data directories
              --seed=42                  seed of keys, values, words and every random choice
              --progress-seconds=10      a progress line on stderr this often while a phase runs (0: none)
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
                try {
                    kvPart(nodes, data);
                } finally {
                    body.addAll(kvReport(data));
                }
            }
            if (parts.contains("words")) {
                progress("generating %,d words and the expected answers", words);
                WordData data = new WordData(words, limit, 20_000, seed);
                try {
                    wordsPart(nodes, data);
                } finally {
                    body.addAll(wordsReport(data));
                }
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

    // ---------------------------------------------------------------- the two parts

    private void kvPart(LocalNodes nodes, KvData data) throws Exception {
        ClosedLoop.Operation get = (c, r, seq) -> {
            long i = r.nextLong(data.count());
            int status = c.send("GET", data.path(i), null);
            if (status != 200) {
                return "GET " + data.path(i) + " -> " + status + " " + c.bodyText();
            }
            return c.bodyEndsWith(data.getSuffix(i, 0)) ? null : "GET " + data.path(i) + " -> wrong value: " + c.bodyText();
        };
        ClosedLoop.Operation put = (c, r, seq) -> {
            long i = r.nextLong(data.count());
            return expect(c.send("PUT", data.path(i), data.putBody(i, 1 + r.nextInt(KvData.VARIANTS - 1))), 200, c);
        };
        part(nodes, "kv", kvEngines, "DISTDB_STORAGE_KV_ENGINE", KV_LOAD, data.count(),
                (c, r, seq) -> expect(c.send("PUT", data.path(seq), data.putBody(seq, 0)), 200, c),
                List.of(new Workload(KV_GET, warmupSeconds, get), new Workload(KV_PUT, rewarmSeconds, put)));
    }

    private void wordsPart(LocalNodes nodes, WordData data) throws Exception {
        part(nodes, "words", wordIndexes, "DISTDB_STORAGE_WORDS_INDEX", WORDS_LOAD, data.count(),
                (c, r, seq) -> expect(c.send("POST", "/api/v1/words",
                        ("{\"word\":\"" + data.word(seq) + "\"}").getBytes(StandardCharsets.US_ASCII)), 201, c),
                List.of(new Workload(SHORT_PREFIXES, warmupSeconds, (c, r, seq) -> {
                    WordData.Query q = data.shortQuery(r);
                    return check(c.send("GET", q.path(), null), q, c);
                }), new Workload(LONG_PREFIXES, rewarmSeconds, (c, r, seq) -> {
                    WordData.Query q = data.longQuery(r);
                    return check(c.send("GET", q.path(), null), q, c);
                })));
    }

    /** A timed request type of a part: its name, the untimed warm-up before it on every node, the request. */
    private record Workload(String name, long warmup, ClosedLoop.Operation operation) {
    }

    /** One setting of a part, on its own node. */
    private static final class Subject {
        final String part;
        final String setting;
        final Node node;
        final ClosedLoop loop;
        double startSeconds;
        double reopenSeconds = Double.NaN;
        double settleSeconds;
        long settleCpuMicros;
        long statusBytes;
        long dirBytes;
        long rssBytes;
        long statusBytesAfter;

        Subject(String part, String setting, Node node, ClosedLoop loop) {
            this.part = part;
            this.setting = setting;
            this.node = node;
            this.loop = loop;
        }

        String label() {
            return part + " " + setting;
        }
    }

    /**
     * Per setting a fresh node (env {@code envName=setting}), loaded with {@code loadCount} requests of {@code load},
     * restarted, left to go idle; then with every node up, per workload: an untimed warm-up of each node, then
     * {@code --rounds} rounds that time each node in turn, the first setting first in odd rounds and last in even
     * ones, so that a machine whose speed drifts (shared hardware) treats both alike. All nodes stop at the end.
     */
    private void part(LocalNodes nodes, String part, List<String> settings, String envName, String loadName, long loadCount,
                      ClosedLoop.Operation load, List<Workload> workloads) throws Exception {
        List<Subject> subjects = new ArrayList<>();
        List<Node> all = new ArrayList<>();
        try {
            for (String setting : settings) {
                Node node = nodes.create(part + "-" + setting, "n1");
                node.env.put(envName, setting);
                all.add(node);
                Subject s = new Subject(part, setting, node, new ClosedLoop("127.0.0.1", node.port, threads, seed,
                        progressLines));
                subjects.add(s);
                progress("%s: starting a node, %s=%s (load average %s)", s.label(), envName, setting, loadAverage());
                long t0 = System.nanoTime();
                try (ProgressPhase starting = progressLines.waiting(s.label() + ": node start")) {
                    nodes.startAll(List.of(node));
                }
                s.startSeconds = (System.nanoTime() - t0) / 1e9;
                String loadAvg = loadAverage();
                progress("%s: ready in %.1f s on port %d; %s: %,d requests (load average %s)", s.label(), s.startSeconds,
                        node.port, loadName, loadCount, loadAvg);
                ClosedLoop.Result loaded = s.loop.run(s.label() + " load", 0, loadCount, load, node::cpuMicros,
                        () -> sideCpu(subjects, s));
                record(s, loadName, 0, loaded, loadAvg);
                if (loaded.errors() > 0) {
                    throw new IllegalStateException("the load failed " + loaded.errors() + " times: "
                            + loaded.firstErrors());
                }
                if (restart) {
                    progress("%s: restarting the node", s.label());
                    t0 = System.nanoTime();
                    try (ProgressPhase restarting = progressLines.waiting(s.label() + ": stop and reopen")) {
                        nodes.restart(node, 120);
                    }
                    s.reopenSeconds = (System.nanoTime() - t0) / 1e9;
                    progress("%s: stopped and ready again in %.1f s", s.label(), s.reopenSeconds);
                }
                settle(s);
                s.statusBytes = statusBytes(node);
                s.dirBytes = dirBytes(node.dataDir);
                s.rssBytes = rssBytes(node);
                progress("%s: data %.1f MB (status) / %.1f MB on disk, block cache %.1f MB, node RSS %.0f MB",
                        s.label(), s.statusBytes / MB, s.dirBytes / MB, cacheBytes / MB, s.rssBytes / MB);
            }
            for (Workload w : workloads) {
                for (Subject s : subjects) {
                    warmUp(s, w);
                }
                for (int round = 1; round <= rounds; round++) {
                    List<Subject> order = new ArrayList<>(subjects);
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (Subject s : order) {
                        String loadAvg = loadAverage();
                        progress("%s: %s, round %d, %d s (load average %s)", s.label(), w.name(), round, seconds, loadAvg);
                        ClosedLoop.Result r = s.loop.run(s.label() + " " + w.name(), seconds, 0, w.operation(),
                                s.node::cpuMicros, () -> sideCpu(subjects, s));
                        record(s, w.name(), round, r, loadAvg);
                        for (Subject other : subjects) {
                            other.node.checkAlive();
                        }
                    }
                }
            }
            for (Subject s : subjects) {
                s.statusBytesAfter = statusBytes(s.node);
                facts.add(s);
            }
        } catch (Exception | AssertionError e) {
            System.err.println(LocalNodes.logTails(all, 40));
            throw e;
        } finally {
            for (Node node : all) {
                stopGracefully(node);
            }
            nodes.stop(all);
        }
    }

    /**
     * Untimed runs of {@code WARMUP_STEP_SECONDS} each until the node's rate stops rising (two steps in a row within
     * 5% of the one before) once {@code w.warmup()} seconds have passed, or {@code --warmup-max-seconds} have: on 2 busy cores
     * the JIT takes 10-20 s of load before a fresh node serves at its steady rate, and a fixed 8 s left the first
     * timed round of both settings up to a third below the second.
     */
    private void warmUp(Subject s, Workload w) throws InterruptedException {
        if (w.warmup() <= 0) {
            return;
        }
        progress("%s: warm-up %s, at least %d s, until the rate stops rising (at most %d s)", s.label(), w.name(),
                w.warmup(), warmupMaxSeconds);
        long t0 = System.nanoTime();
        double previous = 0;
        int flat = 0;
        List<String> rates = new ArrayList<>();
        double elapsed;
        // The steps are too short for lines of their own: one line for the whole warm-up, with the last step's rate.
        AtomicReference<String> lastStep = new AtomicReference<>();
        try (ProgressPhase warming = progressLines.waiting(s.label() + ": warm-up " + w.name()).detail(lastStep::get)) {
            while (true) {
                ClosedLoop.Result r = s.loop.run(s.label() + " warm-up", WARMUP_STEP_SECONDS, 0, w.operation(), () -> 0,
                        () -> 0);
                if (r.errors() > 0) {
                    throw new IllegalStateException(s.label() + " " + w.name() + " warm-up failed " + r.errors()
                            + " times: " + r.firstErrors());
                }
                double rate = r.opsPerSecond();
                rates.add(String.format(Locale.ROOT, "%,.0f", rate));
                lastStep.set(String.format(Locale.ROOT, "last %d s step: %,.0f ops/s", WARMUP_STEP_SECONDS, rate));
                elapsed = (System.nanoTime() - t0) / 1e9;
                flat = previous > 0 && rate <= previous * 1.05 ? flat + 1 : 0;
                previous = rate;
                if ((elapsed >= w.warmup() && flat >= 2) || elapsed >= warmupMaxSeconds) {
                    break;
                }
            }
        }
        warmups.computeIfAbsent(s.part, k -> new ArrayList<>())
                .add(String.format(Locale.ROOT, "%s %s %.0f s", s.setting, w.name(), elapsed));
        progress("%s: warm-up %s done after %.0f s, ops/s per %d s: %s", s.label(), w.name(), elapsed,
                WARMUP_STEP_SECONDS, String.join(", ", rates));
    }

    /** CPU time of the nodes of {@code subjects} other than {@code measured}, in µs. */
    private static long sideCpu(List<Subject> subjects, Subject measured) {
        long total = 0;
        for (Subject s : subjects) {
            if (s != measured) {
                total += s.node.cpuMicros();
            }
        }
        return total;
    }

    /**
     * Waits until the node uses less than 5% of a core over a second (an LSM compacting what the load and the restart
     * left behind), at most {@code --settle-seconds}, so that its background work neither runs into the next node's
     * load nor into a timed phase; the time and the node CPU it took are reported.
     */
    private void settle(Subject s) throws InterruptedException {
        long t0 = System.nanoTime();
        long cpu0 = s.node.cpuMicros();
        long deadline = t0 + java.util.concurrent.TimeUnit.SECONDS.toNanos(settleSeconds);
        long last = cpu0;
        AtomicReference<String> busy = new AtomicReference<>();
        try (ProgressPhase settling = progressLines.waiting(s.label() + ": until the node is idle").detail(busy::get)) {
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                long now = s.node.cpuMicros();
                if (now - last < 50_000) {
                    break;
                }
                busy.set(String.format(Locale.ROOT, "node busy: %.2f cores", (now - last) / 1e6));
                last = now;
            }
        }
        s.settleSeconds = (System.nanoTime() - t0) / 1e9;
        s.settleCpuMicros = s.node.cpuMicros() - cpu0;
        progress("%s: idle after %.1f s (node CPU meanwhile %.1f s)", s.label(), s.settleSeconds, s.settleCpuMicros / 1e6);
    }

    private static String check(int status, WordData.Query q, HttpConnection c) {
        if (status != 200) {
            return "GET " + q.path() + " -> " + status + " " + c.bodyText();
        }
        return c.bodyEquals(q.expected()) ? null : "GET " + q.path() + " -> " + c.bodyText() + ", expected "
                + new String(q.expected(), StandardCharsets.UTF_8);
    }

    private List<String> kvReport(KvData data) {
        List<String> lines = new ArrayList<>();
        lines.add("## Key-value entries: hash log against LSM");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Per engine (`DISTDB_STORAGE_KV_ENGINE`) a fresh node: %,d entries loaded "
                        + "with `PUT /api/v1/kv/{hex}` (16-byte keys in no particular order, %,d-character values, "
                        + "%,d-byte JSON bodies), %s, left to go idle. Then, with both nodes up: `GET` of uniformly random "
                        + "loaded keys (every answer's value checked), then `PUT` overwrites of uniformly random keys; per "
                        + "request type an untimed warm-up of each node (at least %d s, then %d s, until its rate stops "
                        + "rising), then %d round(s) of %d s per node, "
                        + "%s.", data.count(), data.valueBytes(), data.bodyBytes(),
                restart ? "restarted (SIGTERM, which flushes the memtable; stop and reopen timed)" : "not restarted",
                warmupSeconds, rewarmSeconds, rounds, seconds, orderNote(kvEngines)));
        lines.add("");
        lines.addAll(factsTable("kv", kvEngines));
        lines.add("");
        lines.addAll(phaseTable("kv", kvEngines));
        lines.add("");
        lines.addAll(warmupLine("kv"));
        lines.addAll(ratios("kv", kvEngines, List.of(KV_LOAD, KV_GET, KV_PUT), List.of(KV_GET), 1.5));
        return lines;
    }

    private List<String> wordsReport(WordData data) {
        List<String> lines = new ArrayList<>();
        lines.add("## Word search: radix trie against LSM scan");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Per index (`DISTDB_STORAGE_WORDS_INDEX`) a fresh node: %,d distinct random "
                        + "lowercase words of 3-12 letters added with `POST /api/v1/words` in random order, %s, left to go "
                        + "idle. Then, with both nodes up: `GET /search?q=<prefix>&limit=%d` with 1-2 letter prefixes "
                        + "(length, then letters, uniformly; %.1f words per answer on average), then with 5-6 letter "
                        + "prefixes of random loaded words (%.2f words per answer); per kind an untimed warm-up of each node "
                        + "(at least %d s, then %d s, until its rate stops rising), then %d round(s) of %d s per node, %s. "
                        + "Every answer is compared byte for byte "
                        + "with the JSON expected from the benchmark's own sorted word list.", data.count(),
                restart ? "restarted (the trie is rebuilt from the LSM at start; stop and reopen timed)" : "not restarted",
                limit, data.meanResults(true), data.meanResults(false), warmupSeconds, rewarmSeconds, rounds, seconds,
                orderNote(wordIndexes)));
        lines.add("");
        lines.addAll(factsTable("words", wordIndexes));
        lines.add("");
        lines.addAll(phaseTable("words", wordIndexes));
        lines.add("");
        lines.addAll(warmupLine("words"));
        lines.addAll(ratios("words", wordIndexes, List.of(WORDS_LOAD, SHORT_PREFIXES, LONG_PREFIXES),
                List.of(SHORT_PREFIXES, LONG_PREFIXES), 2.0));
        return lines;
    }

    private List<String> warmupLine(String part) {
        List<String> mine = warmups.getOrDefault(part, List.of());
        return mine.isEmpty() ? List.of() : List.of("Warm-ups took: " + String.join("; ", mine) + ".", "");
    }

    private String orderNote(List<String> settings) {
        if (settings.size() < 2 || rounds < 2) {
            return "in the order " + String.join(", ", settings);
        }
        return settings.get(0) + " first in odd rounds and last in even ones";
    }

    // ---------------------------------------------------------------- phases

    private void record(Subject s, String name, int round, ClosedLoop.Result r, String loadAvg) {
        phases.add(new Phase(s.part, s.setting, name, round, r, loadAvg));
        progress("%s %s%s: %,.0f ops/s, p50 %,d µs, p99 %,d µs, node CPU %.1f µs/op, client CPU %.1f µs/op, %,d failed; "
                        + "the idle node %.2f cores, other processes %.2f cores, steal %.2f cores", s.label(), name,
                round == 0 ? "" : ", round " + round, r.opsPerSecond(), r.p50Micros(), r.p99Micros(),
                r.nodeCpuMicrosPerOp(), r.clientCpuMicrosPerOp(), r.errors(), r.sideCores(), r.otherCores(),
                r.stealCores());
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
        lines.add("| setting | node start s | stop + reopen s | idle after s (node CPU s) | data MB (status) | data dir MB | block cache MB | data / cache | node RSS MB | data MB at the end |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String setting : settings) {
            for (Subject f : facts) {
                if (f.part.equals(part) && f.setting.equals(setting)) {
                    lines.add(String.format(Locale.ROOT, "| %s | %.1f | %s | %.1f (%.1f) | %.1f | %.1f | %.0f | %.1f | %.0f | %.1f |",
                            setting, f.startSeconds, Double.isNaN(f.reopenSeconds) ? "-"
                                    : String.format(Locale.ROOT, "%.1f", f.reopenSeconds), f.settleSeconds,
                            f.settleCpuMicros / 1e6, f.statusBytes / MB, f.dirBytes / MB, cacheBytes / MB,
                            (double) f.statusBytes / cacheBytes, f.rssBytes / MB, f.statusBytesAfter / MB));
                }
            }
        }
        return lines;
    }

    private List<String> phaseTable(String part, List<String> settings) {
        List<String> lines = new ArrayList<>();
        lines.add("| phase | round | setting | ops | ops/s | p50 µs | p99 µs | p99.9 µs | node CPU µs/op | client CPU µs/op | failed | load avg before | idle node cores | other cores | steal cores |");
        lines.add("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<Phase> mine = new ArrayList<>();
        for (Phase p : phases) {
            if (p.part().equals(part)) {
                mine.add(p);
            }
        }
        // The loads first (in run order), then each request type in the order run.
        for (Phase p : mine) {
            if (p.round() == 0) {
                lines.add(phaseRow(p));
            }
        }
        for (Phase p : mine) {
            if (p.round() > 0) {
                lines.add(phaseRow(p));
            }
        }
        return lines;
    }

    private static String phaseRow(Phase p) {
        ClosedLoop.Result r = p.result();
        return String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,.0f | %,d | %,d | %,d | %.1f | %.1f | %,d | %s | %.2f | %.2f | %.2f |",
                p.name(), p.round() == 0 ? "-" : Integer.toString(p.round()), p.setting(), r.ops(), r.opsPerSecond(),
                r.p50Micros(), r.p99Micros(), r.p999Micros(), r.nodeCpuMicrosPerOp(), r.clientCpuMicrosPerOp(), r.errors(),
                p.loadAverage(), r.sideCores(), r.otherCores(), r.stealCores());
    }

    /**
     * first/second of every phase over all its rounds (operations / seconds, summed over the rounds), each round's own
     * ratio, the mean of the rounds' p50 second/first, and the node CPU per request of each; the phases in
     * {@code targeted} are checked against {@code target}.
     */
    private List<String> ratios(String part, List<String> settings, List<String> names, List<String> targeted,
                                double target) {
        List<String> lines = new ArrayList<>();
        if (settings.size() < 2) {
            return lines;
        }
        String a = settings.get(0);
        String b = settings.get(1);
        lines.add(String.format(Locale.ROOT, "| phase | ops/s %s/%s, all rounds | per round | p50 %s/%s | node CPU µs/op %s → %s | target |",
                a, b, b, a, a, b));
        lines.add("| --- | ---: | --- | ---: | ---: | --- |");
        for (String name : names) {
            List<Phase> pa = of(part, a, name);
            List<Phase> pb = of(part, b, name);
            if (pa.isEmpty() || pb.isEmpty()) {
                continue;
            }
            double ratio = rate(pa) / rate(pb);
            List<String> perRound = new ArrayList<>();
            double p50 = 0;
            int n = Math.min(pa.size(), pb.size());
            for (int i = 0; i < n; i++) {
                perRound.add(String.format(Locale.ROOT, "%.2f", pa.get(i).result().opsPerSecond()
                        / pb.get(i).result().opsPerSecond()));
                p50 += (double) pb.get(i).result().p50Micros() / Math.max(1, pa.get(i).result().p50Micros());
            }
            String verdict = targeted.contains(name)
                    ? String.format(Locale.ROOT, "≥ %.1f: %s", target, ratio >= target ? "met" : "**missed**") : "";
            lines.add(String.format(Locale.ROOT, "| %s | **%.2f** | %s | %.2f | %.1f → %.1f | %s |", name, ratio,
                    String.join(", ", perRound), p50 / n, cpuPerOp(pa), cpuPerOp(pb), verdict));
        }
        lines.add("");
        return lines;
    }

    private List<Phase> of(String part, String setting, String name) {
        List<Phase> found = new ArrayList<>();
        for (Phase p : phases) {
            if (p.part().equals(part) && p.setting().equals(setting) && p.name().equals(name)) {
                found.add(p);
            }
        }
        found.sort(java.util.Comparator.comparingInt(Phase::round));
        return found;
    }

    private static double rate(List<Phase> rounds) {
        long ops = 0;
        double seconds = 0;
        for (Phase p : rounds) {
            ops += p.result().ops();
            seconds += p.result().seconds();
        }
        return ops / seconds;
    }

    private static double cpuPerOp(List<Phase> rounds) {
        long ops = 0;
        long cpu = 0;
        for (Phase p : rounds) {
            ops += p.result().ops();
            cpu += p.result().nodeCpuMicros();
        }
        return ops == 0 ? 0 : (double) cpu / ops;
    }

    private void header(Map<String, String> env) {
        line("# Engines in the node: hash log for key-value, trie for word search");
        line("");
        line("- machine: %d cores, %s %s, %.0f GB RAM, JVM %s, %s; the client threads and the node share the cores "
                        + "(loopback)", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), memTotalBytes() / MB / 1024, System.getProperty("java.vm.version"),
                LocalDate.now());
        line("- command: `%s`", command());
        line("- nodes: `java %s -jar %s`, %s; the two nodes of a comparison are loaded one at a time, then both stay up "
                        + "while the timed phases take turns on them", String.join(" ", jvmFlags), jar.getFileName(),
                String.join(", ", env.entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList()));
        line("- client: %d threads in this JVM, each one plain HTTP/1.1 keep-alive connection (a minimal blocking "
                + "client on the calling thread), one request at a time; ops/s = successful requests / wall time; "
                + "latency from writing the request to the last byte of the answer", threads);
        line("- node CPU µs/op: utime + stime of the node process (`/proc/<pid>/stat`, all its threads) over the phase / "
                + "its operations; client CPU µs/op: the same for this JVM");
        line("- load avg before: the 1-minute load average as the phase starts (the benchmark's own threads count in it "
                + "from the first phase on); idle node cores: CPU of the comparison's other node, up and idle, per second "
                + "of the phase; other cores: the machine's busy CPU time over the phase (`/proc/stat`) less the "
                + "benchmark's own processes', per second: what anything else on the machine took; steal cores: the "
                + "hypervisor's steal time per second");
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
        return p == null ? 0 : ProcStat.rssBytes(List.of(p.toHandle()));
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
