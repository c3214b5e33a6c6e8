package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.Map;

/**
 * The token nodes present to each other when TLS is off (with TLS their certificates identify them). Separate
 * from the admin token, so a node's peer credential cannot drive the cluster. Generated once, never rewritten.
 */
public final class PeerTokenSecret {

    public static final String KEY = "token";
    public static final String MOUNT_DIR = "/etc/distdb/peer";

    private PeerTokenSecret() {
    }

    public static Secret build(DistDBCluster cluster) {
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).peerTokenSecret()))
                .withType("Opaque")
                .withImmutable(true)
                .withData(SecretData.encode(Map.of(KEY, SecretData.randomHexToken())))
                .build();
    }
}
