package io.distdb.server.admin;

import io.distdb.admin.api.AdminClient;
import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.Topology;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API on its own port, through the raw HTTP surface and through the operator's client. */
@QuarkusTest
class AdminApiTest {

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    /** The management interface's root (the injected URL points below it, at its /q path). */
    private String root() {
        return URI.create(admin.toString()).resolve("/").toString();
    }

    private AdminClient client(String token) {
        return new AdminClient(URI.create(admin.toString()), token);
    }

    @Test
    void requestsWithoutTheRightTokenAreRefused() {
        given().baseUri(root()).when().get("/admin/v1/status").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"distdb-admin\"")).body("error", equalTo("unauthorized"));
        given().baseUri(root()).header("Authorization", "Bearer nope").when().get("/admin/v1/status")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().baseUri(root()).header("Authorization", "Bearer nope").contentType("application/json")
                .body("{\"epoch\":99,\"replicationFactor\":1,\"vnodes\":1,\"members\":[]}")
                .when().put("/admin/v1/topology").then().statusCode(403);
        assertEquals(403, assertThrows(AdminException.class, () -> client("wrong").status()).status());
    }

    @Test
    void theClientPortDoesNotServeTheAdminApi() {
        given().header("Authorization", "Bearer test-admin-token").when().get("/admin/v1/status").then().statusCode(404);
    }

    @Test
    void topologyEpochsOnlyMoveForward() {
        AdminClient client = client("test-admin-token");
        NodeStatus status = client.status();
        assertEquals("node-1", status.nodeId());

        long base = status.topologyEpoch() + 10;
        Topology first = new Topology(base, 3, 16, List.of(
                new Member("node-1", "127.0.0.1:9090", MemberState.NORMAL),
                new Member("node-2", "127.0.0.2:9090", MemberState.JOINING)));
        assertEquals(first, client.putTopology(first));
        assertEquals(first, client.putTopology(first), "publishing the same epoch again is accepted");
        assertEquals(first, client.topology());
        assertEquals(base, client.status().topologyEpoch());

        Topology conflicting = new Topology(base, 3, 16, List.of(new Member("node-1", "127.0.0.1:9090", MemberState.NORMAL)));
        AdminException conflict = assertThrows(AdminException.class, () -> client.putTopology(conflicting));
        assertTrue(conflict.isStaleEpoch());
        AdminException older = assertThrows(AdminException.class, () -> client.putTopology(
                new Topology(base - 1, 3, 16, first.members())));
        assertTrue(older.isStaleEpoch());
        assertEquals(first, client.topology(), "a refused topology changes nothing");

        Topology leaving = new Topology(base + 1, 3, 16, List.of(
                new Member("node-1", "127.0.0.1:9090", MemberState.LEAVING),
                new Member("node-2", "127.0.0.2:9090", MemberState.NORMAL)));
        client.putTopology(leaving);
        assertEquals(NodeState.LEAVING, client.status().state());
    }

    @Test
    void malformedTopologiesAre400() {
        given().baseUri(root()).header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body("{\"epoch\":").when().put("/admin/v1/topology").then().statusCode(400).body("error", equalTo("bad_request"));
        given().baseUri(root()).header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body("{\"epoch\":5,\"replicationFactor\":0,\"vnodes\":8,\"members\":[]}")
                .when().put("/admin/v1/topology").then().statusCode(400);
    }
}
