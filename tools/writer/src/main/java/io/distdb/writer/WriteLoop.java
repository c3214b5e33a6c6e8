package io.distdb.writer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes unique keys {@code <prefix>-<seq>} at a paced total rate over a number of threads and logs the outcome of
 * every request. A failed write is logged as an error and never retried under the same key: whether such a write
 * took effect is unknown, so only acknowledged keys are ever checked later.
 */
final class WriteLoop {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final NodeClient client;
    private final LogWriter log;
    private final String prefix;
    private final int threads;
    private final Pacer pacer;
    private final Duration requestTimeout;
    private final PrintStream out;
    private final PrintStream err;

    private final AtomicLong nextSeq = new AtomicLong();
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Counted down once to ask every thread (and {@link #run(Duration)}) to stop. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "writer-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean logFailed;
    private boolean stopped;
    private long startNanos;

    WriteLoop(NodeClient client, LogWriter log, String prefix, int threads, double ratePerSecond,
              Duration requestTimeout, PrintStream out, PrintStream err) {
        this.client = client;
        this.log = log;
        this.prefix = prefix;
        this.threads = threads;
        this.pacer = new Pacer(ratePerSecond);
        this.requestTimeout = requestTimeout;
        this.out = out;
        this.err = err;
    }

    /** Starts the write threads and the progress line. */
    synchronized void start() {
        if (stopped) {
            return;
        }
        startNanos = System.nanoTime();
        for (int i = 1; i <= threads; i++) {
            Thread worker = new Thread(this::writeUntilStopped, "writer-" + i);
            workers.add(worker);
            worker.start();
        }
        long every = PROGRESS_EVERY.toNanos();
        long[] last = {ok.sum(), System.nanoTime()};
        progress.scheduleAtFixedRate(() -> {
            long acknowledged = ok.sum();
            long now = System.nanoTime();
            out.println(summary(acknowledged - last[0], now - last[1]));
            last[0] = acknowledged;
            last[1] = now;
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts, writes for {@code duration} (zero: until {@link #stop()} is called, e.g. by the SIGTERM hook), and stops.
     *
     * @return whether the run ended without an error of its own (a request that fails is not one)
     */
    boolean run(Duration duration) throws InterruptedException {
        start();
        if (duration.isZero()) {
            stopRequested.await();
        } else {
            stopRequested.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
        stop();
        return !logFailed;
    }

    /**
     * Stops writing, waits for the requests in flight to end (each is bounded by the request timeout) so that
     * their outcomes are logged, then closes the log. Safe to call more than once and from any thread.
     */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopRequested.countDown();
        progress.shutdownNow();
        long deadline = System.nanoTime() + requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Thread worker : workers) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            log.close();
        } catch (IOException e) {
            err.println("cannot close the log " + log.path() + ": " + e);
            logFailed = true;
        }
        out.println("total " + summary(ok.sum(), System.nanoTime() - startNanos));
        out.flush();
    }

    long acknowledged() {
        return ok.sum();
    }

    long failed() {
        return errors.sum();
    }

    private String summary(long acknowledgedInPeriod, long periodNanos) {
        double rate = periodNanos <= 0 ? 0 : acknowledgedInPeriod * 1e9 / periodNanos;
        return String.format(Locale.ROOT, "ok=%d errors=%d rate=%.1f/s", ok.sum(), errors.sum(), rate);
    }

    private void writeUntilStopped() {
        try {
            while (stopRequested.getCount() > 0) {
                long wait = pacer.nextSlot(System.nanoTime()) - System.nanoTime();
                if (wait > 0 && stopRequested.await(wait, TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (stopRequested.getCount() == 0) {
                    return;
                }
                writeOne();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            // Without its log the run proves nothing: stop everything rather than write unrecorded keys.
            err.println(e.getMessage() + ": " + e.getCause());
            logFailed = true;
            stopRequested.countDown();
        }
    }

    private void writeOne() throws InterruptedException {
        String key = prefix + "-" + nextSeq.getAndIncrement();
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        String failure;
        try {
            int status = client.put(key);
            failure = status == 200 ? null : Integer.toString(status);
        } catch (IOException | RuntimeException e) {
            // Refused, reset, timed out: the Service may have no ready endpoint for a moment. Keep going.
            failure = e.getClass().getSimpleName();
        }
        long latencyMicros = (System.nanoTime() - startNanos) / 1000;
        if (failure == null) {
            ok.increment();
            log.append(LogRecord.ok(key, startMillis, latencyMicros));
        } else {
            errors.increment();
            log.append(LogRecord.error(key, startMillis, latencyMicros, failure));
        }
    }
}
