package io.distdb.server.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.cluster.JsonHttp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * SQL statements sent by a few threads to the nodes that are up, each statement to a node picked at random:
 * INSERTs of distinct keys into a table with a primary key (at QUORUM), point SELECTs of keys acknowledged
 * before, INSERTs into a table without a primary key (its row ids come from the metadata group), and, from
 * one more thread, a {@code CREATE TABLE} now and then. Every statement's outcome is recorded with the node
 * it went to and when it started and ended; nothing is retried, so every failure counts.
 */
final class SqlLoad implements AutoCloseable {

    enum Kind { INSERT, SELECT, INSERT_NO_PK, DDL }

    /** One statement: where it went, when, and what came back (status 0: no answer). */
    record Outcome(Kind kind, String node, long startNanos, long endNanos, int status, String sqlState, String detail) {

        boolean ok() {
            return status == 200 && detail == null;
        }

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        }

        @Override
        public String toString() {
            return kind + " via " + node + ": " + status + (sqlState == null ? "" : " " + sqlState)
                    + (detail == null ? "" : " " + detail) + " (" + millis() + " ms)";
        }
    }

    /** Counts of a selection of outcomes, with a few failures to show. */
    record Stats(long ok, long failed, List<Outcome> sample) {
        @Override
        public String toString() {
            return ok + " ok, " + failed + " failed" + (sample.isEmpty() ? "" : " e.g. " + sample);
        }
    }

    private static final long PAUSE_MILLIS = 15;

    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(30));
    private final String prefix;
    private final Function<String, String> uriOf;
    private final Supplier<List<String>> targets;
    private final String table;
    private final String noPkTable;
    private final int writers;
    private final long ddlEveryMillis;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> tables = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong insertsAcked = new AtomicLong();
    private final AtomicInteger ddlCounter = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Throwable crash;

    /**
     * @param prefix    makes this load's keys and table names distinct from any other load's
     * @param targets   the ids of the nodes to send statements to; asked again before every statement
     * @param ddlEveryMillis the pause between two {@code CREATE TABLE}s, 0 for none
     */
    SqlLoad(String prefix, Function<String, String> uriOf, Supplier<List<String>> targets, String table, String noPkTable,
            int writers, long ddlEveryMillis) {
        this.prefix = prefix;
        this.uriOf = uriOf;
        this.targets = targets;
        this.table = table;
        this.noPkTable = noPkTable;
        this.writers = writers;
        this.ddlEveryMillis = ddlEveryMillis;
    }

    void start() {
        for (int i = 0; i < writers; i++) {
            int worker = i;
            threads.add(new Thread(() -> guard(() -> write(worker)), "sql-load-" + prefix + "-" + i));
        }
        if (ddlEveryMillis > 0) {
            threads.add(new Thread(() -> guard(this::ddl), "sql-ddl-" + prefix));
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    private interface Body {
        void run() throws Exception;
    }

    private void guard(Body body) {
        try {
            body.run();
        } catch (InterruptedException e) {
            if (!stopping) {
                crash = e;
            }
        } catch (Throwable t) {
            crash = t;
        }
    }

    private void write(int worker) throws InterruptedException {
        Random random = new Random(31L * worker + prefix.hashCode());
        List<String> mine = new ArrayList<>();
        long sequence = 0;
        while (!stopping) {
            String key = prefix + "-w" + worker + "-" + (++sequence);
            Outcome insert = send(Kind.INSERT, random, "INSERT INTO " + table + " (k, v, w) VALUES ('" + key + "', " + sequence
                    + ", " + worker + ")", null);
            if (insert != null && insert.ok()) {
                acked.add(key);
                mine.add(key);
                insertsAcked.incrementAndGet();
            }
            if (!mine.isEmpty()) {
                String probe = mine.get(random.nextInt(mine.size()));
                send(Kind.SELECT, random, "SELECT k, v FROM " + table + " WHERE k = '" + probe + "'",
                        body -> body.path("rows").size() == 1 ? null : "the acknowledged row " + probe + " was not found: " + body);
            }
            if (noPkTable != null && sequence % 4 == 0) {
                send(Kind.INSERT_NO_PK, random, "INSERT INTO " + noPkTable + " (k, v) VALUES ('" + key + "', " + sequence + ")", null);
            }
            Thread.sleep(PAUSE_MILLIS);
        }
    }

    private void ddl() throws InterruptedException {
        Random random = new Random(prefix.hashCode());
        while (!stopping) {
            Thread.sleep(ddlEveryMillis);
            String name = "t_" + prefix + "_" + ddlCounter.incrementAndGet();
            Outcome created = send(Kind.DDL, random, "CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, name TEXT)", null);
            if (created != null && created.ok()) {
                tables.add(name);
            }
        }
    }

    /** Sends one statement to a random target at QUORUM and records what came back; null when no node is up. */
    private Outcome send(Kind kind, Random random, String sql, Function<JsonNode, String> check) {
        List<String> nodes = targets.get();
        if (nodes.isEmpty()) {
            return null;
        }
        String node = nodes.get(random.nextInt(nodes.size()));
        AtomicInteger counter = inFlight.computeIfAbsent(node, n -> new AtomicInteger());
        counter.incrementAndGet();
        long start = System.nanoTime();
        JsonHttp.Answer answer;
        try {
            answer = http.post(uriOf.apply(node) + "/sql", Map.of("sql", sql, "timeoutMs", 20_000), JsonHttp.CONSISTENCY, "QUORUM");
        } finally {
            counter.decrementAndGet();
        }
        long end = System.nanoTime();
        String detail = null;
        String state = null;
        if (answer.status() == 0) {
            detail = answer.failure();
        } else if (answer.status() != 200) {
            state = answer.body().path("sqlState").asText(null);
            detail = answer.body().path("message").asText(answer.text());
        } else if (check != null) {
            detail = check.apply(answer.body());
        }
        Outcome outcome = new Outcome(kind, node, start, end, answer.status(), state, detail);
        outcomes.add(outcome);
        return outcome;
    }

    /** Waits until no statement of this load is on its way to {@code node} (after it stopped being a target). */
    void awaitIdle(String node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicInteger counter = inFlight.computeIfAbsent(node, n -> new AtomicInteger());
        while (counter.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(counter.get() + " statements to " + node + " still run after " + timeout);
            }
            Thread.sleep(5);
        }
    }

    /** Waits until {@code more} INSERTs beyond those acknowledged now are acknowledged. */
    void awaitProgress(long more, Duration timeout) throws InterruptedException {
        long target = insertsAcked.get() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (insertsAcked.get() < target) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + (insertsAcked.get() - target + more) + " of " + more
                        + " INSERTs were acknowledged within " + timeout + "; recent failures: "
                        + stats(o -> !o.ok(), 5).sample());
            }
            Thread.sleep(20);
        }
    }

    void checkAlive() {
        if (crash != null) {
            throw new AssertionError("the SQL load failed", crash);
        }
    }

    Stats stats(Predicate<Outcome> which) {
        return stats(which, 5);
    }

    Stats stats(Predicate<Outcome> which, int samples) {
        long ok = 0;
        long failed = 0;
        List<Outcome> sample = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!which.test(o)) {
                continue;
            }
            if (o.ok()) {
                ok++;
            } else {
                failed++;
                if (sample.size() < samples) {
                    sample.add(o);
                }
            }
        }
        return new Stats(ok, failed, sample);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The keys whose INSERT a node acknowledged. */
    Set<String> acked() {
        return Set.copyOf(acked);
    }

    /** The tables the DDL thread got created. */
    Set<String> tables() {
        return Set.copyOf(tables);
    }

    String describe() {
        return java.util.Arrays.stream(Kind.values()).map(k -> k + " " + stats(o -> o.kind() == k, 0))
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        checkAlive();
    }
}
