package io.distdb.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uniqueness without a single writer, through SQL on three real node processes: many clients insert the same
 * primary keys, and other rows with the same unique values, through all three nodes at once. For every key
 * and every unique value exactly one INSERT wins; the others get 23505 (duplicate key); and the table, its
 * unique index and its primary key agree afterwards, through every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlUniquenessIT {

    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final int KEYS = 30;
    private static final int CLIENTS_PER_NODE = 3;
    private static final String QUORUM = "QUORUM";

    private final Path runDir = Path.of("target", "sql-uniqueness-it",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + UUID.randomUUID().toString().substring(0, 8));
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(60));
    private LocalCluster cluster;

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void concurrentInsertsThroughEveryNodeKeepKeysAndUniqueValuesUnique() throws Throwable {
        cluster = new LocalCluster(runDir, "sql-uniqueness-" + UUID.randomUUID());
        try {
            cluster.startStatic(NODES, 3, 16);
            cluster.awaitSettled(1, NODES, Duration.ofMinutes(5));
            JsonHttp.Answer created = sql("node-1", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT UNIQUE, owner TEXT)");
            assertEquals(200, created.status(), created.toString());

            // The same primary key from every client (each with an email of its own).
            Map<Integer, String> keyWinners = race("primary key", (k, c) -> k, (k, client) -> "pk" + k + "." + client);
            // Distinct primary keys, the same email from every client.
            Map<Integer, String> emailWinners = race("unique email", (k, c) -> 1000 + 100 * k + c, (k, client) -> "shared" + k + "@example.com");

            for (String node : NODES) {
                for (int k = 0; k < KEYS; k++) {
                    JsonHttp.Answer byKey = sql(node, "SELECT owner FROM accounts WHERE id = $1", k);
                    assertEquals(List.of(keyWinners.get(k)), column(byKey), node + ": the row of key " + k + " is its winner's");
                    JsonHttp.Answer byEmail = sql(node, "SELECT owner FROM accounts WHERE email = $1", "shared" + k + "@example.com");
                    assertEquals(List.of(emailWinners.get(k)), column(byEmail), node + ": one row holds email " + k + ", its winner's");
                }
                // The unique index (email = ...) and a scan of the table agree on every row.
                JsonHttp.Answer all = sql(node, "SELECT id, email FROM accounts ORDER BY id");
                assertEquals(2 * KEYS, all.body().get("rows").size(), node + ": " + all);
                for (var row : all.body().get("rows")) {
                    JsonHttp.Answer viaIndex = sql(node, "SELECT id FROM accounts WHERE email = $1", row.get(1).asText());
                    assertEquals(List.of(row.get(0).asText()), column(viaIndex), node + ": the index finds row " + row);
                }
            }
        } catch (Throwable failure) {
            System.out.println("FAILED; the tails of the node logs follow (all logs under " + runDir.toAbsolutePath() + ")");
            System.out.println(cluster.logTails(60));
            throw failure;
        }
    }

    @FunctionalInterface
    interface IdOf {
        int id(int key, int client);
    }

    @FunctionalInterface
    interface EmailOf {
        String email(int key, String client);
    }

    /**
     * Every client inserts every key (in its own order) through its node; returns the winner of each key. A
     * statement whose outcome is unknown (no answer, 503, 409 after contention) is sent again: then a 23505
     * for a row that holds the client's own name is its win.
     */
    private Map<Integer, String> race(String what, IdOf idOf, EmailOf emailOf) throws Exception {
        Map<Integer, List<String>> winners = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        int clients = NODES.size() * CLIENTS_PER_NODE;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            String node = NODES.get(c % NODES.size());
            String client = "c" + c;
            int seed = c;
            int index = c;
            runs.add(pool.submit(() -> {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    order.add(k);
                }
                Collections.shuffle(order, new Random(seed));
                start.await();
                for (int k : order) {
                    boolean retried = false;
                    while (true) {
                        JsonHttp.Answer answer = sql(node, "INSERT INTO accounts (id, email, owner) VALUES ($1, $2, $3)",
                                idOf.id(k, index), emailOf.email(k, client), client);
                        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.status() == 200) {
                            winners.computeIfAbsent(k, x -> Collections.synchronizedList(new ArrayList<>())).add(client);
                            break;
                        }
                        if (answer.status() == 400) {
                            assertEquals("23505", answer.body().path("sqlState").asText(), "a lost INSERT is a duplicate key: " + answer);
                            assertEquals("constraint_violation", answer.body().path("error").asText(), answer.toString());
                            if (retried && ownedBy(node, idOf.id(k, index), client)) {
                                winners.computeIfAbsent(k, x -> Collections.synchronizedList(new ArrayList<>())).add(client);
                            }
                            break;
                        }
                        retried = true;
                        Thread.sleep(50);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        LocalCluster.log("%s: %d clients inserted %d keys each in %d ms; answers by HTTP status: %s", what, clients, KEYS,
                (System.nanoTime() - began) / 1_000_000, statuses);
        Map<Integer, String> winner = new ConcurrentHashMap<>();
        for (int k = 0; k < KEYS; k++) {
            List<String> won = winners.getOrDefault(k, List.of());
            assertEquals(1, won.size(), what + " " + k + " has exactly one winner, not " + won);
            winner.put(k, won.get(0));
        }
        return winner;
    }

    private boolean ownedBy(String node, int id, String client) {
        return List.of(client).equals(column(sql(node, "SELECT owner FROM accounts WHERE id = $1", id)));
    }

    private JsonHttp.Answer sql(String node, String statement, Object... params) {
        return http.post(cluster.node(node).baseUri() + "/sql", Map.of("sql", statement, "params", List.of(params)),
                JsonHttp.CONSISTENCY, QUORUM);
    }

    private static List<String> column(JsonHttp.Answer answer) {
        assertEquals(200, answer.status(), answer.toString());
        List<String> values = new ArrayList<>();
        answer.body().get("rows").forEach(r -> values.add(r.get(0).asText()));
        return values;
    }
}
