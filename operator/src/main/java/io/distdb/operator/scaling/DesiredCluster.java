package io.distdb.operator.scaling;

import io.distdb.operator.crd.DistDBClusterSpec;

/** The parts of the spec the scaling state machine acts on. */
public record DesiredCluster(int replicas, int replicationFactor, int vnodes, boolean retainVolumes) {

    public static DesiredCluster of(DistDBClusterSpec spec) {
        return new DesiredCluster(
                spec.getReplicas() == null ? 3 : spec.getReplicas(),
                spec.getReplicationFactor() == null ? 3 : spec.getReplicationFactor(),
                spec.getVnodes() == null ? 64 : spec.getVnodes(),
                spec.getStorage() != null && spec.getStorage().retainsVolumes());
    }
}
