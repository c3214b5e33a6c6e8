package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The hash log's key directory must fit in memory: past its key limit a new key is refused, overwrites are not. */
@QuarkusTest
@TestProfile(KvCapacityTest.ThreeKeys.class)
class KvCapacityTest {

    public static class ThreeKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distdb.storage.hashlog-max-keys", "3");
        }
    }

    private static void put(String key, String value, int status) {
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"" + value + "\"}")
                .when().put("/api/v1/kv/" + key).then().statusCode(status);
    }

    @Test
    void aNewKeyPastTheLimitIsRefusedWith507AndOverwritesAndDeletesStillWork() {
        put("01", "a", 200);
        put("02", "b", 200);
        put("03", "c", 200);
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"d\"}")
                .when().put("/api/v1/kv/04").then().statusCode(507)
                .body("error", equalTo("insufficient_storage"))
                .body("message", containsString("distdb.storage.hashlog-max-keys"));
        given().when().get("/api/v1/kv/04").then().statusCode(404);
        put("01", "a2", 200);
        given().when().get("/api/v1/kv/01").then().statusCode(200).body("value", equalTo("a2"));
        // A delete is a tombstone that holds its key's slot until the grace period lets compaction drop it.
        given().when().delete("/api/v1/kv/02").then().statusCode(204);
        given().when().get("/api/v1/kv/02").then().statusCode(404);
        put("02", "b2", 200);
        put("04", "d", 507);
    }
}
