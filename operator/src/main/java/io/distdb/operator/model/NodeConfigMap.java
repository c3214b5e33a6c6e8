package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data nodes' {@code DISTDB_*} settings shared by every node. A node's own id comes from its pod name, and
 * its token from the mounted Secret, so neither is here. Nodes read it at start.
 */
public final class NodeConfigMap {

    public static final String DATA_DIR = "/var/lib/distdb";
    public static final String ADMIN_TOKEN_DIR = "/etc/distdb/admin";

    private NodeConfigMap() {
    }

    public static ConfigMap build(DistDBCluster cluster) {
        DistDBClusterSpec spec = cluster.getSpec();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("DISTDB_DATA_DIR", DATA_DIR);
        data.put("DISTDB_HTTP_PORT", Integer.toString(ClusterNames.HTTP_PORT));
        data.put("DISTDB_ADMIN_PORT", Integer.toString(ClusterNames.ADMIN_PORT));
        data.put("DISTDB_ADMIN_TOKEN_FILE", ADMIN_TOKEN_DIR + "/" + ClusterNames.ADMIN_TOKEN_KEY);
        data.put("DISTDB_DURABILITY", spec.getDurability() == null ? "sync" : spec.getDurability().envValue());
        long throttle = spec.getRebalance() == null || spec.getRebalance().getBytesPerSecond() == null
                ? 0 : spec.getRebalance().getBytesPerSecond();
        data.put("DISTDB_REBALANCE_BYTES_PER_SECOND", Long.toString(throttle));
        return new ConfigMapBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).configMap()))
                .withData(data)
                .build();
    }
}
