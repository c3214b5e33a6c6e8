package io.distdb.server.admin;

import io.distdb.server.replication.Wire;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * One credential per purpose on the admin port of a node without TLS: the node-to-node endpoints take the peer
 * token and refuse the operator's admin token; the admin API takes the admin token, and the peer token only on
 * the two read-only endpoints nodes call on each other.
 */
@QuarkusTest
class PeerAuthTest {

    private static final String ADMIN = "Bearer test-admin-token";
    private static final String PEER = "Bearer test-peer-token";

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    private String root() {
        return URI.create(admin.toString()).resolve("/").toString();
    }

    private static byte[] readOfSomeKey() {
        return Wire.encodeKey("some-key".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReplicaEndpointRefusesTheAdminToken() {
        given().baseUri(root()).header("Authorization", ADMIN).contentType("application/octet-stream")
                .body(readOfSomeKey()).when().post("/internal/v1/read")
                .then().statusCode(403).body("error", equalTo("forbidden"))
                .body("message", containsString("node-to-node endpoint"));
    }

    @Test
    void aReplicaEndpointAcceptsThePeerToken() {
        given().baseUri(root()).header("Authorization", PEER).contentType("application/octet-stream")
                .body(readOfSomeKey()).when().post("/internal/v1/read").then().statusCode(200);
    }

    @Test
    void aReplicaEndpointWithoutACredentialAsksForThePeerToken() {
        given().baseUri(root()).contentType("application/octet-stream").body(readOfSomeKey())
                .when().post("/internal/v1/read").then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void thePeerTokenReadsOnlyWhatNodesReadOfTheAdminApi() {
        given().baseUri(root()).header("Authorization", PEER).when().get("/admin/v1/status").then().statusCode(200);
        given().baseUri(root()).header("Authorization", PEER).when().get("/admin/v1/data")
                .then().statusCode(403).body("message", containsString("for the operator"));
        given().baseUri(root()).header("Authorization", PEER).contentType("application/json")
                .body("{\"epoch\":99,\"replicationFactor\":1,\"vnodes\":1,\"members\":[]}")
                .when().put("/admin/v1/topology").then().statusCode(403);
        given().baseUri(root()).header("Authorization", PEER).contentType("application/json")
                .body("{\"key\":\"00\",\"value\":\"01\"}").when().post("/internal/v1/paxos/cas").then().statusCode(403);
    }
}
