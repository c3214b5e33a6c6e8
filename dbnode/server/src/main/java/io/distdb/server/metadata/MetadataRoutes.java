package io.distdb.server.metadata;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Answers a peer that wants to add this node to the metadata group: its id and metadata port. */
@Singleton
public class MetadataRoutes {

    private final MetadataGroup group;
    private final io.distdb.server.cluster.ClusterView cluster;

    public MetadataRoutes(MetadataGroup group, io.distdb.server.cluster.ClusterView cluster) {
        this.group = group;
        this.cluster = cluster;
    }

    void register(@Observes @Priority(30) ManagementInterface management) {
        management.router().get(MetadataPaths.PEER).handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json")
                .end("{\"id\":\"" + cluster.selfId() + "\",\"port\":" + group.port() + "}"));
    }
}
