package io.distdb.bench;

import java.nio.file.Path;
import java.util.List;

/** The settings of one {@link StorageBenchmark} run, read from its flags. */
record BenchConfig(
        int keys,
        int valueBytes,
        boolean textValues,
        int reads,
        int seeks,
        List<Integer> threads,
        List<String> engines,
        List<Workload> workloads,
        EngineSettings engineSettings,
        Settle settle,
        Path dir,
        Path out,
        long seed,
        long progressSeconds) {

    static final String USAGE = """
            Usage: java -jar distdb-bench.jar [--flag=value ...]
              --keys=N          keys the fill writes (default 5,000,000)
              --value-bytes=N   value size (default 100); keys are always 16 bytes
              --values=random   random (incompressible bytes, default) or json (JSON-like text, compressible)
              --reads=N         point reads of readrandom and readwhilewriting, over all threads (default min(keys, 1,000,000))
              --seeks=N         seeks of seekrandom, over all threads (default: as --reads)
              --threads=1,2     client thread counts; each gets its own fill
              --engines=lsm,rocksdb   engines to compare: lsm (no compression), lsm-lz4, hashlog (fill and
                                point reads only), rocksdb; memory is a harness self-check only
              --workloads=fillrandom,readrandom,seekrandom,readwhilewriting
              --cache-mb=N      block cache of every engine (default 64)
              --memtable-mb=N   memtable (write buffer) of every engine (default 64)
              --settle=none     after the fill's flush: none, wait (for compactions) or compact (everything)
              --dir=PATH        where databases are created, each in a fresh subdirectory (default $TMPDIR/distdb-bench)
              --out=FILE        also write the results as Markdown to FILE
              --seed=N          seed of the generated keys and values (default 42)
            """ + Progress.USAGE;

    private static boolean textValues(String kind) {
        return switch (kind) {
            case "random" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("--values must be random or json: " + kind);
        };
    }

    static BenchConfig from(Flags flags) {
        int keys = flags.positiveInt("keys", 5_000_000);
        int reads = flags.positiveInt("reads", Math.min(keys, 1_000_000));
        BenchConfig config = new BenchConfig(
                keys,
                flags.positiveInt("value-bytes", 100),
                textValues(flags.string("values", "random")),
                reads,
                flags.positiveInt("seeks", reads),
                flags.list("threads", "1,2").stream().map(Integer::parseInt).toList(),
                flags.list("engines", "lsm,rocksdb"),
                flags.list("workloads", "fillrandom,readrandom,seekrandom,readwhilewriting").stream()
                        .map(Workload::named).toList(),
                new EngineSettings(flags.positiveInt("memtable-mb", 64) * (1L << 20),
                        flags.positiveInt("cache-mb", 64) * (1L << 20), 10, 4096),
                Settle.named(flags.string("settle", "none")),
                Path.of(flags.string("dir", Path.of(System.getProperty("java.io.tmpdir"), "distdb-bench").toString())),
                flags.has("out") ? Path.of(flags.string("out", null)) : null,
                flags.number("seed", 42),
                flags.number(Progress.FLAG, Progress.DEFAULT_SECONDS));
        flags.rejectUnknown();
        for (int t : config.threads) {
            if (t < 1) {
                throw new IllegalArgumentException("--threads must be positive: " + t);
            }
        }
        config.engines.forEach(Engine::label);
        if (config.progressSeconds < 0) {
            throw new IllegalArgumentException("--" + Progress.FLAG + " must not be negative: " + config.progressSeconds);
        }
        return config;
    }
}
