package io.distdb.bench;

import io.distdb.storage.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The memory goal: loads a data set several times larger than the Java heap into one engine (the DistDB
 * LSM engine by default) and shows that it still reads and scans it correctly within that heap. Run it
 * with a small heap, e.g.
 *
 * <pre>java -Xmx512m -cp distdb-bench.jar io.distdb.bench.LargeDatasetBenchmark --data-mb=4096</pre>
 *
 * Keys and values are generated on the fly (a pre-generated data set would not fit in the heap), so the
 * timed loops include generating them. Prints, per phase, ops/s, CPU, peak heap, heap after GC, GC
 * activity and direct buffers; then bytes on disk and peak RSS. Exits with an error if any value read
 * back is wrong, missing, or out of order.
 */
public final class LargeDatasetBenchmark {

    static final String USAGE = """
            Usage: java -Xmx512m -cp distdb-bench.jar io.distdb.bench.LargeDatasetBenchmark [--flag=value ...]
              --engine=lsm      lsm (default), lsm-lz4 or rocksdb
              --data-mb=N       logical data to load, keys + values (default 4096)
              --value-bytes=N   value size (default 1000); keys are 16 bytes
              --reads=N         random point reads (default 200,000)
              --verify=N        random keys whose full value is checked after the reads (default 10,000)
              --cache-mb=N      block cache (default 64)
              --memtable-mb=N   memtable (default 64)
              --settle=none     after the load's flush: none, wait or compact
              --dir=PATH        parent of the database directory (default $TMPDIR/distdb-bench)
              --out=FILE        also write the results as Markdown to FILE
              --seed=N          seed of the generated keys and values (default 42)
            """ + Progress.USAGE;

    /** Every this many scanned entries, the value is checked in full (keys are all checked). */
    private static final int SCAN_VALUE_CHECK_INTERVAL = 97;

    /** Operations between two additions to a phase's progress counter, so that the loops stay as they were. */
    private static final int PROGRESS_BATCH = 1024;

    private final String engineName;
    private final KeyValueGenerator generator;
    private final long dataBytes;
    private final long keys;
    private final int reads;
    private final int verifiedKeys;
    private final EngineSettings settings;
    private final Settle settle;
    private final Path dir;
    private final Path out;
    private final Progress progress;
    private final Table table = new Table(List.of("phase", "ops", "seconds", "ops/s", "CPU µs/op",
            "peak heap MB", "max heap after GC MB", "GCs", "GC ms", "peak direct MB"), 1);

    private LargeDatasetBenchmark(Flags flags) {
        engineName = flags.string("engine", "lsm");
        if (!engineName.equals("lsm") && !engineName.equals("lsm-lz4") && !engineName.equals("rocksdb")) {
            throw new IllegalArgumentException("--engine must be lsm, lsm-lz4 or rocksdb: " + engineName);
        }
        dataBytes = flags.positiveInt("data-mb", 4096) * (1L << 20);
        generator = new KeyValueGenerator(flags.number("seed", 42), flags.positiveInt("value-bytes", 1000));
        keys = dataBytes / (KeyValueGenerator.KEY_BYTES + generator.valueBytes());
        reads = flags.positiveInt("reads", 200_000);
        verifiedKeys = flags.positiveInt("verify", 10_000);
        settings = new EngineSettings(flags.positiveInt("memtable-mb", 64) * (1L << 20),
                flags.positiveInt("cache-mb", 64) * (1L << 20), 10, 4096);
        settle = Settle.named(flags.string("settle", "none"));
        dir = Path.of(flags.string("dir", Path.of(System.getProperty("java.io.tmpdir"), "distdb-bench").toString()))
                .resolve(engineName + "-large");
        out = flags.has("out") ? Path.of(flags.string("out", null)) : null;
        progress = Progress.fromFlags(flags);
        flags.rejectUnknown();
    }

    public static void main(String[] args) throws IOException {
        LargeDatasetBenchmark bench;
        try {
            Flags flags = Flags.parse(args);
            if (flags.has("help")) {
                System.out.print(USAGE);
                return;
            }
            bench = new LargeDatasetBenchmark(flags);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + System.lineSeparator() + USAGE);
            System.exit(2);
            return;
        }
        bench.run();
    }

    private void run() throws IOException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        List<String> setup = new ArrayList<>();
        setup.add(String.format(Locale.ROOT, "engine: %s; %,d keys of 16 bytes with %d-byte values = %,d MB logical"
                        + " data, %.1fx the max heap of %,d MB", Engine.label(engineName), keys,
                generator.valueBytes(), dataBytes >> 20, (double) dataBytes / maxHeap, maxHeap >> 20));
        setup.add(String.format(Locale.ROOT, "tuning: memtable %d MB, block cache %d MB, Bloom 10 bits/key, 4096-byte"
                        + " blocks, no compression, WAL without fsync; settle after load: %s",
                settings.memtableBytes() >> 20, settings.cacheBytes() >> 20, settle.name().toLowerCase(Locale.ROOT)));
        setup.forEach(line -> StorageBenchmark.log("%s", line));
        if (dataBytes < 4 * maxHeap) {
            StorageBenchmark.log("WARNING: the data set is not several times the heap; run with -Xmx512m");
        }

        setup.addAll(measure(Dirs.fresh(dir)));
        setup.forEach(System.out::println);
        System.out.println();
        System.out.print(table.text());
        if (out != null) {
            Files.writeString(out, table.markdown("Large data set: " + Engine.label(engineName) + " in a small heap",
                    setup, List.of(
                    "load includes the final flush (and the settle step); keys and values are generated inside "
                            + "the timed loops, since they cannot be held in the heap.",
                    "peak heap: the highest heap use seen (sampled every 10 ms and just before each GC); "
                            + "max heap after GC: the highest use right after a collection, an upper bound of live data.",
                    "CPU µs/op: process CPU time, background flush and compaction threads, JIT and GC included.")));
            StorageBenchmark.log("wrote %s", out);
        }
    }

    /** Load, flush, read, verify and scan; returns the summary lines. */
    private List<String> measure(Path dir) {
        try (Engine engine = Engine.create(engineName); HeapMonitor heap = new HeapMonitor()) {
            engine.open(dir, settings);
            heap.nextPhase();

            Measurement.Start start = Measurement.start();
            try (ProgressPhase loading = progress.counting("load", keys)) {
                for (long batch = 0; batch < keys; batch += PROGRESS_BATCH) {
                    long batchEnd = Math.min(keys, batch + PROGRESS_BATCH);
                    for (long i = batch; i < batchEnd; i++) {
                        engine.put(generator.key(i), generator.value(i));
                    }
                    loading.add(batchEnd - batch);
                }
            }
            try (ProgressPhase settling = progress.waiting("load: flush + settle="
                    + settle.name().toLowerCase(Locale.ROOT))) {
                engine.flush();
                settle.apply(engine);
            }
            addRow("load", start.stop(keys), heap.nextPhase());
            long diskBytes = Dirs.sizeOf(dir);

            addRow("readrandom", readRandom(engine, reads), heap.nextPhase());
            addRow("verify", verify(engine, verifiedKeys), heap.nextPhase());
            addRow("full scan", scanAll(engine), heap.nextPhase());

            return List.of(
                    String.format(Locale.ROOT, "data bytes on disk after the load: %,d (%s MB)", diskBytes,
                            ReportWriter.megabytes(diskBytes)),
                    String.format(Locale.ROOT, "process peak RSS: %s MB (heap, engine caches and memtables, native"
                            + " memory)", ReportWriter.megabytes(HeapMonitor.peakResidentBytes())),
                    String.format(Locale.ROOT, "verification: %,d random values, %,d absent keys and every scanned key"
                            + " checked; every %d-th scanned value checked: OK", verifiedKeys, verifiedKeys,
                            SCAN_VALUE_CHECK_INTERVAL));
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    private Measurement readRandom(Engine engine, int reads) {
        SplittableRandom random = new SplittableRandom(1);
        Measurement.Start start = Measurement.start();
        try (ProgressPhase reading = progress.counting("readrandom", reads)) {
            for (int n = 0; n < reads; n++) {
                long i = random.nextLong(keys);
                byte[] value = engine.get(generator.key(i));
                if (value == null || value.length != generator.valueBytes()) {
                    throw failed("readrandom: key #" + i + " reads back " + describe(value));
                }
                if (n % PROGRESS_BATCH == PROGRESS_BATCH - 1) {
                    reading.add(PROGRESS_BATCH);
                }
            }
        }
        return start.stop(reads);
    }

    /** Full values of random keys, and keys that were never written, which must be absent. */
    private Measurement verify(Engine engine, int count) {
        SplittableRandom random = new SplittableRandom(2);
        Measurement.Start start = Measurement.start();
        try (ProgressPhase verifying = progress.counting("verify", 2L * count)) {
            for (int n = 0; n < count; n++) {
                long i = random.nextLong(keys);
                byte[] value = engine.get(generator.key(i));
                if (!Arrays.equals(value, generator.value(i))) {
                    throw failed("key #" + i + " reads back " + describe(value) + ", not its value");
                }
                long absent = keys + random.nextLong(keys);
                if (engine.get(generator.key(absent)) != null) {
                    throw failed("key #" + absent + " was never written but is found");
                }
                if (n % PROGRESS_BATCH == PROGRESS_BATCH - 1) {
                    verifying.add(2L * PROGRESS_BATCH);
                }
            }
        }
        return start.stop(2L * count);
    }

    /** Scans every entry: keys must be strictly ascending, all of the loaded ones, each once. */
    private Measurement scanAll(Engine engine) {
        long[] seen = {0};
        byte[][] previous = {null};
        Measurement.Start start = Measurement.start();
        ProgressPhase scanning = progress.counting("full scan", keys);
        try (scanning) {
            engine.scan(null, Integer.MAX_VALUE, (key, value) -> {
                long i = KeyValueGenerator.indexOf(key);
                if (i < 0 || i >= keys || !Arrays.equals(key, generator.key(i))) {
                    throw failed("scan returned a key that was never written: " + Bytes.toDisplayString(key));
                }
                if (previous[0] != null && Bytes.compare(previous[0], key) >= 0) {
                    throw failed("scan is out of order at " + Bytes.toDisplayString(key));
                }
                if (seen[0] % SCAN_VALUE_CHECK_INTERVAL == 0 && !Arrays.equals(value, generator.value(i))) {
                    throw failed("scan returned a wrong value for key #" + i);
                }
                previous[0] = key;
                seen[0]++;
                if (seen[0] % PROGRESS_BATCH == 0) {
                    scanning.add(PROGRESS_BATCH);
                }
            });
        }
        Measurement m = start.stop(seen[0]);
        if (seen[0] != keys) {
            throw failed("full scan returned " + seen[0] + " entries, expected " + keys);
        }
        return m;
    }

    private void addRow(String phase, Measurement m, HeapMonitor.Peaks peaks) {
        StorageBenchmark.log("%s: %,d ops in %.1f s, peak heap %s MB", phase, m.ops(), m.seconds(),
                ReportWriter.megabytes(peaks.heapUsedBytes()));
        table.add(List.of(phase,
                String.format(Locale.ROOT, "%,d", m.ops()),
                String.format(Locale.ROOT, "%.1f", m.seconds()),
                String.format(Locale.ROOT, "%,.0f", m.opsPerSecond(m.ops())),
                String.format(Locale.ROOT, "%.2f", m.cpuMicrosPerOp(m.ops())),
                ReportWriter.megabytes(peaks.heapUsedBytes()),
                peaks.gcCount() == 0 ? "-" : ReportWriter.megabytes(peaks.heapAfterGcBytes()),
                Long.toString(peaks.gcCount()),
                Long.toString(peaks.gcMillis()),
                ReportWriter.megabytes(peaks.directBytes())));
    }

    private static String describe(byte[] value) {
        return value == null ? "nothing" : value.length + " bytes";
    }

    private static IllegalStateException failed(String what) {
        return new IllegalStateException("VERIFICATION FAILED: " + what);
    }
}
