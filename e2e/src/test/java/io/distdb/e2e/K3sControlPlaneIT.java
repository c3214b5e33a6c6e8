package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host-process control plane serves the API that controllers (the operator) use. */
class K3sControlPlaneIT {

    @Test
    void apiServerStoresAndServesObjectsWithoutDocker() {
        assumeTrue(K3sExtension.onCi() || Docker.available() || hasCachedBinaries(),
                "no k3s binaries in the image cache and no Docker engine to build them");
        try (K3sControlPlane k8s = K3sControlPlane.start()) {
            KubernetesClient client = k8s.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ops").endMetadata().build())
                    .create();
            client.configMaps().inNamespace("ops").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("settings").endMetadata()
                    .withData(Map.of("replicas", "3")).build()).create();
            ConfigMap read = client.configMaps().inNamespace("ops").withName("settings").get();
            assertEquals("3", read.getData().get("replicas"));

            // Controllers run too: a Deployment gets its ReplicaSet (pods stay Pending: no nodes).
            client.apps().deployments().inNamespace("ops").resource(new DeploymentBuilder()
                    .withNewMetadata().withName("app").endMetadata()
                    .withNewSpec().withReplicas(1)
                    .withNewSelector().addToMatchLabels("app", "app").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "app").endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            client.apps().replicaSets().inNamespace("ops").withLabel("app", "app")
                    .informOnCondition(list -> !list.isEmpty()).orTimeout(1, TimeUnit.MINUTES).join();
        }
    }

    static boolean hasCachedBinaries() {
        try {
            K3sControlPlane.binaries();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
