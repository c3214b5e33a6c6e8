package io.distdb.bench.node;

import io.distdb.bench.LatencySamples;
import io.distdb.bench.Progress;
import io.distdb.bench.ProgressPhase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Client threads against one node, each with its own keep-alive {@link HttpConnection}, one request at a time
 * (a closed loop: the next request goes when the answer is in). Runs for a fixed time or until a number of
 * operations has been handed out; shows its progress through a {@link Progress}; records the latency
 * of every successful request.
 */
final class ClosedLoop {

    /** One request on a thread's connection. */
    interface Operation {
        /**
         * Sends the {@code seq}-th request of the run (0, 1, 2, ... over all threads) on {@code connection};
         * returns null if the answer is right, else what is wrong with it.
         */
        String run(HttpConnection connection, SplittableRandom random, long seq) throws IOException;
    }

    /**
     * What one run measured; latencies of successful requests only. {@code nodeCpuMicros}: the node process's CPU
     * time (user + system, all its threads) over the run; {@code clientCpuMicros}: this JVM's.
     */
    record Result(String label, long ops, long errors, double seconds, long p50Micros, long p99Micros,
                  long p999Micros, long nodeCpuMicros, long clientCpuMicros, long sideCpuMicros, MachineCpu machine,
                  List<String> firstErrors) {

        double opsPerSecond() {
            return seconds == 0 ? 0 : ops / seconds;
        }

        double nodeCpuMicrosPerOp() {
            return ops == 0 ? 0 : (double) nodeCpuMicros / ops;
        }

        double clientCpuMicrosPerOp() {
            return ops == 0 ? 0 : (double) clientCpuMicros / ops;
        }

        /** Cores the other processes of the benchmark (nodes not measured, idle) used during the run, on average. */
        double sideCores() {
            return sideCpuMicros / (seconds * 1e6);
        }

        /**
         * Cores busy with anything but the benchmark's processes during the run, on average: the whole machine's busy
         * time ({@code /proc/stat}) less the node's, the client's and the side processes'; NaN if unknown.
         */
        double otherCores() {
            if (machine == null) {
                return Double.NaN;
            }
            return Math.max(0, machine.busyMicros() - nodeCpuMicros - clientCpuMicros - sideCpuMicros) / (seconds * 1e6);
        }

        /** Cores the hypervisor gave to other guests while this one wanted them (steal), on average; NaN if unknown. */
        double stealCores() {
            return machine == null ? Double.NaN : machine.stealMicros() / (seconds * 1e6);
        }
    }

    /** The machine's CPU time over a run, from the first line of {@code /proc/stat}: busy (not idle, not I/O wait, not steal) and steal. */
    record MachineCpu(long busyMicros, long stealMicros) {

        /** Totals since boot, or null where there is no {@code /proc/stat}. */
        static MachineCpu now() {
            try {
                String first = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
                String[] f = first.trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...; in USER_HZ ticks (100 per second)
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                return new MachineCpu(busy * 10_000, steal * 10_000);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        MachineCpu minus(MachineCpu before) {
            return before == null ? null : new MachineCpu(busyMicros - before.busyMicros, stealMicros - before.stealMicros);
        }
    }

    private final String host;
    private final int port;
    private final int threads;
    private final long seed;
    private final Progress progress;

    ClosedLoop(String host, int port, int threads, long seed, Progress progress) {
        this.host = host;
        this.port = port;
        this.threads = threads;
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * Runs {@code operation} from every thread until {@code seconds} have passed ({@code count} 0) or until
     * {@code count} operations have been handed out ({@code seconds} is then ignored). {@code nodeCpu} reads the
     * node's CPU time in µs, {@code sideCpu} that of other processes of the benchmark (other nodes), to tell them
     * from the rest of the machine.
     */
    Result run(String label, long seconds, long count, Operation operation, LongSupplier nodeCpu, LongSupplier sideCpu)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long start = System.nanoTime();
        long deadline = count > 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(seconds);
        long nodeCpuBefore = nodeCpu.getAsLong();
        long clientCpuBefore = LatencySamples.processCpuMicros();
        MachineCpu machineBefore = MachineCpu.now();
        long sideCpuBefore = sideCpu.getAsLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + t);
            Thread worker = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    while (System.nanoTime() < deadline) {
                        long seq = next.getAndIncrement();
                        if (count > 0 && seq >= count) {
                            break;
                        }
                        long sent = System.nanoTime();
                        String wrong;
                        try {
                            wrong = operation.run(connection, random, seq);
                        } catch (IOException | RuntimeException e) {
                            wrong = e.toString();
                        }
                        long took = System.nanoTime() - sent;
                        if (wrong == null) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                            done.incrementAndGet();
                        } else {
                            error(errors, firstErrors, label, wrong);
                        }
                    }
                }
                latencies[id] = mine;
                counts[id] = n;
            }, "client-" + t);
            workers.add(worker);
            worker.start();
        }
        try (ProgressPhase watched = count > 0 ? progress.counting(label, done::get, count)
                : progress.timed(label, seconds, done::get)) {
            watched.detail(() -> errors.get() == 0 ? null : String.format(Locale.ROOT, "%,d failed", errors.get()));
            for (Thread worker : workers) {
                worker.join();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long nodeCpuUsed = nodeCpu.getAsLong() - nodeCpuBefore;
        long clientCpuUsed = LatencySamples.processCpuMicros() - clientCpuBefore;
        long sideCpuUsed = sideCpu.getAsLong() - sideCpuBefore;
        MachineCpu machineAfter = MachineCpu.now();
        MachineCpu machine = machineAfter == null ? null : machineAfter.minus(machineBefore);
        long[] all = LatencySamples.sorted(latencies, counts);
        return new Result(label, done.get(), errors.get(), elapsed, LatencySamples.percentileMicros(all, 0.50),
                LatencySamples.percentileMicros(all, 0.99), LatencySamples.percentileMicros(all, 0.999), nodeCpuUsed, clientCpuUsed, sideCpuUsed, machine,
                List.copyOf(firstErrors));
    }


    private static void error(AtomicLong errors, ConcurrentLinkedQueue<String> first, String label, String what) {
        if (errors.incrementAndGet() <= 5) {
            String shortened = what.length() > 400 ? what.substring(0, 400) + "..." : what;
            first.add(shortened);
            System.err.println("  [" + label + "] failed: " + shortened);
        }
    }
}
