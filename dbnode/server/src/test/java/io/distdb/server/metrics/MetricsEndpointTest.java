package io.distdb.server.metrics;

import io.distdb.server.pgwire.PostgresListener;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's Prometheus metrics on the admin port: who may read them, and that what a user watches moves when
 * the node works. Counters are shared with the other tests of this node, so each check compares before and after.
 */
@QuarkusTest
class MetricsEndpointTest {

    static final String ADMIN_TOKEN = "test-admin-token";
    static final String METRICS_TOKEN = "test-metrics-token";

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    @Inject
    PostgresListener postgres;

    private String metricsUrl() {
        return Scrape.metricsUrl(admin);
    }

    private Scrape scrape() {
        return Scrape.of(admin, METRICS_TOKEN);
    }

    @Test
    void metricsNeedTheMetricsOrTheAdminToken() {
        given().when().get(metricsUrl()).then().statusCode(401);
        given().header("Authorization", "Bearer wrong").when().get(metricsUrl()).then().statusCode(403);
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().get(metricsUrl()).then().statusCode(200);
        given().header("Authorization", "Bearer " + METRICS_TOKEN).when().get(metricsUrl()).then().statusCode(200);
        // Read-only: the metrics token opens nothing else on the admin port.
        String status = URI.create(admin.toString()).resolve("/admin/v1/status").toString();
        given().header("Authorization", "Bearer " + METRICS_TOKEN).when().get(status).then().statusCode(403);
        // The client port does not serve them at all.
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void requestsAreCountedAndTimedPerApiAndConsistency() {
        Scrape before = scrape();
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"watched\"}")
                .when().put("/api/v1/kv/0e7a01").then().statusCode(200);
        given().header("X-DistDB-Consistency", "ONE").when().get("/api/v1/kv/0e7a01").then().statusCode(200);
        given().when().get("/api/v1/kv/0e7a02?consistency=all").then().statusCode(404);
        given().when().get("/api/v1/kv/xyz1").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"name\":\"metrics\"}")
                .when().put("/api/v1/items/metrics-user/profile").then().statusCode(200);
        Scrape after = scrape();

        assertEquals(2, delta(before, after, "distdb_request_duration_seconds_count", "api", "kv", "consistency", "default"));
        assertEquals(1, delta(before, after, "distdb_request_duration_seconds_count", "api", "kv", "consistency", "one"));
        assertEquals(1, delta(before, after, "distdb_request_duration_seconds_count", "api", "kv", "consistency", "all"));
        assertEquals(1, delta(before, after, "distdb_request_duration_seconds_count", "api", "items", "consistency", "default"));
        assertTrue(delta(before, after, "distdb_request_duration_seconds_sum", "api", "kv") > 0);
        assertEquals(1, delta(before, after, "distdb_request_duration_seconds_bucket", "api", "kv", "consistency", "one", "le", "+Inf"));
        // A bad key is the client's error; a missing key (404) is an answer, not an error.
        assertEquals(1, delta(before, after, "distdb_request_errors_total", "api", "kv", "kind", "client"));
        assertEquals(0, delta(before, after, "distdb_request_errors_total", "api", "kv", "kind", "server"));
        for (String api : new String[] {"items", "kv", "words", "documents", "sql", "pgwire"}) {
            after.value("distdb_request_duration_seconds_count", "api", api);
        }
    }

    @Test
    void wireProtocolStatementsAreCountedAsPgwire() throws SQLException {
        Scrape before = scrape();
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/distdb";
        try (Connection connection = DriverManager.getConnection(url, "app", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            assertThrows(SQLException.class, () -> statement.execute("SELEKT 1"));
        }
        Scrape after = scrape();
        // The driver may send statements of its own at start-up; ours are at least these two.
        assertTrue(delta(before, after, "distdb_request_duration_seconds_count", "api", "pgwire", "consistency", "default") >= 2);
        assertEquals(1, delta(before, after, "distdb_request_errors_total", "api", "pgwire", "kind", "client"),
                "a syntax error is the client's");
    }

    @Test
    void storageReplicationRebalanceAndJvmAreReported() throws InterruptedException {
        // Items live in the LSM engine (key-value entries in the hash log by default).
        given().contentType(ContentType.JSON).body("{\"note\":\"in the memtable\"}")
                .when().put("/api/v1/items/metrics-user/memtable").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"in the hash log\"}")
                .when().put("/api/v1/kv/0e7a03").then().statusCode(200);
        Thread.sleep(150); // past the stats' cache of one scrape
        System.gc(); // the GC pause timer appears with the first collection
        Scrape s = scrape();
        assertTrue(s.value("distdb_lsm_memtable_bytes") > 0, "the write sits in the memtable");
        s.value("distdb_lsm_tables", "level", "0");
        s.value("distdb_lsm_compactions_pending");
        s.value("distdb_lsm_compaction_written_bytes_total");
        s.value("distdb_lsm_block_cache_hits_total");
        s.value("distdb_lsm_block_cache_misses_total");
        s.value("distdb_lsm_bloom_filter_useful_total");
        s.value("distdb_lsm_bloom_filter_false_positives_total");
        s.value("distdb_wal_fsync_duration_seconds_count", "engine", "lsm");
        s.value("distdb_wal_fsync_duration_seconds_count", "engine", "hashlog");
        assertTrue(s.value("distdb_hashlog_keys") > 0, "key-value entries live in the hash log");
        s.value("distdb_replication_read_repairs_total");
        s.value("distdb_replication_hints_queued_total");
        s.value("distdb_replication_hints_delivered_total");
        s.value("distdb_replication_hints_pending");
        s.value("distdb_replication_unavailable_total", "operation", "write");
        s.value("distdb_rebalance_ranges_moved_total");
        s.value("distdb_rebalance_moved_bytes_total");
        assertTrue(s.value("jvm_memory_used_bytes", "area", "heap") > 0);
        s.value("jvm_gc_pause_seconds_count");
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
