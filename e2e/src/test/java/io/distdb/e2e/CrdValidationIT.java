package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed DistDBCluster CRD on a real API server (the k3s control plane as host processes):
 * its schema and CEL rules make {@code kubectl apply} reject bad specs with a clear message.
 */
class CrdValidationIT {

    private static final String NS = "distdb-crd-test";

    private static K3sControlPlane k8s;
    private static KubernetesClient client;

    @BeforeAll
    static void installCrd() throws IOException {
        assumeTrue(K3sExtension.onCi() || Docker.available() || K3sControlPlaneIT.hasCachedBinaries(),
                "no k3s binaries in the image cache and no Docker engine to build them");
        k8s = K3sControlPlane.start();
        client = k8s.client();
        k8s.installDistDbCrd(NS);
    }

    @AfterAll
    static void stop() {
        if (k8s != null) {
            k8s.close();
        }
    }

    private static DistDBCluster cluster(String name, int replicas, int rf, String storageClass) {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setImage("distdb/dbnode:dev");
        spec.setReplicas(replicas);
        spec.setReplicationFactor(rf);
        spec.getStorage().setStorageClassName(storageClass);
        cluster.setSpec(spec);
        return cluster;
    }

    @Test
    void aValidClusterIsAccepted() {
        DistDBCluster created = client.resource(cluster("valid", 3, 3, "local-path")).create();
        assertEquals(3, created.getSpec().getReplicas());
    }

    @Test
    void replicationFactorAboveReplicasIsRejected() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(cluster("too-few", 2, 3, null)).create());
        assertEquals(422, e.getCode());
        assertTrue(e.getMessage().contains("replicationFactor must not be greater than replicas"), e.getMessage());
    }

    @Test
    void storageClassCannotChange() {
        DistDBCluster created = client.resource(cluster("fixed-class", 3, 3, "standard")).create();
        created.getSpec().getStorage().setStorageClassName("fast");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(created).update());
        assertEquals(422, e.getCode());
        assertTrue(e.getMessage().contains("storageClassName is immutable"), e.getMessage());
    }

    @Test
    void missingImageIsRejected() {
        DistDBCluster noImage = cluster("no-image", 3, 3, null);
        noImage.getSpec().setImage(null);
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(noImage).create());
        assertEquals(422, e.getCode());
    }
}
