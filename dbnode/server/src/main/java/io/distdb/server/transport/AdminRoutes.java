package io.distdb.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.AdminError;
import io.distdb.admin.api.AdminPaths;
import io.distdb.admin.api.Topology;
import io.distdb.server.admin.NodeStatusReporter;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.InvalidTopologyException;
import io.distdb.server.cluster.StaleTopologyException;
import io.distdb.server.cluster.TopologyStore;
import io.distdb.server.rebalance.DataInventory;
import io.distdb.server.rebalance.RebalanceRefusedException;
import io.distdb.server.rebalance.Rebalancer;
import io.distdb.server.store.NodeStorage;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * The admin API, served on the management interface's own port ({@code DISTDB_ADMIN_PORT}, 9090), never
 * on the client port. {@link ManagementAuthorizer} has checked the caller's credential before these handlers run.
 */
@Singleton
public class AdminRoutes {

    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final TopologyStore topology;
    private final ClusterView cluster;
    private final NodeStatusReporter status;
    private final Rebalancer rebalancer;
    private final DataInventory inventory;
    private final NodeStorage storage;
    private final ObjectMapper json;

    public AdminRoutes(TopologyStore topology, ClusterView cluster, NodeStatusReporter status,
                       Rebalancer rebalancer, DataInventory inventory, NodeStorage storage, ObjectMapper json) {
        this.storage = storage;
        this.topology = topology;
        this.cluster = cluster;
        this.status = status;
        this.rebalancer = rebalancer;
        this.inventory = inventory;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.get(AdminPaths.STATUS).blockingHandler(rc -> send(rc, 200, status.status()));
        router.get(AdminPaths.TOPOLOGY).blockingHandler(this::getTopology);
        router.put(AdminPaths.TOPOLOGY).blockingHandler(this::putTopology);
        router.post(AdminPaths.REBALANCE).blockingHandler(this::startRebalance);
        router.get(AdminPaths.REBALANCE).blockingHandler(rc -> send(rc, 200, rebalancer.status()));
        router.get(AdminPaths.DATA).blockingHandler(rc -> send(rc, 200, inventory.report()));
        router.post(AdminPaths.COMPACT).blockingHandler(rc -> send(rc, 200, storage.compact()));
    }

    private void getTopology(RoutingContext rc) {
        topology.current().ifPresentOrElse(t -> send(rc, 200, t),
                () -> send(rc, 404, new AdminError("not_found", "no topology has been published to this node")));
    }

    private void putTopology(RoutingContext rc) {
        if (!JsonReplies.bodyIsJson(rc, json)) {
            return;
        }
        Topology proposed;
        try {
            proposed = json.readValue(rc.body().asString(), Topology.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            send(rc, 400, new AdminError("bad_request", "not a topology: " + rootMessage(e)));
            return;
        }
        try {
            if (cluster.accept(proposed)) {
                LOG.infof("accepted topology epoch %d with %d members", proposed.epoch(), proposed.members().size());
            }
            send(rc, 200, proposed);
        } catch (StaleTopologyException | InvalidTopologyException e) {
            JsonReplies.refuse(rc, json, e); // 409 stale_epoch, 400 invalid_topology
        }
    }

    private void startRebalance(RoutingContext rc) {
        String epoch = rc.request().getParam("epoch");
        long requested;
        try {
            requested = Long.parseLong(epoch == null ? "" : epoch.trim());
        } catch (NumberFormatException e) {
            send(rc, 400, new AdminError("bad_request", "'epoch' must be the topology epoch to rebalance, as a number"));
            return;
        }
        try {
            send(rc, 202, rebalancer.start(requested));
        } catch (RebalanceRefusedException e) {
            JsonReplies.refuse(rc, json, e); // 409 no_topology or stale_epoch
        }
    }

    private void send(RoutingContext rc, int status, Object body) {
        JsonReplies.send(rc, json, status, body);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
