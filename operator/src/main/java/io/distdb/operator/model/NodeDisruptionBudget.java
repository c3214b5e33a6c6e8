package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * At most one data node voluntarily down at a time (node drains, cluster upgrades): with a replication factor of
 * three, quorum reads and writes keep working.
 */
public final class NodeDisruptionBudget {

    private NodeDisruptionBudget() {
    }

    public static PodDisruptionBudget build(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Owners.metadata(cluster, names.disruptionBudget()))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(names.selectorLabels()).endSelector()
                .endSpec()
                .build();
    }
}
