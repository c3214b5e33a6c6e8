package io.distdb.sql.slt;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole sqllogictest corpus (or the scripts under the given prefixes) against the engine
 * {@link SqlLogicTest#newEngine} opens, one fresh engine a file, and writes one Markdown summary.
 *
 * <pre>
 * SltBench &lt;summary.md&gt; [--timeout-ms=60000] [--jobs=1] [--files-report=PATH] [--slowest=20] [prefix ...]
 *     e.g. SltBench target/slt.md test/index/ test/select
 * </pre>
 *
 * The prefix defaults to {@code test/} (all 622 scripts). {@code --timeout-ms} is every statement's timeout
 * (the engine cancels a statement that runs longer, which counts as a failed_error with SQLSTATE 57014);
 * {@code --jobs} runs that many files at once; {@code --files-report} also writes the report with a row per
 * file. The summary has totals per directory, every failure kind with an example, every wrong result and
 * crash in full, and the slowest statements of the run.
 *
 * <p>Made for long runs: a progress line per file on standard error (records, megabytes of the corpus done,
 * elapsed time and an estimate of what is left from the bytes, heap, load average); a statement running for
 * more than 30 s is named on standard error while it runs; the summary is rewritten every minute while the
 * run goes on (marked partial), so a run that is stopped leaves what it has done; a file that runs the JVM
 * out of memory is recorded as that file's error and the run goes on with the next one.
 *
 * <p>Exit status 0 when nothing was wrong and nothing crashed, 1 otherwise, 2 on bad arguments.
 */
public final class SltBench {

    /** A statement that ran on the engine, for the list of the slowest. */
    record Timed(String file, String sql, long nanos, String outcome) {
    }

    /** A statement still running, for the watchdog. */
    private record Running(String file, String sql, long startNanos) {
    }

    private static final long WATCH_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    public static void main(String[] args) throws Exception {
        Path out = null;
        long timeoutMillis = 60_000;
        int jobs = 1;
        int slowest = 20;
        Path filesReport = null;
        List<String> prefixes = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--timeout-ms=")) {
                timeoutMillis = Long.parseLong(arg.substring("--timeout-ms=".length()));
            } else if (arg.startsWith("--jobs=")) {
                jobs = Integer.parseInt(arg.substring("--jobs=".length()));
            } else if (arg.startsWith("--slowest=")) {
                slowest = Integer.parseInt(arg.substring("--slowest=".length()));
            } else if (arg.startsWith("--files-report=")) {
                filesReport = Path.of(arg.substring("--files-report=".length()));
            } else if (arg.startsWith("--")) {
                usage("unknown option " + arg);
            } else if (out == null) {
                out = Path.of(arg);
            } else {
                prefixes.add(arg);
            }
        }
        if (out == null || jobs < 1) {
            usage(null);
        }
        if (prefixes.isEmpty()) {
            prefixes.add("test/");
        }
        SortedMap<String, Long> sizes = new TreeMap<>();
        for (String prefix : prefixes) {
            sizes.putAll(SltCorpus.sizes(prefix));
        }
        if (sizes.isEmpty()) {
            System.err.println("no .test resources under " + prefixes);
            System.exit(2);
        }
        String command = "SltBench " + String.join(" ", args);
        SltBench bench = new SltBench(out, filesReport, timeoutMillis, jobs, slowest, command);
        SltReport report = bench.run("sqllogictest: " + String.join(", ", prefixes), sizes);
        report.print(System.out);
        System.err.println("summary written to " + out.toAbsolutePath());
        boolean clean = report.total(SltOutcome.WRONG) == 0 && report.total(SltOutcome.CRASHED) == 0;
        System.exit(clean ? 0 : 1);
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: SltBench <summary.md> [--timeout-ms=60000] [--jobs=1] [--files-report=PATH]"
                + " [--slowest=20] [prefix ...]   (prefix default: test/)");
        System.exit(2);
    }

    /** Runs {@code files} one after another, a fresh engine each, and reports them together. */
    public static SltReport run(String title, List<String> files, SltEngine.Factory factory) {
        SltRunner runner = new SltRunner(20, 1000);
        SltReport report = new SltReport(title).maxWrongShown(100);
        int i = 0;
        for (String file : files) {
            i++;
            SltFileResult result = runOne(runner, file, factory);
            report.add(result);
            System.err.println(String.format(Locale.ROOT, "[%d/%d] %s (%.1fs)", i, files.size(), result,
                    result.elapsed().toMillis() / 1000.0));
        }
        return report;
    }

    private static SltFileResult runOne(SltRunner runner, String file, SltEngine.Factory factory) {
        try {
            return runner.runFresh(SltCorpus.load(file), factory);
        } catch (IOException | RuntimeException e) {
            SltFileResult result = new SltFileResult(file, 0);
            result.fileError("the script did not load: " + e.getMessage());
            return result;
        } catch (OutOfMemoryError e) {
            SltFileResult result = new SltFileResult(file, 0);
            result.fileError("out of memory: " + e.getMessage());
            return result;
        }
    }

    private final Path out;
    private final Path filesReport;
    private final long timeoutMillis;
    private final int jobs;
    private final int slowestShown;
    private final String command;
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final PriorityQueue<Timed> slowest = new PriorityQueue<>(Comparator.comparingLong(Timed::nanos));

    private SltBench(Path out, Path filesReport, long timeoutMillis, int jobs, int slowestShown, String command) {
        this.out = out;
        this.filesReport = filesReport;
        this.timeoutMillis = timeoutMillis;
        this.jobs = jobs;
        this.slowestShown = slowestShown;
        this.command = command;
    }

    private SltReport run(String title, SortedMap<String, Long> sizes) throws Exception {
        List<String> files = new ArrayList<>(sizes.keySet());
        long totalBytes = sizes.values().stream().mapToLong(v -> Math.max(0, v)).sum();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadAtStart = loadAverage();
        long start = System.nanoTime();
        SltRunner runner = new SltRunner(5, 10_000);
        SltEngine.Factory factory = dir -> timed(SqlLogicTest.newEngine(dir, timeoutMillis));

        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slt-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(this::watch, 10, 10, TimeUnit.SECONDS);

        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "slt-file");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<SltFileResult>> futures = new LinkedHashMap<>();
        for (String file : files) {
            futures.put(file, pool.submit(() -> {
                CURRENT_FILE.set(file);
                try {
                    return runOne(runner, file, factory);
                } finally {
                    CURRENT_FILE.remove();
                }
            }));
        }
        pool.shutdown();

        List<SltFileResult> done = new ArrayList<>();
        long bytesDone = 0;
        long records = 0;
        double maxLoad = 0;
        long lastWrite = System.nanoTime();
        int i = 0;
        for (Map.Entry<String, Future<SltFileResult>> e : futures.entrySet()) {
            SltFileResult result = e.getValue().get();
            done.add(result);
            i++;
            bytesDone += Math.max(0, sizes.get(e.getKey()));
            records += result.records();
            maxLoad = Math.max(maxLoad, load1());
            long elapsed = System.nanoTime() - start;
            double fraction = totalBytes == 0 ? (double) i / files.size() : (double) bytesDone / totalBytes;
            long etaSeconds = fraction <= 0 ? 0 : (long) (elapsed / 1e9 * (1 - fraction) / fraction);
            Runtime rt = Runtime.getRuntime();
            System.err.println(String.format(Locale.ROOT,
                    "[%d/%d] %s (%.1fs) | %,d records, %.1f of %.1f MB, %s elapsed, about %s left, heap %d MB, load %s",
                    i, files.size(), result, result.elapsed().toMillis() / 1000.0, records, bytesDone / 1e6,
                    totalBytes / 1e6, hms(elapsed / 1_000_000_000L), hms(etaSeconds),
                    (rt.totalMemory() - rt.freeMemory()) >> 20, loadAverage()));
            if (System.nanoTime() - lastWrite > TimeUnit.MINUTES.toNanos(1) && i < files.size()) {
                write(title + " (partial: " + i + " of " + files.size() + " files)", done, startedAt, loadAtStart,
                        maxLoad, System.nanoTime() - start);
                lastWrite = System.nanoTime();
            }
        }
        watchdog.shutdownNow();
        return write(title, done, startedAt, loadAtStart, maxLoad, System.nanoTime() - start);
    }

    private SltReport write(String title, List<SltFileResult> done, Instant startedAt, String loadAtStart,
                            double maxLoad, long elapsedNanos) throws IOException {
        SltReport report = new SltReport(title).maxWrongShown(10_000).maxGroupsShown(200);
        done.forEach(report::add);
        Runtime rt = Runtime.getRuntime();
        report.note("command: `" + command + "` (statement timeout " + timeoutMillis + " ms, " + jobs
                + (jobs == 1 ? " file" : " files") + " at a time)");
        report.note(String.format(Locale.ROOT,
                "started %s, wall time %s; 1-minute load average %s at the start, %s at the end, highest seen %.2f"
                        + " (%d cores); JVM %s, max heap %d MB",
                startedAt, hms(elapsedNanos / 1_000_000_000L), loadAtStart, loadAverage(), maxLoad,
                rt.availableProcessors(), System.getProperty("java.vm.version"), rt.maxMemory() >> 20));
        report.note("time: each file's records from the first to the last, on a fresh engine (LSM store, "
                + "durability NONE); opening and closing the engine not included");
        String markdown = report.perFileTable(false).toMarkdown() + slowestMarkdown();
        write(out, markdown);
        if (filesReport != null) {
            write(filesReport, report.perFileTable(true).toMarkdown());
        }
        return report;
    }

    private String slowestMarkdown() {
        List<Timed> list;
        synchronized (slowest) {
            list = new ArrayList<>(slowest);
        }
        if (list.isEmpty()) {
            return "";
        }
        list.sort(Comparator.comparingLong(Timed::nanos).reversed());
        StringBuilder md = new StringBuilder("\n## The slowest statements\n\n| seconds | file | outcome | SQL |\n"
                + "|---:|---|---|---|\n");
        for (Timed t : list) {
            String sql = t.sql().replaceAll("\\s+", " ").strip();
            if (sql.length() > 200) {
                sql = sql.substring(0, 200) + "...";
            }
            md.append(String.format(Locale.ROOT, "| %.2f | `%s` | %s | %s |%n", t.nanos() / 1e9, t.file(),
                    t.outcome(), sql.replace("|", "\\|")));
        }
        return md.toString();
    }

    private static void write(Path path, String text) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The engine, with every statement timed for the slowest list and watched while it runs. */
    private SltEngine timed(SltEngine engine) {
        return new SltEngine() {
            @Override
            public SqlResult execute(String sql) throws SqlException {
                Thread me = Thread.currentThread();
                long t0 = System.nanoTime();
                running.put(me, new Running(currentFile(), sql, t0));
                String outcome = "ok";
                try {
                    return engine.execute(sql);
                } catch (SqlException e) {
                    outcome = "error " + e.sqlState();
                    throw e;
                } catch (RuntimeException | Error e) {
                    outcome = "crash";
                    throw e;
                } finally {
                    long nanos = System.nanoTime() - t0;
                    running.remove(me);
                    recordTime(new Timed(currentFile(), sql, nanos, outcome));
                }
            }

            @Override
            public void close() throws Exception {
                engine.close();
            }
        };
    }

    private static final ThreadLocal<String> CURRENT_FILE = new ThreadLocal<>();

    private static String currentFile() {
        String f = CURRENT_FILE.get();
        return f == null ? "?" : f;
    }

    private void recordTime(Timed t) {
        synchronized (slowest) {
            if (slowest.size() < slowestShown) {
                slowest.add(t);
            } else if (slowestShown > 0 && slowest.peek().nanos() < t.nanos()) {
                slowest.poll();
                slowest.add(t);
            }
        }
    }

    private void watch() {
        long now = System.nanoTime();
        for (Running r : running.values()) {
            long nanos = now - r.startNanos();
            if (nanos > WATCH_AFTER_NANOS) {
                String sql = r.sql().replaceAll("\\s+", " ");
                System.err.println(String.format(Locale.ROOT, "  still running after %ds in %s: %s", nanos / 1_000_000_000L,
                        r.file(), sql.length() > 300 ? sql.substring(0, 300) + "..." : sql));
            }
        }
    }

    private static double load1() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", load1());
        }
    }

    private static String hms(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
