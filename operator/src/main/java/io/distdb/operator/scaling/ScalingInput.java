package io.distdb.operator.scaling;

import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.model.ClusterNames;

/** Everything the state machine decides from: the spec, the recorded status, and what is observed now. */
public record ScalingInput(ClusterNames names, DesiredCluster desired, DistDBClusterStatus status,
                           ObservedCluster observed) {

    public ScalingInput {
        status = status == null ? new DistDBClusterStatus() : status;
    }
}
