package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.packaging.RepoPaths;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRD's CEL rules, which only a real API server evaluates. Runs when {@code -Ddistdb.k8s.kubeconfig=PATH}
 * names a kubeconfig (the k3s control plane in CI); skipped otherwise.
 */
@EnabledIfSystemProperty(named = "distdb.k8s.kubeconfig", matches = ".+")
class CelValidationTest {

    static KubernetesClient client;
    static final String NS = "distdb-cel-test";

    @BeforeAll
    static void installCrd() throws IOException {
        String kubeconfig = Files.readString(Path.of(System.getProperty("distdb.k8s.kubeconfig")));
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(Files.newInputStream(RepoPaths.committedCrd())).item();
        client.resource(crd).createOr(c -> c.update());
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 60, TimeUnit.SECONDS);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .createOr(c -> c.update());
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
    }

    static DistDBCluster cluster(String name, int replicas, int rf, String storageClass) {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setImage("distdb/node:test");
        spec.setReplicas(replicas);
        spec.setReplicationFactor(rf);
        spec.getStorage().setStorageClassName(storageClass);
        cluster.setSpec(spec);
        return cluster;
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
