package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A node with a client token refuses client requests without it, and changes nothing for them. */
@QuarkusTest
@TestProfile(ClientAuthTest.WithClientToken.class)
class ClientAuthTest {

    public static class WithClientToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distdb.client.token", "client-secret");
        }
    }

    @Test
    void clientRequestsNeedTheClientToken() {
        given().contentType("application/json").body("{\"a\":1}").when().put("/api/v1/items/p/s")
                .then().statusCode(401).body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{\"sql\":\"select 1\"}")
                .when().post("/sql").then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", "Bearer client-secret").when().get("/api/v1/items/p/s").then().statusCode(404);

        given().header("Authorization", "Bearer client-secret").contentType("application/json").body("{\"a\":1}")
                .when().put("/api/v1/items/p/s").then().statusCode(200);
        given().header("Authorization", "Bearer client-secret").when().get("/api/v1/items/p/s")
                .then().statusCode(200).body("value.a", equalTo(1));
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
