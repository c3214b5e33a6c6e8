package io.distdb.server.cluster;

import io.distdb.server.cluster.Ledger.ItemKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps writing items at QUORUM, each request to the next live node in turn, for as long as it runs, and
 * records in the {@link Ledger} every write a node acknowledged (2xx). A write that is not acknowledged
 * (any other status, a refused connection, a timeout) is sent again, with the same value, to the next node
 * until one acknowledges it; so a key's value in the cluster is always its last acknowledged version or the
 * one version being written, never an older attempt that might still land.
 *
 * <p>Writes go to the current group of partitions. About a quarter of them overwrite a key of the group
 * that was acknowledged a while ago (so that "the last acknowledged value" is tested, not just presence);
 * the rest create keys over a few hundred partitions. {@link #freeze} moves the writer to a fresh group and
 * returns the old one once its last write is acknowledged: from then on its content is fixed and known.
 */
final class QuorumWriter implements AutoCloseable {

    private static final long OVERWRITE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(30));
    private final Supplier<List<String>> nodes;
    private final Ledger ledger;
    private final Random random = new Random(20240605);
    private final Thread thread;
    private final Object groupLock = new Object();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";
    private volatile boolean stopping;
    private volatile Throwable crash;

    private String group = "w1";
    private String inFlightGroup;
    private int groupCounter = 1;
    private int rotation;
    private long sequence;

    /** @param nodes the client base URIs of the nodes to write to; asked again before every request */
    QuorumWriter(Supplier<List<String>> nodes, Ledger ledger) {
        this.nodes = nodes;
        this.ledger = ledger;
        this.thread = new Thread(this::run, "quorum-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        String localGroup = null;
        List<ItemKey> written = new ArrayList<>();
        try {
            while (!stopping) {
                String g;
                synchronized (groupLock) {
                    g = group;
                    inFlightGroup = g;
                }
                if (!g.equals(localGroup)) {
                    written.clear();
                    localGroup = g;
                }
                ItemKey key = overwriteCandidate(written);
                boolean fresh = key == null;
                if (fresh) {
                    key = new ItemKey(g + "-p" + String.format("%03d", random.nextInt(400)),
                            "s" + String.format("%07d", ++sequence));
                }
                long version = ledger.attempted(key) + 1;
                ledger.attempt(key, version);
                if (putUntilAcked(key, version) && fresh) {
                    written.add(key);
                }
                synchronized (groupLock) {
                    inFlightGroup = null;
                    groupLock.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            if (!stopping) {
                crash = e;
            }
        } catch (Throwable t) {
            crash = t;
        } finally {
            synchronized (groupLock) {
                inFlightGroup = null;
                groupLock.notifyAll();
            }
        }
    }

    private ItemKey overwriteCandidate(List<ItemKey> written) {
        if (written.size() < 20 || random.nextInt(4) != 0) {
            return null;
        }
        for (int tries = 0; tries < 5; tries++) {
            ItemKey key = written.get(random.nextInt(written.size()));
            if (ledger.sinceAck(key) > OVERWRITE_AFTER_NANOS) {
                return key;
            }
        }
        return null;
    }

    /** Sends the write to one node after another until one acknowledges it; false only if stopped first. */
    private boolean putUntilAcked(ItemKey key, long version) throws InterruptedException {
        var value = Ledger.value(key, version);
        while (true) {
            List<String> targets = nodes.get();
            if (!targets.isEmpty()) {
                String node = targets.get(Math.floorMod(rotation++, targets.size()));
                JsonHttp.Answer answer = http.put(node + key.path(), value, JsonHttp.CONSISTENCY, "QUORUM");
                if (answer.ok()) {
                    ledger.ack(key, version);
                    acks.incrementAndGet();
                    return true;
                }
                failures.incrementAndGet();
                lastFailure = node + ": " + answer;
            }
            if (stopping) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Moves the writer to a new group and waits until no write of the old one is in flight; returns the old
     * group, whose content {@link Ledger#frozen} then gives.
     */
    String freeze(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (groupLock) {
            String frozen = group;
            group = "w" + (++groupCounter);
            while (frozen.equals(inFlightGroup)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the writer could not get its last write of group " + frozen
                            + " acknowledged within " + timeout + "; last failure: " + lastFailure);
                }
                groupLock.wait(Math.min(left, 1000));
            }
            return frozen;
        }
    }

    /** Waits until the writer has {@code more} acknowledgements beyond those it has now. */
    void awaitProgress(long more, Duration timeout) throws InterruptedException {
        long target = acks.get() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks.get() < target) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer got only " + (acks.get() - target + more) + " of " + more
                        + " writes acknowledged within " + timeout + "; last failure: " + lastFailure);
            }
            Thread.sleep(100);
        }
    }

    void checkAlive() {
        if (crash != null) {
            throw new AssertionError("the writer failed", crash);
        }
        if (!thread.isAlive() && !stopping) {
            throw new AssertionError("the writer stopped");
        }
    }

    long acks() {
        return acks.get();
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }

    /** One write sent to node after node until acknowledged, as the writer does; for loading data up front. */
    static void putUntilAcked(JsonHttp http, Supplier<List<String>> nodes, Ledger ledger, ItemKey key, int seed,
                              Duration timeout) throws InterruptedException {
        long version = ledger.attempted(key) + 1;
        ledger.attempt(key, version);
        var value = Ledger.value(key, version);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        for (int attempt = seed; System.nanoTime() < deadline; attempt++) {
            List<String> targets = nodes.get();
            String node = targets.get(Math.floorMod(attempt, targets.size()));
            JsonHttp.Answer answer = http.put(node + key.path(), value, JsonHttp.CONSISTENCY, "QUORUM");
            if (answer.ok()) {
                ledger.ack(key, version);
                return;
            }
            last = node + ": " + answer;
            Thread.sleep(20);
        }
        throw new AssertionError("no node acknowledged " + key + " within " + timeout + "; last answer " + last);
    }
}
