package io.distdb.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
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
import java.util.zip.CRC32C;

import static io.distdb.server.cluster.LocalCluster.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compare-and-set by Paxos on a cluster of three real node processes (RF 3): many clients claim the same
 * keys through all three nodes at once (the admin-only {@code /internal/v1/paxos/cas} endpoint, which goes
 * through the SQL engine's key claims), and for every key exactly one claim wins and every replica ends
 * with the winner's value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaxosIT {

    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final int KEYS = 40;
    private static final int CLIENTS_PER_NODE = 4;
    /** The first byte of the key-value namespace: the claimed keys are ordinary replicated keys. */
    private static final byte KV = 0x20;

    private final Path runDir = Path.of("target", "paxos-it",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + UUID.randomUUID().toString().substring(0, 8));
    private final String token = "paxos-it-" + UUID.randomUUID();
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(60));
    private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalCluster cluster;

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void concurrentClaimsThroughEveryNodeHaveExactlyOneWinnerPerKey() throws Throwable {
        cluster = new LocalCluster(runDir, token);
        try {
            cluster.startStatic(NODES, 3, 16);
            cluster.awaitSettled(1, NODES, Duration.ofMinutes(5));
            scenario();
        } catch (Throwable failure) {
            System.out.println("FAILED; the tails of the node logs follow (all logs under " + runDir.toAbsolutePath() + ")");
            System.out.println(cluster.logTails(60));
            throw failure;
        }
    }

    private void scenario() throws Exception {
        Map<Integer, List<String>> winners = new ConcurrentHashMap<>();
        Map<Integer, List<String>> unknown = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        int clients = NODES.size() * CLIENTS_PER_NODE;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            String node = NODES.get(c % NODES.size());
            String client = "client-" + c + "@" + node;
            int seed = c;
            runs.add(pool.submit(() -> {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    order.add(k);
                }
                Collections.shuffle(order, new Random(seed));
                start.await();
                for (int k : order) {
                    JsonHttp.Answer answer = cas(node, key(k), client.getBytes(StandardCharsets.UTF_8));
                    statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.status() == 200 && answer.body().path("applied").asBoolean()) {
                        winners.computeIfAbsent(k, x -> Collections.synchronizedList(new ArrayList<>())).add(client);
                    } else if (answer.status() == 200) {
                        assertTrue(answer.body().path("current").isTextual(), "a refused claim names the value that stopped it: " + answer);
                    } else {
                        unknown.computeIfAbsent(k, x -> Collections.synchronizedList(new ArrayList<>())).add(client + ": " + answer);
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
        log("%d clients made %d claims of %d keys in %d ms; answers by HTTP status: %s; unknown outcomes: %s", clients,
                clients * KEYS, KEYS, (System.nanoTime() - began) / 1_000_000, statuses, unknown);

        for (int k = 0; k < KEYS; k++) {
            List<String> won = winners.getOrDefault(k, List.of());
            assertTrue(won.size() <= 1, "key " + k + " was claimed by " + won);
            if (!unknown.containsKey(k)) {
                assertEquals(1, won.size(), "key " + k + " has one winner");
            }
        }
        assertTrue(winners.size() >= KEYS * 9 / 10, "contention left most keys with a sure winner: " + winners.size());

        // Commits need a quorum; the third replica gets the value right after, or by a hint.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int k = 0; k < KEYS; k++) {
            List<String> won = winners.get(k);
            if (won == null) {
                continue;
            }
            for (String node : NODES) {
                while (true) {
                    byte[] value = readLocal(node, key(k));
                    if (value != null && Arrays.equals(value, won.get(0).getBytes(StandardCharsets.UTF_8))) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        fail("replica " + node + " holds " + (value == null ? "nothing" : new String(value, StandardCharsets.UTF_8))
                                + " for key " + k + ", not the winner " + won.get(0));
                    }
                    Thread.sleep(200);
                }
            }
        }

        // A key whose claim was won stays won; deleting it by compare-and-set makes it claimable again.
        JsonHttp.Answer again = cas("node-2", key(0), "late".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, again.status(), again.toString());
        assertTrue(!again.body().path("applied").asBoolean(), "a won key refuses the next claim: " + again);
        Map<String, Object> delete = new HashMap<>();
        delete.put("key", HexFormat.of().formatHex(key(0)));
        delete.put("value", null);
        delete.put("expectAbsent", false);
        JsonHttp.Answer deleted = http.post(cluster.node("node-3").adminUri() + "/internal/v1/paxos/cas", delete,
                "Authorization", "Bearer " + token);
        assertTrue(deleted.body().path("applied").asBoolean(), deleted.toString());
        JsonHttp.Answer reclaimed = cas("node-1", key(0), "late".getBytes(StandardCharsets.UTF_8));
        assertTrue(reclaimed.body().path("applied").asBoolean(), "a deleted key can be claimed again: " + reclaimed);
    }

    private static byte[] key(int k) {
        byte[] name = ("paxos-it/" + k).getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[name.length + 1];
        key[0] = KV;
        System.arraycopy(name, 0, key, 1, name.length);
        return key;
    }

    private JsonHttp.Answer cas(String node, byte[] key, byte[] value) {
        Map<String, Object> body = new HashMap<>();
        body.put("key", HexFormat.of().formatHex(key));
        body.put("value", HexFormat.of().formatHex(value));
        body.put("expectAbsent", true);
        return http.post(cluster.node(node).adminUri() + "/internal/v1/paxos/cas", body, "Authorization", "Bearer " + token);
    }

    /** The live value one replica holds for {@code key} (its own copy, not a coordinated read), or {@code null}. */
    private byte[] readLocal(String node, byte[] key) throws Exception {
        CRC32C crc = new CRC32C();
        crc.update(key);
        byte[] body = ByteBuffer.allocate(key.length + 4).put(key).putInt((int) crc.getValue()).array();
        HttpResponse<byte[]> response = raw.send(HttpRequest.newBuilder(URI.create(cluster.node(node).adminUri() + "/internal/v1/read"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + cluster.peerToken())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "read on " + node);
        byte[] stored = response.body();
        if (stored.length == 0 || stored[9] == 1) {
            return null; // absent, or a tombstone
        }
        return Arrays.copyOfRange(stored, 10, stored.length);
    }
}
