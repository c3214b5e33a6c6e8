package io.distdb.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.Topology;
import io.distdb.server.NodeProcess;
import io.distdb.server.cluster.Ledger.ItemKey;
import io.distdb.server.cluster.LocalCluster.NodeData;
import io.distdb.server.ring.Ring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.distdb.server.cluster.LocalCluster.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Data nodes as a cluster of real processes on loopback, changed the way the operator changes it while a
 * writer keeps acknowledging writes at QUORUM: 3 nodes with RF 3, two nodes added and the data rebalanced,
 * two nodes removed (leave, drain), one node killed with SIGKILL and restarted on its data directory.
 *
 * <p>After each step: every acknowledged write reads back at QUORUM with its last acknowledged value (or a
 * newer one the writer sent since) from a random node; items queries across partitions, SQL aggregates and
 * joins and word searches answer exactly what a single plain node holding the same data answers; and every
 * node holds nothing it does not own and no pending hints. After adding nodes, the share of keys that moved
 * and each node's share are printed and checked against consistent hashing's ideal.
 *
 * <p>Node logs and data stay under {@code target/cluster-it/<run>} for a look after a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private static final int RF = 3;
    private static final int VNODES = 64;
    private static final String QUORUM = "QUORUM";
    private static final Duration SETTLE = Duration.ofMinutes(5);
    private static final Duration REBALANCE = Duration.ofMinutes(15);
    private static final int PRELOAD_PARTITIONS = 1500;
    private static final int PRELOAD_SORT_KEYS = 2;
    private static final int GROUPS_OF_ROWS = 7;

    private final Path runDir = Path.of("target", "cluster-it",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + UUID.randomUUID().toString().substring(0, 8));
    private final String token = "cluster-it-" + UUID.randomUUID();
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(60));
    private final Ledger ledger = new Ledger();
    private final Random random = new Random(11);

    private LocalCluster cluster;
    private QuorumWriter writer;
    private NodeProcess reference;
    private NodeProcess lonely;

    /** Groups of items whose content is final, and those of them already copied to the reference node. */
    private final List<String> frozenGroups = new ArrayList<>();
    private final Set<String> replayedGroups = new HashSet<>();
    private final List<String> words = new ArrayList<>();
    /** Hex keys of the key-value entries written so far (some deleted again), the same on both sides. */
    private final List<String> kvKeys = new ArrayList<>();
    private int nextRowId = 1;
    private int checkpoints;

    @BeforeAll
    void createRunDirectory() throws java.io.IOException {
        java.nio.file.Files.createDirectories(runDir);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (writer != null) {
            writer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        for (NodeProcess node : new NodeProcess[] {reference, lonely}) {
            if (node != null) {
                node.kill();
            }
        }
    }

    @Test
    void scaleUpScaleDownAndAKilledNodeLoseNoAcknowledgedWrite() throws Throwable {
        cluster = new LocalCluster(runDir, token);
        try {
            scenario();
        } catch (Throwable failure) {
            System.out.println("FAILED; the tails of the node logs follow (all logs under " + runDir.toAbsolutePath() + ")");
            System.out.println(cluster.logTails(60));
            throw failure;
        }
    }

    private void scenario() throws Exception {
        // The reference keeps every namespace in the LSM and scans it for word searches, so the cluster's hash
        // log (key-value entries) and radix trie (word search) are checked against the engine they replace.
        reference = new NodeProcess(runDir.resolve("reference"), Map.of(
                "DISTDB_NODE_ID", "reference", "DISTDB_ADMIN_TOKEN", token, "DISTDB_DURABILITY", "none",
                "DISTDB_STORAGE_KV_ENGINE", "lsm", "DISTDB_STORAGE_WORDS_INDEX", "lsm"));
        reference.start();

        // Step 1: three nodes from a static member list adopt topology epoch 1, everyone NORMAL.
        List<String> first = List.of("node-1", "node-2", "node-3");
        cluster.startStatic(first, RF, VNODES);
        for (String id : first) {
            Topology adopted = cluster.admin(id).topology();
            assertEquals(1, adopted.epoch(), id + " adopts epoch 1 from its member list");
            assertEquals(RF, adopted.replicationFactor(), id);
            assertEquals(VNODES, adopted.vnodes(), id);
            assertEquals(first.stream().map(m -> cluster.member(m, MemberState.NORMAL)).collect(Collectors.toSet()),
                    Set.copyOf(adopted.members()), id + " lists every member of DISTDB_CLUSTER_NODES as NORMAL");
        }
        cluster.awaitSettled(1, first, SETTLE);

        createTables();
        preload();
        frozenGroups.add("a0");
        writer = new QuorumWriter(cluster::routedUris, ledger);
        writer.start();
        writer.awaitProgress(200, Duration.ofMinutes(3));
        Map<String, NodeData> threeNodes = checkpoint("3 nodes, RF 3", 1, first, true);

        // Step 2: two nodes join. They start without a member list and wait for a topology.
        Topology initial = cluster.admin("node-1").topology();
        long epoch = initial.epoch();
        List<String> added = List.of("node-4", "node-5");
        cluster.startAwaiting(added);
        for (String id : added) {
            JsonHttp.Answer early = http.get(cluster.node(id).baseUri() + "/api/v1/items/a0-p0000/s0");
            assertEquals(503, early.status(), id + " has no topology yet, so it serves no data: " + early);
        }
        List<String> five = List.of("node-1", "node-2", "node-3", "node-4", "node-5");
        Topology joining = topology(epoch + 1, Map.of("node-1", MemberState.NORMAL, "node-2", MemberState.NORMAL,
                "node-3", MemberState.NORMAL, "node-4", MemberState.JOINING, "node-5", MemberState.JOINING));
        cluster.publish(joining, five);
        added.forEach(cluster::route);
        cluster.rebalance(epoch + 1, five, REBALANCE);
        cluster.publish(topology(epoch + 2, allNormal(five)), five);
        Map<String, NodeData> fiveNodes = checkpoint("5 nodes after adding node-4 and node-5", epoch + 2, five, true);
        distribution(first, five, threeNodes, fiveNodes);

        // Step 3: two of the original nodes leave, hand everything over and report DRAINED.
        List<String> leavingIds = List.of("node-1", "node-2");
        List<String> remaining = List.of("node-3", "node-4", "node-5");
        Map<String, MemberState> leavingStates = new LinkedHashMap<>();
        for (String id : five) {
            leavingStates.put(id, leavingIds.contains(id) ? MemberState.LEAVING : MemberState.NORMAL);
        }
        cluster.publish(topology(epoch + 3, leavingStates), five);
        cluster.rebalance(epoch + 3, five, REBALANCE);
        for (String id : leavingIds) {
            cluster.awaitState(id, NodeState.DRAINED, Duration.ofMinutes(5));
        }
        leavingIds.forEach(cluster::unroute);
        cluster.publish(topology(epoch + 4, allNormal(remaining)), remaining);
        for (String id : leavingIds) {
            cluster.stop(id);
        }
        long finalEpoch = epoch + 4;
        checkpoint("3 nodes after node-1 and node-2 left", finalEpoch, remaining, true);

        // Step 4: SIGKILL one node while the writer runs; it keeps writing through the other two. Not node-3,
        // the SQL coordinator (lowest id), which has no stand-in: while it is down SQL answers 503.
        String victim = "node-5";
        cluster.kill(victim);
        writer.awaitProgress(200, Duration.ofMinutes(3));
        consistencyLevelsWithOneReplicaDown(victim);
        List<String> survivors = remaining.stream().filter(id -> !id.equals(victim)).toList();
        verifyAcknowledgedWrites("with " + victim + " down",
                () -> survivors.stream().map(id -> cluster.node(id).baseUri()).toList());
        cluster.restart(victim);
        NodeData restarted = cluster.data(victim);
        assertEquals(finalEpoch, cluster.status(victim).topologyEpoch(),
                victim + " comes back with the topology it had stored, not the one of its static member list: " + restarted);
        writer.awaitProgress(100, Duration.ofMinutes(3));
        // Hints for the writes it missed are replayed; a write whose coordinator was killed between the
        // quorum and the third replica may be on two replicas only, so no lower bound on the key count here.
        checkpoint("3 nodes after " + victim + " was killed and restarted", finalEpoch, remaining, false);

        writer.close();
        log("the writer got %d writes acknowledged (%d requests not acknowledged and retried); %d item keys in all",
                writer.acks(), writer.failures(), ledger.size());
    }

    /** Every node of {@code ids} as a NORMAL member. */
    private static Map<String, MemberState> allNormal(List<String> ids) {
        Map<String, MemberState> states = new LinkedHashMap<>();
        ids.forEach(id -> states.put(id, MemberState.NORMAL));
        return states;
    }

    private Topology topology(long epoch, Map<String, MemberState> states) {
        List<Member> members = new ArrayList<>();
        new TreeMap<>(states).forEach((id, state) -> members.add(cluster.member(id, state)));
        return new Topology(epoch, RF, VNODES, members);
    }

    // ---- the checks after each step

    /**
     * Freezes the writer's current group (and copies every frozen group to the reference), adds SQL rows and
     * words on both sides, waits for the nodes to settle at {@code epoch}, then checks reads, queries and the
     * data each node holds. Returns what each node reports holding.
     */
    private Map<String, NodeData> checkpoint(String label, long epoch, List<String> ids, boolean lowerBound)
            throws Exception {
        int step = ++checkpoints;
        log("==== checkpoint %d: %s", step, label);
        // The writer keeps getting writes acknowledged through every step.
        writer.awaitProgress(50, Duration.ofMinutes(3));
        frozenGroups.add(writer.freeze(Duration.ofMinutes(3)));
        replayFrozenGroups();
        writeSqlAndWords(step);

        cluster.awaitSettled(epoch, ids, SETTLE);
        TreeMap<ItemKey, Long> acked = ledger.acked();
        Map<String, NodeData> data = lowerBound ? awaitKeysAtLeast(ids, (long) RF * acked.size()) : dataOf(ids);
        for (Map.Entry<String, NodeData> e : data.entrySet()) {
            assertEquals(0, e.getValue().keysNotOwned(), e.getKey() + " holds keys it does not own: " + e.getValue());
            assertEquals(0, e.getValue().hintsPending(), e.getKey() + " has hints pending: " + e.getValue());
        }

        verifyAcknowledgedWrites(label, cluster::routedUris);
        compareWithReference(label);
        writer.checkAlive();
        log("checkpoint %d passed: %s; writer %d acknowledged, %d not", step, label, writer.acks(), writer.failures());
        return data;
    }

    private Map<String, NodeData> dataOf(List<String> ids) {
        Map<String, NodeData> data = new LinkedHashMap<>();
        for (String id : ids) {
            data.put(id, cluster.data(id));
        }
        return data;
    }

    /**
     * Every acknowledged item is on RF replicas once hints are replayed, so the nodes together hold at least
     * RF times as many live keys (more: SQL rows, words, the SQL catalog, keys the writer is writing now).
     */
    private Map<String, NodeData> awaitKeysAtLeast(List<String> ids, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            Map<String, NodeData> data = dataOf(ids);
            long sum = data.values().stream().mapToLong(NodeData::keys).sum();
            if (sum >= atLeast) {
                log("the nodes hold %d live keys in all, at least RF x %d acknowledged items = %d: %s",
                        sum, atLeast / RF, atLeast, data);
                return data;
            }
            if (System.nanoTime() > deadline) {
                fail("the nodes hold " + sum + " live keys in all, fewer than RF x acknowledged items = " + atLeast
                        + ": " + data);
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Reads every acknowledged item at QUORUM from a random node. The value must be the last acknowledged
     * version as of the start of the check, or a newer version the writer has sent since; never older, never
     * missing. A node that does not answer, or answers 503, is tried again on another node a few times
     * (availability is checked elsewhere; this is about what the answer is).
     */
    private void verifyAcknowledgedWrites(String label, Supplier<List<String>> nodes) throws Exception {
        TreeMap<ItemKey, Long> acked = ledger.acked();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger newer = new AtomicInteger();
        List<Map.Entry<ItemKey, Long>> entries = new ArrayList<>(acked.entrySet());
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    Random r = new Random(part);
                    for (int i = part; i < entries.size(); i += threads) {
                        ItemKey key = entries.get(i).getKey();
                        long expected = entries.get(i).getValue();
                        JsonHttp.Answer answer = null;
                        for (int attempt = 0; attempt < 5; attempt++) {
                            List<String> targets = nodes.get();
                            answer = http.get(targets.get(r.nextInt(targets.size())) + key.path(), JsonHttp.CONSISTENCY, QUORUM);
                            if (answer.status() != 0 && answer.status() != 503) {
                                break;
                            }
                            retries.incrementAndGet();
                            sleep(200);
                        }
                        if (answer.status() != 200) {
                            problems.add(key + " (acknowledged version " + expected + "): " + answer);
                            continue;
                        }
                        long version = Ledger.versionOf(key, answer.body().path("value"));
                        long attempted = ledger.attempted(key);
                        if (version < expected || version > attempted) {
                            problems.add(key + ": read " + answer.body() + ", expected version " + expected
                                    + (attempted > expected ? " to " + attempted : ""));
                        } else if (version > expected) {
                            newer.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        log("read back %d acknowledged items at QUORUM %s: %d problems, %d newer than at the start of the check, "
                + "%d retries after no answer or 503", acked.size(), label, problems.size(), newer.get(), retries.get());
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + acked.size() + " acknowledged writes do not read back at QUORUM " + label
                    + ", for example:\n  " + problems.stream().limit(20).collect(Collectors.joining("\n  ")));
        }
    }

    /**
     * While one of three replicas is down: ALL cannot be met (a clear 503), ONE and QUORUM can; the same for
     * an aggregate that replicas fold, which also misses rows updated now on the node that is down (until
     * hints reach it, its ranges disagree with the others', and the coordinator reads the rows instead).
     */
    private void consistencyLevelsWithOneReplicaDown(String down) throws InterruptedException {
        ItemKey key = ledger.frozen("a0").firstKey();
        String via = cluster.routedIds().stream().filter(id -> !id.equals(down)).findFirst().orElseThrow();
        String uri = cluster.node(via).baseUri() + key.path();

        JsonHttp.Answer all = http.get(uri, JsonHttp.CONSISTENCY, "ALL");
        assertEquals(503, all.status(), "a read at ALL with a replica down: " + all);
        assertEquals("unavailable", all.body().path("error").asText(), all.toString());
        assertTrue(all.body().path("message").asText().contains("ALL"), "the message names the consistency level: " + all);

        JsonHttp.Answer one = http.get(uri + "?consistency=ONE");
        assertEquals(200, one.status(), "a read at ONE (query parameter) with a replica down: " + one);
        JsonHttp.Answer quorum = http.get(uri, JsonHttp.CONSISTENCY, QUORUM);
        assertEquals(200, quorum.status(), "a read at QUORUM with a replica down: " + quorum);
        assertEquals(one.body(), quorum.body());

        sqlOnBoth("UPDATE t SET v = v + 1000 WHERE v < 20", List.of(), false);
        String aggregate = "SELECT g, count(*), sum(v), max(v) FROM t GROUP BY g";
        JsonHttp.Answer expected = http.post(reference.baseUri() + "/sql", Map.of("sql", aggregate));
        JsonHttp.Answer atQuorum = http.post(cluster.node(via).baseUri() + "/sql", Map.of("sql", aggregate), JsonHttp.CONSISTENCY, QUORUM);
        assertEquals(200, atQuorum.status(), "an aggregate at QUORUM with a replica down: " + atQuorum);
        assertEquals(expected.body().path("rows"), atQuorum.body().path("rows"), "an aggregate at QUORUM with a replica down");
        JsonHttp.Answer atAll = http.post(cluster.node(via).baseUri() + "/sql", Map.of("sql", aggregate), JsonHttp.CONSISTENCY, "ALL");
        assertEquals(503, atAll.status(), "an aggregate at ALL with a replica down: " + atAll);
        assertTrue(atAll.body().path("message").asText().contains("ALL"), "the message names the consistency level: " + atAll);
    }

    // ---- the single-node reference

    private void replayFrozenGroups() throws Exception {
        for (String group : frozenGroups) {
            if (!replayedGroups.add(group)) {
                continue;
            }
            TreeMap<ItemKey, Long> content = ledger.frozen(group);
            List<Map.Entry<ItemKey, Long>> entries = new ArrayList<>(content.entrySet());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int part = t;
                    parts.add(pool.submit(() -> {
                        for (int i = part; i < entries.size(); i += 4) {
                            ItemKey key = entries.get(i).getKey();
                            JsonHttp.Answer answer = http.put(reference.baseUri() + key.path(),
                                    Ledger.value(key, entries.get(i).getValue()));
                            assertEquals(200, answer.status(), "the reference node refused " + key + ": " + answer);
                        }
                        return null;
                    }));
                }
                for (Future<?> part : parts) {
                    part.get(10, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            log("group %s is frozen with %d items; copied to the reference node", group, content.size());
        }
    }

    private void createTables() throws InterruptedException {
        for (String ddl : List.of(
                "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, g TEXT, v INTEGER)",
                "CREATE TABLE IF NOT EXISTS u (g TEXT PRIMARY KEY, label TEXT)")) {
            sqlOnBoth(ddl, List.of(), false);
        }
        for (int g = 0; g < GROUPS_OF_ROWS; g++) {
            sqlOnBoth("INSERT INTO u (g, label) VALUES (?, ?)", List.of("g" + g, "label-" + g), true);
        }
    }

    /** Rows, an update, a delete and words, the same on the cluster (at QUORUM, any node) and on the reference. */
    private void writeSqlAndWords(int step) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            int id = nextRowId++;
            sqlOnBoth("INSERT INTO t (id, g, v) VALUES (?, ?, ?)", List.of(id, "g" + (id % GROUPS_OF_ROWS), (id * 37) % 101), true);
        }
        int g = step % GROUPS_OF_ROWS;
        sqlOnBoth("UPDATE u SET label = ? WHERE g = ?", List.of("label-" + g + "-step-" + step, "g" + g), false);
        sqlOnBoth("DELETE FROM t WHERE id = ?", List.of(step * 7), false);

        Random r = new Random(1000 + step);
        for (int i = 0; i < 30; i++) {
            StringBuilder word = new StringBuilder();
            word.append("aeswz".charAt(i % 5));
            int length = 2 + r.nextInt(7);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + r.nextInt(26)));
            }
            words.add(word.toString());
            onClusterUntilAcked("word " + word, base -> http.post(base + "/api/v1/words", Map.of("word", word.toString()),
                    JsonHttp.CONSISTENCY, QUORUM), answer -> answer.status() == 200 || answer.status() == 201);
            JsonHttp.Answer local = http.post(reference.baseUri() + "/api/v1/words", Map.of("word", word.toString()));
            assertTrue(local.status() == 200 || local.status() == 201, "reference: " + local);
        }
        // Key-value entries (on the hash log of each node), some overwritten and one deleted, on both sides.
        for (int i = 0; i < 20; i++) {
            String key = String.format("%02x%06x", step, r.nextInt(1 << 20));
            if (i % 5 == 4 && !kvKeys.isEmpty()) {
                key = kvKeys.get(r.nextInt(kvKeys.size()));
            } else {
                kvKeys.add(key);
            }
            Map<String, String> entry = Map.of("content_type", "text/plain", "encoding", "utf-8", "value", "v" + step + "-" + i);
            String path = "/api/v1/kv/" + key;
            onClusterUntilAcked("kv " + key, base -> http.put(base + path, entry, JsonHttp.CONSISTENCY, QUORUM),
                    answer -> answer.status() == 200);
            assertEquals(200, http.put(reference.baseUri() + path, entry).status(), "reference: " + path);
        }
        String goneKey = kvKeys.get(r.nextInt(kvKeys.size()));
        onClusterUntilAcked("delete kv " + goneKey, base -> http.delete(base + "/api/v1/kv/" + goneKey, null,
                JsonHttp.CONSISTENCY, QUORUM), answer -> answer.status() == 204 || answer.status() == 404);
        http.delete(reference.baseUri() + "/api/v1/kv/" + goneKey, null);

        // One word removed again, on both sides.
        String gone = words.get(r.nextInt(words.size()));
        words.removeIf(gone::equals);
        onClusterUntilAcked("delete word " + gone, base -> http.delete(base + "/api/v1/words", Map.of("word", gone),
                JsonHttp.CONSISTENCY, QUORUM), answer -> answer.status() == 200 || answer.status() == 404);
        assertEquals(200, http.delete(reference.baseUri() + "/api/v1/words", Map.of("word", gone)).status());
    }

    /**
     * Runs a statement on the reference (once) and on the cluster until a node acknowledges it. An INSERT
     * retried after an unacknowledged attempt may find its row already there (the attempt reached some
     * replicas): a constraint violation then means it is done.
     */
    private void sqlOnBoth(String statement, List<Object> params, boolean insert) throws InterruptedException {
        Map<String, Object> body = Map.of("sql", statement, "params", params);
        JsonHttp.Answer local = http.post(reference.baseUri() + "/sql", body);
        assertEquals(200, local.status(), "reference: " + statement + " " + params + ": " + local);
        boolean[] retried = {false};
        onClusterUntilAcked(statement + " " + params, base -> {
            JsonHttp.Answer answer = http.post(base + "/sql", body, JsonHttp.CONSISTENCY, QUORUM);
            if (!answer.ok()) {
                if (insert && retried[0] && "constraint_violation".equals(answer.body().path("error").asText())) {
                    return new JsonHttp.Answer(200, answer.body(), answer.text(), null);
                }
                retried[0] = true;
            }
            return answer;
        }, JsonHttp.Answer::ok);
    }

    private void onClusterUntilAcked(String what, java.util.function.Function<String, JsonHttp.Answer> request,
                                     java.util.function.Predicate<JsonHttp.Answer> acknowledged) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        JsonHttp.Answer answer;
        do {
            answer = request.apply(cluster.randomRoutedUri(random));
            if (acknowledged.test(answer)) {
                return;
            }
            if (answer.status() / 100 == 4) {
                fail("the cluster refused " + what + ": " + answer);
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("no node acknowledged " + what + " within 2 minutes; last answer " + answer);
    }

    /** Queries over frozen data only: the same answers from a random node of the cluster and from the reference. */
    private void compareWithReference(String label) {
        List<String> queries = new ArrayList<>();
        for (String group : frozenGroups) {
            queries.add("/api/v1/query_pk_sk_begins/" + group + "-p/s/asc?limit=250");
            queries.add("/api/v1/query_pk_sk_begins/" + group + "-p/s/desc?limit=333");
            queries.add("/api/v1/both_between/" + group + "-p100/" + group + "-p250/s/s~/asc?limit=100");
            queries.add("/api/v1/both_between/" + group + "-p050/" + group + "-p150/s0/s5/desc?limit=1000");
            queries.add("/query_pk_sk_begins/" + group + "-p1/s/asc");
        }
        // Across groups: from the preloaded partitions into the writer's first group.
        queries.add("/api/v1/both_between/a0-p1400/w1-p050/s0/s5/asc?limit=77");
        queries.add("/api/v1/both_between/a0-p1400/w1-p050/s/s~/desc?limit=1000");
        // Single partitions, some of each frozen group.
        Random r = new Random(checkpoints);
        for (String group : frozenGroups) {
            List<ItemKey> keys = new ArrayList<>(ledger.frozen(group).keySet());
            for (int i = 0; i < 3 && !keys.isEmpty(); i++) {
                ItemKey key = keys.get(r.nextInt(keys.size()));
                queries.add("/api/v1/query_begins/" + key.pk() + "/s/desc?limit=3");
                queries.add("/api/v1/query_between/" + key.pk() + "/s/" + key.sk() + "/asc?limit=2");
                queries.add("/api/v1/query_between/" + key.pk() + "/" + key.sk() + "/s~/desc");
            }
        }
        queries.add("/api/v1/query_begins/no-such-partition/s/asc");

        int pages = 0;
        for (String query : queries) {
            String node = cluster.randomRoutedUri(random);
            List<JsonNode> fromCluster = pages(node, query);
            List<JsonNode> fromReference = pages(reference.baseUri(), query);
            assertEquals(fromReference.size(), fromCluster.size(), label + ": pages of " + query + " via " + node);
            for (int p = 0; p < fromReference.size(); p++) {
                assertEquals(fromReference.get(p).path("count"), fromCluster.get(p).path("count"),
                        label + ": count on page " + p + " of " + query + " via " + node);
                assertEquals(fromReference.get(p).path("items"), fromCluster.get(p).path("items"),
                        label + ": items on page " + p + " of " + query + " via " + node);
            }
            pages += fromReference.size();
        }

        List<String> sql = List.of(
                "SELECT g, count(*), sum(v) FROM t GROUP BY g ORDER BY g",
                "SELECT count(*), sum(v), min(id), max(id) FROM t",
                "SELECT id, g, v FROM t WHERE v >= 50 ORDER BY v DESC, id LIMIT 25",
                "SELECT t.g, u.label, count(*) AS n, max(t.v) AS top FROM t JOIN u ON t.g = u.g GROUP BY t.g, u.label ORDER BY t.g",
                "SELECT g, label FROM u ORDER BY label DESC",
                "SELECT id FROM t WHERE g = 'g3' AND v < 60 ORDER BY id",
                "SELECT id FROM t WHERE v > 90 ORDER BY id",
                "SELECT t.id, u.label FROM t JOIN u ON t.g = u.g AND u.label LIKE 'label-1%' WHERE t.v > 10 ORDER BY t.id");
        for (String statement : sql) {
            String node = cluster.randomRoutedUri(random);
            JsonHttp.Answer expected = http.post(reference.baseUri() + "/sql", Map.of("sql", statement));
            JsonHttp.Answer actual = http.post(node + "/sql", Map.of("sql", statement), JsonHttp.CONSISTENCY, QUORUM);
            assertEquals(200, expected.status(), "reference: " + statement + ": " + expected);
            assertEquals(200, actual.status(), label + ": " + statement + " via " + node + ": " + actual);
            assertEquals(expected.body().path("columns"), actual.body().path("columns"), label + ": " + statement);
            assertEquals(expected.body().path("rows"), actual.body().path("rows"), label + ": " + statement + " via " + node);
        }

        // The replicas, not the SQL coordinator, filter the rows of those scans and trim their columns, and
        // fold aggregates over one table.
        JsonHttp.Answer folded = http.post(cluster.randomRoutedUri(random) + "/sql", Map.of("sql", "EXPLAIN " + sql.get(0)));
        assertEquals(200, folded.status(), folded.toString());
        assertTrue(folded.body().toString().contains("ON REPLICAS: PARTIAL AGGREGATE GROUP BY g: count(*), sum(v)"), folded.toString());
        JsonHttp.Answer plan = http.post(cluster.randomRoutedUri(random) + "/sql", Map.of("sql", "EXPLAIN " + sql.get(sql.size() - 2)));
        assertEquals(200, plan.status(), plan.toString());
        assertTrue(plan.body().toString().contains("ON REPLICAS: FILTER (v > 90); COLUMNS id, v"), plan.toString());
        plan = http.post(cluster.randomRoutedUri(random) + "/sql", Map.of("sql", "EXPLAIN " + sql.get(sql.size() - 1)));
        assertEquals(200, plan.status(), plan.toString());
        assertTrue(plan.body().toString().contains("ON REPLICAS: FILTER (t.v > 10)"), plan.toString());
        assertTrue(plan.body().toString().contains("ON REPLICAS: FILTER (u.label LIKE 'label-1%')"), plan.toString());

        for (String prefix : List.of("a", "e", "s", "w", "z")) {
            String node = cluster.randomRoutedUri(random);
            String query = "/search?q=" + prefix + "&limit=10000";
            JsonHttp.Answer expected = http.get(reference.baseUri() + query);
            JsonHttp.Answer actual = http.get(node + query, JsonHttp.CONSISTENCY, QUORUM);
            assertEquals(200, expected.status(), "reference: " + query + ": " + expected);
            assertEquals(200, actual.status(), label + ": " + query + " via " + node + ": " + actual);
            assertEquals(expected.body().path("results"), actual.body().path("results"), label + ": " + query + " via " + node);
            assertFalse(expected.body().path("results").isEmpty(), "the test has words that begin with " + prefix);
        }
        for (String key : kvKeys) {
            String node = cluster.randomRoutedUri(random);
            JsonHttp.Answer expected = http.get(reference.baseUri() + "/api/v1/kv/" + key);
            JsonHttp.Answer actual = http.get(node + "/api/v1/kv/" + key, JsonHttp.CONSISTENCY, QUORUM);
            assertEquals(expected.status(), actual.status(), label + ": kv " + key + " via " + node + ": " + actual);
            assertEquals(expected.body(), actual.body(), label + ": kv " + key + " via " + node);
        }
        log("%s: %d item queries (%d pages), %d SQL statements, 5 word searches and %d key-value reads answer as the single node does",
                label, queries.size(), pages, sql.size(), kvKeys.size());
    }

    /** Every page of a paged query, following {@code next} on the same node. */
    private List<JsonNode> pages(String node, String query) {
        List<JsonNode> pages = new ArrayList<>();
        String next = null;
        do {
            String uri = node + query;
            if (next != null) {
                uri += (query.contains("?") ? "&" : "?") + "next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8);
            }
            JsonHttp.Answer answer = http.get(uri, JsonHttp.CONSISTENCY, QUORUM);
            assertEquals(200, answer.status(), uri + ": " + answer);
            pages.add(answer.body());
            JsonNode token = answer.body().path("next");
            next = token.isTextual() && !token.asText().isEmpty() ? token.asText() : null;
            if (pages.size() > 1000) {
                fail(query + " pages without end on " + node);
            }
        } while (next != null);
        return pages;
    }

    // ---- data placement after adding nodes

    /**
     * The share of replica placements that moved, and each node's share against the mean, from the live key
     * counts the nodes report before and after (all replicated namespaces), and, for comparison, from the
     * ring computed for the test's item keys (assuming an item's token is that of its partition key's UTF-8
     * bytes). Consistent hashing's ideal, growing from n to m nodes: (m - n) / m of the placements move, each
     * node holds 1/m of them.
     */
    private void distribution(List<String> before, List<String> after, Map<String, NodeData> dataBefore,
                              Map<String, NodeData> dataAfter) {
        double ideal = (double) (after.size() - before.size()) / after.size();

        Map<String, Double> shareBefore = shares(dataBefore);
        Map<String, Double> shareAfter = shares(dataAfter);
        double moved = 0;
        for (String id : after) {
            moved += Math.max(0, shareAfter.getOrDefault(id, 0.0) - shareBefore.getOrDefault(id, 0.0));
        }
        Map<String, Double> relative = new TreeMap<>();
        double mean = 1.0 / after.size();
        shareAfter.forEach((id, share) -> relative.put(id, share / mean));

        // The same from the ring, for the item keys the test wrote.
        Ring ringBefore = Ring.of(before, VNODES);
        Ring ringAfter = Ring.of(after, VNODES);
        Map<String, Long> placements = new TreeMap<>();
        long movedPlacements = 0;
        Set<ItemKey> items = ledger.acked().keySet();
        for (ItemKey key : items) {
            byte[] pk = key.pk().getBytes(StandardCharsets.UTF_8);
            Set<String> old = new HashSet<>(ringBefore.replicasOf(pk, RF));
            for (String replica : ringAfter.replicasOf(pk, RF)) {
                placements.merge(replica, 1L, Long::sum);
                if (!old.contains(replica)) {
                    movedPlacements++;
                }
            }
        }
        double ringMoved = (double) movedPlacements / ((long) RF * items.size());
        double ringMean = (double) RF * items.size() / after.size();
        Map<String, Double> ringRelative = new TreeMap<>();
        placements.forEach((id, count) -> ringRelative.put(id, count / ringMean));

        System.out.printf("%n%d -> %d nodes, RF %d, %d vnodes:%n", before.size(), after.size(), RF, VNODES);
        System.out.printf("  measured (GET /admin/v1/data, live keys per node): moved %.1f%% of replica placements "
                        + "(ideal %.1f%%, off by %.1f%% of ideal); node share / mean: %s%n",
                100 * moved, 100 * ideal, 100 * Math.abs(moved - ideal) / ideal, format(relative));
        System.out.printf("  ring for the test's %d item keys: moved %.1f%% (off by %.1f%% of ideal); node share / mean: %s%n%n",
                items.size(), 100 * ringMoved, 100 * Math.abs(ringMoved - ideal) / ideal, format(ringRelative));

        assertTrue(Math.abs(moved - ideal) <= 0.10 * ideal,
                String.format("moved %.3f of the placements, not within 10%% of the ideal %.3f", moved, ideal));
        relative.forEach((id, r) -> assertTrue(Math.abs(r - 1) <= 0.20,
                String.format("%s holds %.2f times the mean share, not within 20%%", id, r)));
        assertTrue(Math.abs(ringMoved - ideal) <= 0.10 * ideal,
                String.format("the ring moves %.3f of the placements, not within 10%% of the ideal %.3f", ringMoved, ideal));
        ringRelative.forEach((id, r) -> assertTrue(Math.abs(r - 1) <= 0.20,
                String.format("the ring gives %s %.2f times the mean share, not within 20%%", id, r)));
    }

    private static Map<String, Double> shares(Map<String, NodeData> data) {
        long total = data.values().stream().mapToLong(NodeData::keys).sum();
        assertTrue(total > 0, "the nodes report no keys: " + data);
        Map<String, Double> shares = new HashMap<>();
        data.forEach((id, d) -> shares.put(id, (double) d.keys() / total));
        return shares;
    }

    private static String format(Map<String, Double> relative) {
        return relative.entrySet().stream().map(e -> String.format("%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    // ---- loading

    private void preload() throws Exception {
        List<ItemKey> keys = new ArrayList<>();
        for (int p = 0; p < PRELOAD_PARTITIONS; p++) {
            for (int s = 0; s < PRELOAD_SORT_KEYS; s++) {
                keys.add(new ItemKey("a0-p" + String.format("%04d", p), "s" + s));
            }
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    for (int i = part; i < keys.size(); i += threads) {
                        QuorumWriter.putUntilAcked(http, cluster::routedUris, ledger, keys.get(i), i, Duration.ofMinutes(2));
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get(20, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        log("preloaded %d items over %d partitions at QUORUM", keys.size(), PRELOAD_PARTITIONS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- bad admin input

    /**
     * A node refuses bad admin input with a 4xx and a JSON {error, message}, and none of it changes its
     * topology, its rebalance or its status: a rebalance before any topology, a topology that does not list
     * the node, one with fewer members than its replication factor, a stale epoch, and a rebalance of an
     * epoch that is not the node's.
     */
    @Test
    void badAdminInputIsRefusedAndChangesNothing() throws Exception {
        lonely = new NodeProcess(runDir.resolve("lonely"), Map.of(
                "DISTDB_NODE_ID", "lonely", "DISTDB_ADMIN_TOKEN", token, "DISTDB_AWAIT_TOPOLOGY", "true"));
        lonely.start();
        try {
            refusesBadAdminInput();
        } catch (Throwable failure) {
            System.out.println("FAILED; the node's log is " + lonely.log().toAbsolutePath());
            throw failure;
        } finally {
            lonely.close();
        }
    }

    private void refusesBadAdminInput() {
        String admin = lonely.adminUri();
        String self = lonely.adminAddress();

        assertEquals(401, http.get(admin + "/admin/v1/data").status(), "the data report needs the token too");
        assertEquals(404, adminGet("/admin/v1/topology").status(), "no topology yet");
        JsonHttp.Answer waiting = http.get(lonely.baseUri() + "/api/v1/items/a/b");
        assertEquals(503, waiting.status(), "no data is served before a topology: " + waiting);

        AdminSnapshot empty = snapshot();
        refused(adminPost("/admin/v1/rebalance?epoch=1"), "a rebalance before any topology", 400, 409);
        assertEquals(empty, snapshot(), "a refused rebalance changes nothing");

        Topology withoutSelf = new Topology(1, 1, VNODES, List.of(
                new Member("other-a", "127.0.0.1:1", MemberState.NORMAL),
                new Member("other-b", "127.0.0.1:2", MemberState.NORMAL)));
        refused(adminPut(withoutSelf), "a topology that does not list the receiving node", 400);
        assertEquals(empty, snapshot(), "a refused topology changes nothing");

        Topology tooSmall = new Topology(1, 3, VNODES, List.of(
                new Member("lonely", self, MemberState.NORMAL), new Member("other-a", "127.0.0.1:1", MemberState.NORMAL)));
        refused(adminPut(tooSmall), "a topology with fewer members than its replication factor", 400);
        assertEquals(empty, snapshot(), "a refused topology changes nothing");

        Topology good = new Topology(5, 1, VNODES, List.of(new Member("lonely", self, MemberState.NORMAL)));
        JsonHttp.Answer accepted = adminPut(good);
        assertEquals(200, accepted.status(), accepted.toString());
        AdminSnapshot published = snapshot();
        assertEquals(5, published.epoch(), published.toString());
        assertNotEquals(empty, published);
        JsonHttp.Answer served = http.put(lonely.baseUri() + "/api/v1/items/a/b", Map.of("n", 1));
        assertEquals(200, served.status(), "with a topology the node serves data: " + served);

        JsonHttp.Answer stale = adminPut(new Topology(4, 1, VNODES, good.members()));
        refused(stale, "an older epoch", 409);
        assertEquals("stale_epoch", stale.body().path("error").asText(), stale.toString());
        assertEquals(published, snapshot(), "a stale topology changes nothing");

        refused(adminPut(new Topology(5, 1, VNODES / 2, good.members())), "the same epoch with other content", 409);
        assertEquals(published, snapshot());

        refused(adminPut(new Topology(6, 1, VNODES, withoutSelf.members())), "a newer topology without the node", 400);
        assertEquals(published, snapshot(), "a newer but invalid topology changes nothing");

        refused(adminPut(new Topology(6, 2, VNODES, good.members())), "a newer topology with fewer members than RF", 400);
        assertEquals(published, snapshot());

        for (long epoch : new long[] {4, 6}) {
            JsonHttp.Answer wrongEpoch = adminPost("/admin/v1/rebalance?epoch=" + epoch);
            refused(wrongEpoch, "a rebalance of epoch " + epoch + " on a node at epoch 5", 409);
            assertEquals(published, snapshot(), "a refused rebalance changes nothing");
        }
    }

    /** What bad input must not change: the topology, the rebalance and the node's epoch and state. */
    private record AdminSnapshot(int topologyStatus, JsonNode topology, int rebalanceStatus, JsonNode rebalance,
                                 long epoch, String state) {
    }

    private AdminSnapshot snapshot() {
        JsonHttp.Answer topology = adminGet("/admin/v1/topology");
        JsonHttp.Answer rebalance = adminGet("/admin/v1/rebalance");
        JsonHttp.Answer status = adminGet("/admin/v1/status");
        assertEquals(200, status.status(), status.toString());
        return new AdminSnapshot(topology.status(), topology.body(), rebalance.status(), rebalance.body(),
                status.body().path("topologyEpoch").asLong(), status.body().path("state").asText());
    }

    private static void refused(JsonHttp.Answer answer, String what, int... statuses) {
        boolean expected = false;
        for (int status : statuses) {
            expected |= answer.status() == status;
        }
        assertTrue(expected, what + ": expected " + java.util.Arrays.toString(statuses) + ", got " + answer);
        assertTrue(answer.body().path("error").isTextual() && !answer.body().path("error").asText().isBlank(),
                what + ": the answer names the error: " + answer);
        assertTrue(answer.body().path("message").isTextual() && !answer.body().path("message").asText().isBlank(),
                what + ": the answer explains it: " + answer);
    }

    private JsonHttp.Answer adminGet(String path) {
        return http.get(lonely.adminUri() + path, "Authorization", "Bearer " + token);
    }

    private JsonHttp.Answer adminPost(String path) {
        return http.postEmpty(lonely.adminUri() + path, "Authorization", "Bearer " + token);
    }

    private JsonHttp.Answer adminPut(Topology topology) {
        return http.put(lonely.adminUri() + "/admin/v1/topology", topology, "Authorization", "Bearer " + token);
    }
}
