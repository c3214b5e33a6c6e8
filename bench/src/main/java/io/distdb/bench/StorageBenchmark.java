package io.distdb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares storage engines (DistDB's LSM engine and RocksDB) on the same generated data in one process:
 * for every client thread count and engine, a fresh database is filled, flushed, optionally settled, and
 * then read, seeked and read while written. Prints one table line per (workload, threads).
 *
 * <pre>java -jar distdb-bench.jar --keys=5000000 --threads=1,2 --engines=lsm,rocksdb --out=results.md</pre>
 */
public final class StorageBenchmark {

    private static final int VERIFIED_KEYS = 1_000;

    private final BenchConfig config;
    private final Progress progress;
    private final Dataset data;
    private final List<Result> results = new ArrayList<>();

    private StorageBenchmark(BenchConfig config, Progress progress, Dataset data) {
        this.config = config;
        this.progress = progress;
        this.data = data;
    }

    public static void main(String[] args) throws IOException {
        BenchConfig config;
        try {
            Flags flags = Flags.parse(args);
            if (flags.has("help")) {
                System.out.print(BenchConfig.USAGE);
                return;
            }
            config = BenchConfig.from(flags);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + System.lineSeparator() + BenchConfig.USAGE);
            System.exit(2);
            return;
        }
        log("generating %,d keys and values (seed %d)", config.keys(), config.seed());
        Progress progress = new Progress(config.progressSeconds(), System.err);
        Dataset data;
        try (ProgressPhase generating = progress.waiting("generate data")) {
            data = Dataset.generate(config);
        }
        StorageBenchmark bench = new StorageBenchmark(config, progress, data);
        for (int threads : config.threads()) {
            for (String engine : config.engines()) {
                bench.run(engine, threads);
            }
        }
        Table report = ReportWriter.comparison(config.engines(), bench.results);
        List<String> setup = bench.setup();
        setup.forEach(System.out::println);
        System.out.println();
        System.out.print(report.text());
        if (config.out() != null) {
            String title = config.engines().stream().map(Engine::label).collect(Collectors.joining(" vs "));
            Files.writeString(config.out(), report.markdown(title, setup, notes()));
            log("wrote %s", config.out());
        }
    }

    /** Fill, then the read phases, on a fresh database of {@code engineName} with {@code threads} clients. */
    private void run(String engineName, int threads) {
        String name = engineName + " threads=" + threads;
        String tag = "[" + name + "]";
        warmUpFill(engineName, threads);
        Path dir = Dirs.fresh(config.dir().resolve(engineName + "-t" + threads));
        try (Engine engine = Engine.create(engineName)) {
            engine.open(dir, config.engineSettings());

            Measurement fill = timed(name + " fillrandom", data.size(),
                    done -> Workloads.fill(engine, data, 0, data.size(), threads, done));
            logResult(tag, "fillrandom", fill, fill.ops());
            Measurement.Start settleStart = Measurement.start();
            String settle = config.settle().name().toLowerCase(Locale.ROOT);
            try (ProgressPhase flushing = progress.waiting(name + " flush + settle=" + settle)) {
                engine.flush();
                config.settle().apply(engine);
            }
            Measurement settled = settleStart.stop();
            long diskBytes = Dirs.sizeOf(dir);
            log("%s flush + settle=%s: %.2f s, %.2f s CPU; %,d bytes on disk", tag, settle, settled.seconds(),
                    settled.cpuNanos() / 1e9, diskBytes);
            verifySample(engine, tag);
            if (selected(Workload.FILLRANDOM)) {
                record(Workload.FILLRANDOM.flagName, threads, engineName, fill, fill.ops(), fill.ops(), diskBytes);
            }

            if (selected(Workload.READRANDOM)) {
                untimed(name + " readrandom warm-up", data.warmupReads.length,
                        done -> Workloads.readRandom(engine, data, data.warmupReads, threads, done));
                Measurement m = timed(name + " readrandom", data.reads.length,
                        done -> Workloads.readRandom(engine, data, data.reads, threads, done));
                logResult(tag, "readrandom", m, m.ops());
                record(Workload.READRANDOM.flagName, threads, engineName, m, m.ops(), m.ops(), -1);
            }
            if (selected(Workload.SEEKRANDOM) && Engine.scans(engineName)) {
                untimed(name + " seekrandom warm-up", data.warmupReads.length,
                        done -> Workloads.seekRandom(engine, data, data.warmupReads, threads, done));
                Measurement m = timed(name + " seekrandom", data.seeks.length,
                        done -> Workloads.seekRandom(engine, data, data.seeks, threads, done));
                logResult(tag, "seekrandom", m, m.ops());
                record(Workload.SEEKRANDOM.flagName, threads, engineName, m, m.ops(), m.ops(), -1);
            }
            if (selected(Workload.READWHILEWRITING) && Engine.scans(engineName)) {
                untimed(name + " readwhilewriting warm-up", data.warmupReads.length,
                        done -> Workloads.readRandom(engine, data, data.warmupReads, threads, done));
                Workloads.ReadWhileWriting rw = timed(name + " readwhilewriting (reads)", data.reads.length,
                        done -> Workloads.readWhileWriting(engine, data, data.reads, threads, done));
                long allOps = rw.reads() + rw.writes();
                logResult(tag, "readwhilewriting reads", rw.measurement(), rw.reads());
                logResult(tag, "readwhilewriting writes", rw.measurement(), rw.writes());
                String workload = Workload.READWHILEWRITING.flagName;
                record(workload + ": reads", threads, engineName, rw.measurement(), rw.reads(), allOps, -1);
                record(workload + ": writes", threads, engineName, rw.measurement(), rw.writes(), allOps, -1);
            }
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    /** An untimed fill of a scratch database, so that the timed fill does not pay for class loading and JIT. */
    private void warmUpFill(String engineName, int threads) {
        Path dir = Dirs.fresh(config.dir().resolve(engineName + "-warmup"));
        try (Engine engine = Engine.create(engineName)) {
            engine.open(dir, config.engineSettings());
            int keys = Math.min(data.size(), Dataset.warmupOps(data.size()));
            untimed(engineName + " threads=" + threads + " warm-up fill", keys,
                    done -> Workloads.fill(engine, data, 0, keys, threads, done));
            engine.flush();
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    /** Reads back a random sample of the filled keys and fails loudly on a missing or wrong value. */
    private void verifySample(Engine engine, String tag) {
        SplittableRandom random = new SplittableRandom(config.seed() + 5);
        for (int n = 0; n < Math.min(VERIFIED_KEYS, data.size()); n++) {
            int i = random.nextInt(data.size());
            byte[] value = engine.get(data.keys[i]);
            if (!Arrays.equals(value, data.values[i])) {
                throw new IllegalStateException(tag + " VERIFICATION FAILED: key #" + i + " reads back "
                        + (value == null ? "nothing" : "a wrong value of " + value.length + " bytes"));
            }
        }
        log("%s verified %,d sampled values", tag, Math.min(VERIFIED_KEYS, data.size()));
    }

    private boolean selected(Workload workload) {
        return config.workloads().contains(workload);
    }

    private void record(String workload, int threads, String engine, Measurement m, long ops, long cpuOps,
            long diskBytes) {
        results.add(new Result(workload, threads, engine, m.opsPerSecond(ops), m.cpuMicrosPerOp(cpuOps), diskBytes));
    }

    /**
     * Runs a timed phase of {@code total} operations after a garbage collection, so that it does not pay for the
     * previous phase's garbage; its progress lines count what the phase adds to the counter it is given.
     */
    private <T> T timed(String name, long total, Function<LongAdder, T> phase) {
        System.gc();
        return untimed(name, total, phase);
    }

    /** Runs a phase of {@code total} operations with progress lines. */
    private <T> T untimed(String name, long total, Function<LongAdder, T> phase) {
        try (ProgressPhase watched = progress.counting(name, total)) {
            return phase.apply(watched.counter());
        }
    }

    private List<String> setup() {
        Runtime rt = Runtime.getRuntime();
        EngineSettings s = config.engineSettings();
        double logicalMb = (double) config.keys() * (KeyValueGenerator.KEY_BYTES + config.valueBytes()) / (1 << 20);
        List<String> lines = new ArrayList<>();
        lines.add("engines: " + config.engines().stream().map(Engine::label).collect(Collectors.joining(", ")));
        lines.add(String.format(Locale.ROOT, "data: %,d keys of %d bytes, values of %d %s "
                        + "(%.0f MB logical), written in random order",
                config.keys(), KeyValueGenerator.KEY_BYTES, config.valueBytes(),
                config.textValues() ? "bytes of JSON-like text (compressible)" : "incompressible bytes", logicalMb));
        lines.add(String.format(Locale.ROOT, "reads: %,d point reads, %,d seeks (each + %d next entries), "
                        + "split over the client threads", config.reads(), config.seeks(), Workloads.SEEK_NEXTS));
        lines.add(String.format(Locale.ROOT, "tuning: memtable %d MB, block cache %d MB (LRU), Bloom %d bits/key, "
                        + "%d-byte blocks, no compression (except lsm-lz4: LZ4 data blocks), WAL on without fsync per "
                        + "write (hash log: no fsync per write, no block cache, no memtable); settle after fill: %s",
                s.memtableBytes() >> 20, s.cacheBytes() >> 20, s.bloomBitsPerKey(), s.blockBytes(),
                config.settle().name().toLowerCase(Locale.ROOT)));
        if (config.engines().contains("rocksdb")) {
            lines.add("RocksDB " + RocksDbEngine.version() + " (rocksdbjni), compaction at its defaults");
        }
        lines.add(String.format(Locale.ROOT, "machine: %d cores, %s %s, JVM %s, max heap %d MB; %s",
                rt.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.vm.version"), rt.maxMemory() >> 20, LocalDate.now()));
        List<String> jvmFlags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        lines.add("JVM flags: " + (jvmFlags.isEmpty() ? "(none)" : String.join(" ", jvmFlags)));
        return lines;
    }

    private static List<String> notes() {
        return List.of(
                "ops/s: client operations divided by the wall time of the timed phase (after an untimed warm-up).",
                "CPU µs/op: process CPU time (OperatingSystemMXBean.getProcessCpuTime) during the phase divided by "
                        + "its operations. It includes background flush and compaction threads (RocksDB's native "
                        + "ones too), the JIT and the garbage collector; for readwhilewriting it is divided by "
                        + "reads + writes. Compaction work that a fill leaves behind is not charged to the fill.",
                "disk MB: every file in the database directory after the fill, its flush and the settle step.",
                "ratio above 1: the first engine is faster.");
    }

    private static void logResult(String tag, String phase, Measurement m, long ops) {
        log("%s %s: %,d ops in %.2f s = %,.0f ops/s, %.2f µs CPU/op (all ops)", tag, phase, ops, m.seconds(),
                m.opsPerSecond(ops), m.cpuMicrosPerOp(m.ops()));
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
