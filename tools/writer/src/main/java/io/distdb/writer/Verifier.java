package io.distdb.writer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads acknowledged keys back and sorts each into found, missing, wrong or failed. Keys are checked as they are
 * handed in, through a bounded queue, so that a long log is verified in constant memory.
 */
final class Verifier {

    /** How a key read back. */
    enum Outcome { FOUND, MISSING, WRONG, FAILED }

    /** The counts of one verification, and up to {@link #MAX_EXAMPLES} keys that were not found. */
    record Report(long acknowledged, long found, long missing, long wrong, long failed, List<String> examples) {

        boolean allFound() {
            return found == acknowledged;
        }

        String toJson() {
            StringBuilder json = new StringBuilder()
                    .append("{\"acknowledged\":").append(acknowledged)
                    .append(",\"found\":").append(found)
                    .append(",\"missing\":").append(missing)
                    .append(",\"wrong\":").append(wrong)
                    .append(",\"failed\":").append(failed)
                    .append(",\"examples\":[");
            for (int i = 0; i < examples.size(); i++) {
                json.append(i == 0 ? "" : ",").append(Json.quote(examples.get(i)));
            }
            return json.append("]}").toString();
        }
    }

    static final int MAX_EXAMPLES = 10;
    /** Retries of a read that had no clear answer (a 503, a timeout): a node may be restarting for a moment. */
    static final int RETRIES = 3;

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final NodeClient client;
    private final Duration retryPause;
    private final ThreadPoolExecutor pool;

    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder found = new LongAdder();
    private final LongAdder missing = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final List<String> examples = new ArrayList<>();

    Verifier(NodeClient client, int threads, Duration retryPause) {
        this.client = client;
        this.retryPause = retryPause;
        // A full queue makes the log reader check keys itself, which holds it back instead of buffering the log.
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(threads * 64), runnable -> {
                    Thread thread = new Thread(runnable, "verify-" + THREAD_NUMBERS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Queues {@code key} to be read back. */
    void submit(String key) {
        acknowledged.increment();
        pool.execute(() -> record(key, check(key)));
    }

    /** Waits for every submitted key and reports. The verifier cannot be used afterwards. */
    Report finish() throws InterruptedException {
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
            // Every read is bounded by the request timeout and the retries, so this ends.
        }
        synchronized (examples) {
            return new Report(acknowledged.sum(), found.sum(), missing.sum(), wrong.sum(), failed.sum(),
                    List.copyOf(examples));
        }
    }

    /** Stops without a report, for a log that could not be read to its end. */
    void abandon() {
        pool.shutdownNow();
    }

    /** Reads {@code key} once, and again up to {@link #RETRIES} times while the outcome is {@code FAILED}. */
    Outcome check(String key) {
        Outcome outcome = readOnce(key);
        for (int retry = 0; retry < RETRIES && outcome == Outcome.FAILED; retry++) {
            try {
                Thread.sleep(retryPause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
            outcome = readOnce(key);
        }
        return outcome;
    }

    private Outcome readOnce(String key) {
        try {
            NodeClient.ReadResult result = client.get(key);
            if (result.status() == 404) {
                return Outcome.MISSING;
            }
            if (result.status() != 200 || result.value() == null) {
                return Outcome.FAILED;
            }
            return result.value().equals(NodeClient.valueFor(key)) ? Outcome.FOUND : Outcome.WRONG;
        } catch (IOException | RuntimeException e) {
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    private void record(String key, Outcome outcome) {
        switch (outcome) {
            case FOUND -> found.increment();
            case MISSING -> missing.increment();
            case WRONG -> wrong.increment();
            case FAILED -> failed.increment();
        }
        if (outcome != Outcome.FOUND) {
            synchronized (examples) {
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(key);
                }
            }
        }
    }
}
