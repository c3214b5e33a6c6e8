package io.distdb.server.cluster;

import io.distdb.admin.api.CompactionReport;
import io.distdb.admin.api.DataReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.distdb.server.cluster.LocalCluster.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replicated deletes are kept as tombstones for the grace period and dropped by compaction after it,
 * without bringing deleted data back: a replica that was down during the deletes gets them by hinted handoff
 * when it returns (within the grace period), so once every replica has forgotten the tombstones none of them
 * holds the old value either, and a read at ALL (which read-repairs whatever one replica still has) finds
 * nothing. Three real node processes, one killed with SIGKILL.
 */
class TombstoneGraceIT {

    private static final Duration GRACE = Duration.ofSeconds(40);
    private static final String ALL = "ALL";
    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");

    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(30));
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tombstonesOutliveTheGracePeriodOnlyAndDeletedDataStaysDeleted() throws Exception {
        cluster = new LocalCluster(Path.of("target", "tombstone-grace-it", UUID.randomUUID().toString().substring(0, 8)),
                "grace-" + UUID.randomUUID())
                .env("DISTDB_STORAGE_TOMBSTONE_GRACE", GRACE.toSeconds() + "s");
        cluster.startStatic(NODES, 3, 16);
        String node1 = cluster.node("node-1").baseUri();

        List<String> keys = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = String.format("%08x", 0x1000 + i);
            keys.add(key);
            assertEquals(200, http.put(node1 + "/api/v1/kv/" + key, Map.of("content_type", "text/plain", "encoding", "utf-8",
                    "value", "value-" + i), JsonHttp.CONSISTENCY, ALL).status(), "put " + key);
            String word = "grace" + (char) ('a' + i % 26) + i;
            words.add(word);
            assertEquals(201, http.post(node1 + "/api/v1/words", Map.of("word", word), JsonHttp.CONSISTENCY, ALL).status(), word);
        }

        // node-3 misses the deletes; node-1 keeps hints for it.
        cluster.kill("node-3");
        List<String> deletedKeys = keys.subList(0, 10);
        List<String> deletedWords = words.subList(0, 10);
        for (String key : deletedKeys) {
            assertEquals(204, http.delete(node1 + "/api/v1/kv/" + key, null, JsonHttp.CONSISTENCY, "QUORUM").status(), key);
        }
        for (String word : deletedWords) {
            assertEquals(200, http.delete(node1 + "/api/v1/words", Map.of("word", word), JsonHttp.CONSISTENCY, "QUORUM").status(), word);
        }
        long deletedAt = System.nanoTime();
        cluster.restart("node-3");
        awaitNoHints();

        // Within the grace period a compaction keeps every tombstone.
        for (String id : NODES) {
            cluster.admin(id).compact();
            DataReport data = cluster.admin(id).data();
            assertEquals(20, data.tombstones(), id + " keeps the tombstones of the 20 deletes within the grace period: " + data);
        }
        assertTrue(System.nanoTime() - deletedAt < GRACE.toNanos(),
                "the check within the grace period ran within it; make GRACE longer if this machine is that slow");

        // After it, compaction drops them on every replica, and nothing deleted comes back.
        long waitNanos = GRACE.toNanos() - (System.nanoTime() - deletedAt) + Duration.ofSeconds(1).toNanos();
        Thread.sleep(Math.max(0, waitNanos / 1_000_000));
        for (String id : NODES) {
            CompactionReport compaction = cluster.admin(id).compact();
            DataReport data = cluster.admin(id).data();
            log("%s after the grace period: %s, %s", id, compaction, data);
            assertEquals(0, data.tombstones(), id + " dropped every expired tombstone: " + data);
            assertEquals(20 + 20, data.keys(), id + " still holds the 20 entries and 20 words not deleted: " + data);
        }
        for (String id : NODES) {
            String base = cluster.node(id).baseUri();
            for (String key : deletedKeys) {
                assertEquals(404, http.get(base + "/api/v1/kv/" + key, JsonHttp.CONSISTENCY, ALL).status(),
                        "deleted " + key + " read at ALL via " + id);
            }
            for (String key : keys.subList(10, keys.size())) {
                assertEquals(200, http.get(base + "/api/v1/kv/" + key, JsonHttp.CONSISTENCY, ALL).status(), key + " via " + id);
            }
            JsonHttp.Answer search = http.get(base + "/search?q=grace&limit=100", JsonHttp.CONSISTENCY, ALL);
            assertEquals(200, search.status(), search.toString());
            List<String> found = new ArrayList<>();
            search.body().path("results").forEach(n -> found.add(n.asText()));
            assertEquals(words.subList(10, words.size()).stream().sorted().toList(), found, "words found via " + id);
        }
        for (String id : NODES) {
            assertEquals(0, cluster.admin(id).data().tombstones(), id + ": the reads at ALL repaired nothing back in");
        }
    }

    private void awaitNoHints() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            long pending = 0;
            for (String id : NODES) {
                pending += cluster.admin(id).data().hintsPending();
            }
            if (pending == 0) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, pending + " hints still pending after two minutes");
            Thread.sleep(500);
        }
    }
}
