package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Metadata of owned objects: so that deleting the cluster deletes them too (Kubernetes garbage collection). */
public final class Owners {

    private Owners() {
    }

    public static OwnerReference reference(DistDBCluster cluster) {
        return new OwnerReferenceBuilder()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    public static ObjectMeta metadata(DistDBCluster cluster, String name) {
        ClusterNames names = ClusterNames.of(cluster);
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(names.namespace())
                .withLabels(names.labels())
                .withOwnerReferences(reference(cluster))
                .build();
    }
}
