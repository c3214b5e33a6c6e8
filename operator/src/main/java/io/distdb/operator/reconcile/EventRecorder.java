package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.scaling.ClusterEvent;

/** Records Kubernetes Events about a cluster. */
@FunctionalInterface
public interface EventRecorder {

    void record(DistDBCluster cluster, ClusterEvent event);
}
