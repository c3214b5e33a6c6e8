package io.distdb.bench.cluster;

import javax.net.ssl.SSLContext;
import io.distdb.bench.LatencySamples;
import io.distdb.bench.Progress;
import io.distdb.bench.ProgressPhase;
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
import java.util.Locale;
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
 * The request may be another {@link Operation} (an item read, a SQL statement), driven the same way.
 */
final class WriteLoad {

    /**
     * One kind of request of a load: the {@code key}-th request (keys are handed out 0, 1, 2, ... over all
     * threads, so every key is used once per run) to the node at {@code baseUri}.
     */
    interface Operation {
        HttpRequest request(String baseUri, String keyPrefix, long key);

        /** {@code null} if the answer is right, else what is wrong with it. */
        default String check(HttpResponse<String> response) {
            return response.statusCode() / 100 == 2 ? null : response.statusCode() + " " + response.body();
        }
    }

    /**
     * What one load measured. Latencies are of successful requests only. {@code clientCpuMicros}: CPU time of this
     * whole JVM (the client threads, and whatever else it did meanwhile) during the load.
     */
    record Result(String label, String consistency, int nodes, long ops, long errors, double seconds, long p50Micros,
                  long p99Micros, long nodeCpuMicros, List<String> firstErrors, long clientCpuMicros) {

        double clientCpuMicrosPerOp() {
            return ops == 0 ? 0 : (double) clientCpuMicros / ops;
        }

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
    private final Operation operation;
    /** The clients' TLS context for https nodes; null: the JDK's default. */
    private SSLContext sslContext;

    /**
     * @param valueBytes size of every request body: a JSON object {@code {"v":"..."}} padded to this many bytes
     *                   with pseudo-random letters and digits
     */
    WriteLoad(List<String> baseUris, String consistency, int threads, int valueBytes, long seed) {
        this(baseUris, consistency, threads, itemPut(consistency, bodies(valueBytes, seed)));
    }

    /** Threads sending {@code operation} round-robin to {@code baseUris}; {@code consistency} labels the result. */
    WriteLoad(List<String> baseUris, String consistency, int threads, Operation operation) {
        this.baseUris = List.copyOf(baseUris);
        this.consistency = consistency;
        this.threads = threads;
        this.operation = operation;
    }

    /** Calls https nodes with {@code context} (one that trusts their CA); returns this load. */
    WriteLoad withTls(SSLContext context) {
        this.sslContext = context;
        return this;
    }

    /** 64 JSON objects {@code {"v":"..."}} of {@code valueBytes} bytes each, pseudo-random letters and digits. */
    static byte[][] bodies(int valueBytes, long seed) {
        if (valueBytes < 16) {
            throw new IllegalArgumentException("--value-bytes must be at least 16: " + valueBytes);
        }
        Random random = new Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        byte[][] bodies = new byte[64][];
        for (int b = 0; b < bodies.length; b++) {
            StringBuilder s = new StringBuilder("{\"v\":\"");
            while (s.length() < valueBytes - 2) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            bodies[b] = s.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
        }
        return bodies;
    }

    /**
     * {@code GET /api/v1/items/{keyPrefix}{k}/v} of a {@code k} in {@code 0 .. count - 1}, spread over them
     * pseudo-randomly (the keys an item load of {@code count} requests wrote under that prefix); 404 is a failure.
     */
    static Operation itemGet(String consistency, long count) {
        return (baseUri, keyPrefix, key) -> HttpRequest.newBuilder(
                        URI.create(baseUri + "/api/v1/items/" + keyPrefix + SqlQueries.spread(key, count) + "/v"))
                .timeout(Duration.ofSeconds(30))
                .header("X-DistDB-Consistency", consistency)
                .GET()
                .build();
    }

    /** {@code PUT /api/v1/items/{keyPrefix}{key}/v} with one of {@code bodies}. */
    static Operation itemPut(String consistency, byte[][] bodies) {
        return (baseUri, keyPrefix, key) -> HttpRequest.newBuilder(URI.create(baseUri + "/api/v1/items/" + keyPrefix + key + "/v"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-DistDB-Consistency", consistency)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies[(int) (key % bodies.length)]))
                .build();
    }

    /**
     * Runs until {@code seconds} have passed (if {@code records} is 0) or until {@code records} items are
     * written (keys {@code keyPrefix + 0 ..}); {@code nodeCpu} reads the nodes' total CPU time in µs. Shows its
     * progress (requests answered, failures, the share of the time or of the records) through {@code progress}.
     */
    Result run(String label, String keyPrefix, long seconds, long records, LongSupplier nodeCpu, Progress progress)
            throws InterruptedException {
        AtomicLong nextKey = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long start = System.nanoTime();
        long deadline = records > 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(seconds);
        long cpuBefore = nodeCpu.getAsLong();
        long clientCpuBefore = LatencySamples.processCpuMicros();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5));
                if (sslContext != null) {
                    builder.sslContext(sslContext);
                }
                HttpClient client = builder.build();
                long[] mine = new long[1 << 14];
                int n = 0;
                long i = id;
                while (System.nanoTime() < deadline) {
                    long key = nextKey.getAndIncrement();
                    if (records > 0 && key >= records) {
                        break;
                    }
                    HttpRequest request = operation.request(baseUris.get((int) (i++ % baseUris.size())), keyPrefix, key);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - sent;
                        String wrong = operation.check(response);
                        if (wrong == null) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                            done.incrementAndGet();
                        } else {
                            error(errors, firstErrors, describe(request) + " -> " + wrong);
                        }
                    } catch (IOException e) {
                        error(errors, firstErrors, describe(request) + " -> " + e);
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
        try (ProgressPhase watched = records > 0 ? progress.counting(label, done::get, records)
                : progress.timed(label, seconds, done::get)) {
            watched.detail(() -> errors.get() == 0 ? null : String.format(Locale.ROOT, "%,d failed", errors.get()));
            for (Thread worker : workers) {
                worker.join();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = nodeCpu.getAsLong() - cpuBefore;
        long clientCpu = LatencySamples.processCpuMicros() - clientCpuBefore;
        long[] all = LatencySamples.sorted(latencies, counts);
        return new Result(label, consistency, baseUris.size(), done.get(), errors.get(), elapsed,
                LatencySamples.percentileMicros(all, 0.50), LatencySamples.percentileMicros(all, 0.99), cpu, List.copyOf(firstErrors), clientCpu);
    }


    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private static void error(AtomicLong errors, ConcurrentLinkedQueue<String> first, String what) {
        if (errors.incrementAndGet() <= 5) {
            String shortened = what.length() > 400 ? what.substring(0, 400) + "..." : what;
            first.add(shortened);
            System.err.println("  error: " + shortened);
        }
    }
}
