package io.distdb.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.AdminPaths;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.metadata.MetadataGroup;
import io.quarkus.vertx.http.ManagementInterface;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The metadata group's routes on the admin port: a peer that adds this node to the group asks for its
 * metadata port; {@code GET /admin/v1/metadata} shows the node's view of the group.
 */
@Singleton
public class MetadataRoutes {

    private final MetadataGroup group;
    private final ClusterView cluster;
    private final ObjectMapper json;

    public MetadataRoutes(MetadataGroup group, ClusterView cluster, ObjectMapper json) {
        this.group = group;
        this.cluster = cluster;
        this.json = json;
    }

    void register(@Observes @Priority(30) ManagementInterface management) {
        management.router().get(ReplicaPaths.METADATA_PEER).handler(rc -> JsonReplies.send(rc, json, 200,
                Map.of("id", cluster.selfId(), "port", group.port())));
        management.router().get(AdminPaths.METADATA).blockingHandler(rc -> JsonReplies.send(rc, json, 200, group.status()));
    }
}
