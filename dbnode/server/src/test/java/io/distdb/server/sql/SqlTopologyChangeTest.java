package io.distdb.server.sql;

import io.distdb.admin.api.AdminClient;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.Topology;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topologies published while statements write: the node keeps one SQL engine for its life, so a new
 * topology never gives later statements a write lock of their own beside the one earlier statements
 * hold, and a key inserted by many clients at once is inserted exactly once.
 */
@QuarkusTest
@TestProfile(SqlTopologyChangeTest.OwnNode.class)
class SqlTopologyChangeTest {

    public static class OwnNode implements QuarkusTestProfile {
    }

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    private static int insert(int key) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("sql", "INSERT INTO claimed (id, by) VALUES ($1, 'x')", "params", List.of(key)))
                .when().post("/sql").then().extract().statusCode();
    }

    @Test
    void concurrentInsertsOfTheSameKeysWhileTopologiesArePublishedInsertEachKeyOnce() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("sql", "CREATE TABLE claimed (id INTEGER PRIMARY KEY, by TEXT)"))
                .when().post("/sql").then().statusCode(200);
        AdminClient client = new AdminClient(URI.create(admin.toString()), "test-admin-token");
        String self = client.status().nodeId();
        String address = URI.create(admin.toString()).getHost() + ":" + URI.create(admin.toString()).getPort();
        int keys = 150;
        AtomicIntegerArray wins = new AtomicIntegerArray(keys);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Integer> publisher = pool.submit(() -> {
                int epoch = 1;
                while (writing.get()) {
                    client.putTopology(new Topology(epoch++, 1, 8, List.of(new Member(self, address, MemberState.NORMAL))));
                }
                return epoch;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(() -> {
                    for (int k = 0; k < keys; k++) {
                        int status = insert(k);
                        if (status == 200) {
                            wins.incrementAndGet(k);
                        } else if (status != 400) {
                            throw new AssertionError("INSERT of key " + k + " answered " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            writing.set(false);
            int published = publisher.get();
            assertTrue(published > 2, "topologies were published while the inserts ran");
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        for (int k = 0; k < keys; k++) {
            assertEquals(1, wins.get(k), "key " + k + " was inserted by " + wins.get(k) + " clients");
        }
        given().contentType(ContentType.JSON).body(Map.of("sql", "SELECT count(*) FROM claimed"))
                .when().post("/sql").then().statusCode(200).body("rows[0][0]", equalTo(keys));
    }
}
