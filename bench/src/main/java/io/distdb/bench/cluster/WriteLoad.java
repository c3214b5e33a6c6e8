package io.distdb.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Client threads that each {@code PUT /api/v1/items/{pk}/v} items of a fixed size with distinct keys, one
 * request at a time, for a number of seconds or until a number of records is written. Thread {@code t} sends
 * its {@code i}-th request to node {@code (t + i) mod n}, so every node coordinates an equal share. Each
 * thread has its own {@code java.net.http} client (HTTP/1.1 keep-alive, at most one connection per node).
 */
final class WriteLoad {

    /** What one load measured. Latencies are of successful requests only. */
    record Result(String label, String consistency, int nodes, long ops, long errors, double seconds, long p50Micros,
                  long p99Micros, long nodeCpuMicros, List<String> firstErrors) {

        double opsPerSecond() {
            return ops / seconds;
        }

        double nodeCpuMicrosPerOp() {
            return ops == 0 ? 0 : (double) nodeCpuMicros / ops;
        }
    }

    private final List<String> baseUris;
    private final String consistency;
    private final int threads;
    private final byte[][] bodies;

    /**
     * @param valueBytes size of every request body: a JSON object {@code {"v":"..."}} padded to this many bytes
     *                   with pseudo-random letters and digits
     */
    WriteLoad(List<String> baseUris, String consistency, int threads, int valueBytes, long seed) {
        if (valueBytes < 16) {
            throw new IllegalArgumentException("--value-bytes must be at least 16: " + valueBytes);
        }
        this.baseUris = List.copyOf(baseUris);
        this.consistency = consistency;
        this.threads = threads;
        Random random = new Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        this.bodies = new byte[64][];
        for (int b = 0; b < bodies.length; b++) {
            StringBuilder s = new StringBuilder("{\"v\":\"");
            while (s.length() < valueBytes - 2) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            bodies[b] = s.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Runs until {@code seconds} have passed (if {@code records} is 0) or until {@code records} items are
     * written (keys {@code keyPrefix + 0 ..}); {@code nodeCpu} reads the nodes' total CPU time in µs.
     */
    Result run(String label, String keyPrefix, long seconds, long records, LongSupplier nodeCpu) throws InterruptedException {
        AtomicLong nextKey = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long start = System.nanoTime();
        long deadline = records > 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(seconds);
        long cpuBefore = nodeCpu.getAsLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                long[] mine = new long[1 << 14];
                int n = 0;
                long i = id;
                while (System.nanoTime() < deadline) {
                    long key = nextKey.getAndIncrement();
                    if (records > 0 && key >= records) {
                        break;
                    }
                    String uri = baseUris.get((int) (i++ % baseUris.size())) + "/api/v1/items/" + keyPrefix + key + "/v";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("X-DistDB-Consistency", consistency)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies[(int) (key % bodies.length)]))
                            .build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() / 100 == 2) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = System.nanoTime() - sent;
                            done.incrementAndGet();
                        } else {
                            error(errors, firstErrors, "PUT " + uri + " -> " + response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        error(errors, firstErrors, "PUT " + uri + " -> " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                latencies[id] = mine;
                counts[id] = n;
            }, "load-" + t);
            workers.add(worker);
            worker.start();
        }
        long nextReport = start + TimeUnit.SECONDS.toNanos(10);
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                worker.join(1000);
                if (System.nanoTime() > nextReport) {
                    System.err.printf("  %s: %,d written, %,d errors, %.0f s%n", label, done.get(), errors.get(),
                            (System.nanoTime() - start) / 1e9);
                    nextReport += TimeUnit.SECONDS.toNanos(10);
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = nodeCpu.getAsLong() - cpuBefore;
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(label, consistency, baseUris.size(), done.get(), errors.get(), elapsed, percentile(all, 0.50),
                percentile(all, 0.99), cpu, List.copyOf(firstErrors));
    }

    private static void error(AtomicLong errors, ConcurrentLinkedQueue<String> first, String what) {
        if (errors.incrementAndGet() <= 5) {
            String shortened = what.length() > 400 ? what.substring(0, 400) + "..." : what;
            first.add(shortened);
            System.err.println("  error: " + shortened);
        }
    }

    /** The latency at quantile {@code q} of sorted nanosecond samples, in µs; 0 without samples. */
    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000;
    }
}
