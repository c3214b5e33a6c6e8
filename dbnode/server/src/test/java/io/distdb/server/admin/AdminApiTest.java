package io.distdb.server.admin;

import io.distdb.admin.api.AdminClient;
import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceState;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.URL;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API on its own port, through the raw HTTP surface and through the operator's client. Runs on a
 * node of its own (a test profile), because the topologies it publishes would make other tests' node a
 * member of a cluster that does not exist.
 */
@QuarkusTest
@TestProfile(AdminApiTest.OwnNode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest {

    public static class OwnNode implements QuarkusTestProfile {
    }

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    @jakarta.inject.Inject
    io.distdb.server.replication.HintStore hints;

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
    @Order(1)
    void aRebalanceBeforeAnyTopologyIsRefused() {
        AdminClient client = client("test-admin-token");
        AdminException refused = assertThrows(AdminException.class, () -> client.startRebalance(1));
        assertEquals(409, refused.status());
        assertEquals("no_topology", refused.error());
        assertEquals(RebalanceState.IDLE, client.rebalance().state());
        assertEquals(404, assertThrows(AdminException.class, client::topology).status(), "still no topology");
    }

    @Test
    @Order(2)
    void topologyEpochsOnlyMoveForward() {
        AdminClient client = client("test-admin-token");
        NodeStatus status = client.status();
        assertEquals("node-1", status.nodeId());
        assertEquals(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.application.version", String.class), status.version(),
                "the release the node runs: the build's, as no DISTDB_VERSION is set");

        long base = status.topologyEpoch() + 10;
        Topology first = new Topology(base, 2, 16, List.of(
                new Member("node-1", "127.0.0.1:9", MemberState.NORMAL),
                new Member("node-2", "127.0.0.2:9", MemberState.JOINING)));
        assertEquals(first, client.putTopology(first));
        assertEquals(first, client.putTopology(first), "publishing the same epoch again is accepted");
        assertEquals(first, client.topology());
        assertEquals(base, client.status().topologyEpoch());

        Topology conflicting = new Topology(base, 1, 16, List.of(new Member("node-1", "127.0.0.1:9", MemberState.NORMAL)));
        AdminException conflict = assertThrows(AdminException.class, () -> client.putTopology(conflicting));
        assertTrue(conflict.isStaleEpoch());
        AdminException older = assertThrows(AdminException.class, () -> client.putTopology(
                new Topology(base - 1, 2, 16, first.members())));
        assertTrue(older.isStaleEpoch());
        assertEquals(first, client.topology(), "a refused topology changes nothing");
    }

    @Test
    @Order(3)
    void badTopologiesAndRebalancesChangeNothing() {
        AdminClient client = client("test-admin-token");
        Topology before = client.topology();
        long next = before.epoch() + 1;

        AdminException unknown = assertThrows(AdminException.class, () -> client.putTopology(new Topology(next, 1, 16,
                List.of(new Member("node-7", "127.0.0.7:9", MemberState.NORMAL)))));
        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().contains("unknown member"), unknown.getMessage());

        AdminException tooFew = assertThrows(AdminException.class, () -> client.putTopology(new Topology(next, 3, 16, List.of(
                new Member("node-1", "127.0.0.1:9", MemberState.NORMAL),
                new Member("node-2", "127.0.0.2:9", MemberState.NORMAL)))));
        assertEquals(400, tooFew.status());
        assertTrue(tooFew.getMessage().contains("replicationFactor 3"), tooFew.getMessage());

        AdminException badAddress = assertThrows(AdminException.class, () -> client.putTopology(new Topology(next, 1, 16,
                List.of(new Member("node-1", "no-port", MemberState.NORMAL)))));
        assertEquals(400, badAddress.status());

        AdminException otherEpoch = assertThrows(AdminException.class, () -> client.startRebalance(before.epoch() + 5));
        assertEquals(409, otherEpoch.status());
        given().baseUri(root()).header("Authorization", "Bearer test-admin-token").when().post("/admin/v1/rebalance?epoch=soon")
                .then().statusCode(400).body("error", equalTo("bad_request"));

        assertEquals(before, client.topology(), "nothing was applied");
        assertEquals(before.epoch(), client.status().topologyEpoch());
        assertTrue(client.rebalance().state() != RebalanceState.RUNNING);
    }

    @Test
    @Order(4)
    void aLeavingNodeWithNothingToHandOverIsDrainedByItsRebalance() throws InterruptedException {
        AdminClient client = client("test-admin-token");
        long epoch = client.topology().epoch() + 1;
        Topology leaving = new Topology(epoch, 1, 16, List.of(
                new Member("node-1", "127.0.0.1:9", MemberState.LEAVING),
                new Member("node-2", "127.0.0.2:9", MemberState.NORMAL)));
        client.putTopology(leaving);
        assertEquals(NodeState.LEAVING, client.status().state());

        RebalanceStatus started = client.startRebalance(epoch);
        assertEquals(epoch, started.epoch());
        long deadline = System.currentTimeMillis() + 30_000;
        while (client.rebalance().state() != RebalanceState.COMPLETED && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(RebalanceState.COMPLETED, client.rebalance().state());
        assertEquals(NodeState.DRAINED, client.status().state());
        assertEquals(RebalanceState.COMPLETED, client.startRebalance(epoch).state(), "starting it again only reports it");
    }

    /**
     * A leaving node that still keeps a write for another replica (a hint: it coordinated a write that replica did
     * not take) is not DRAINED, whatever its rebalance says: stopping it would lose that copy. Once the hint is
     * delivered it is.
     */
    @Test
    @Order(5)
    void aLeavingNodeIsDrainedOnlyOnceItsHintsAreDelivered() throws InterruptedException {
        AdminClient client = client("test-admin-token");
        long epoch = client.topology().epoch() + 1;
        client.putTopology(new Topology(epoch, 1, 16, List.of(
                new Member("node-1", "127.0.0.1:9", MemberState.LEAVING),
                new Member("node-2", "127.0.0.2:9", MemberState.NORMAL))));
        // node-2 cannot be reached at 127.0.0.2:9, so the hint stays.
        hints.add("node-2", List.of(new io.distdb.server.replication.Mutation("hinted".getBytes(),
                io.distdb.server.replication.Versioned.value(System.currentTimeMillis(), "v".getBytes()))));
        awaitRebalance(client, epoch);
        assertEquals(1, hints.pending());
        assertEquals(NodeState.LEAVING, client.status().state(), "rebalance completed, a hint still held");

        // node-2 moves to an address that answers (this node's own admin port): the hint is delivered.
        long next = epoch + 1;
        client.putTopology(new Topology(next, 1, 16, List.of(
                new Member("node-1", "127.0.0.1:9", MemberState.LEAVING),
                new Member("node-2", "127.0.0.1:" + URI.create(admin.toString()).getPort(), MemberState.NORMAL))));
        awaitRebalance(client, next);
        long deadline = System.currentTimeMillis() + 30_000;
        while (client.status().state() != NodeState.DRAINED && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, hints.pending());
        assertEquals(NodeState.DRAINED, client.status().state());
    }

    private static void awaitRebalance(AdminClient client, long epoch) throws InterruptedException {
        client.startRebalance(epoch);
        long deadline = System.currentTimeMillis() + 30_000;
        while (client.rebalance().state() != RebalanceState.COMPLETED && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(RebalanceState.COMPLETED, client.rebalance().state());
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
