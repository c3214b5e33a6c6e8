package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.crd.SecretKeyRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data nodes' {@code DISTDB_*} settings shared by every node. A node's own id comes from its pod name, and
 * its tokens from the mounted Secrets, so neither is here (only the paths of the token files). Nodes read it at
 * start; the pod template carries a hash of it, so a change rolls the nodes.
 */
public final class NodeConfigMap {

    public static final String DATA_DIR = "/var/lib/distdb";
    public static final String ADMIN_TOKEN_DIR = "/etc/distdb/admin";
    public static final String CLIENT_TOKEN_DIR = "/etc/distdb/client";

    private NodeConfigMap() {
    }

    public static ConfigMap build(DistDBCluster cluster) {
        DistDBClusterSpec spec = cluster.getSpec();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("DISTDB_DATA_DIR", DATA_DIR);
        data.put("DISTDB_HTTP_PORT", Integer.toString(ClusterNames.HTTP_PORT));
        data.put("DISTDB_PG_PORT", Integer.toString(ClusterNames.POSTGRES_PORT));
        data.put("DISTDB_ADMIN_PORT", Integer.toString(ClusterNames.ADMIN_PORT));
        data.put("DISTDB_METADATA_PORT", Integer.toString(ClusterNames.METADATA_PORT));
        data.put("DISTDB_ADMIN_TOKEN_FILE", ADMIN_TOKEN_DIR + "/" + ClusterNames.ADMIN_TOKEN_KEY);
        data.put("DISTDB_METRICS_TOKEN_FILE", MetricsTokenSecret.MOUNT_DIR + "/" + MetricsTokenSecret.KEY);
        if (clientToken(cluster).isPresent()) {
            data.put("DISTDB_CLIENT_TOKEN_FILE", CLIENT_TOKEN_DIR + "/" + ClusterNames.CLIENT_TOKEN_FILE);
        }
        if (!spec.tlsEnabled()) {
            // With TLS the nodes know each other by their certificates; without it, by this token.
            data.put("DISTDB_PEER_TOKEN_FILE", PeerTokenSecret.MOUNT_DIR + "/" + PeerTokenSecret.KEY);
        }
        // A node started by the operator serves no client data until the operator has published its topology.
        data.put("DISTDB_AWAIT_TOPOLOGY", "true");
        data.put("DISTDB_DURABILITY", spec.getDurability() == null ? "sync" : spec.getDurability().envValue());
        long throttle = spec.getRebalance() == null || spec.getRebalance().getBytesPerSecond() == null
                ? 0 : spec.getRebalance().getBytesPerSecond();
        data.put("DISTDB_REBALANCE_BYTES_PER_SECOND", Long.toString(throttle));
        return new ConfigMapBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).configMap()))
                .withData(data)
                .build();
    }

    /** The client token Secret key the nodes check (the user's or the generated one); empty when clients need none. */
    public static Optional<SecretKeyRef> clientToken(DistDBCluster cluster) {
        return ClientSecret.tokenReference(cluster);
    }
}
