package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three data nodes from the project's image run as a StatefulSet on Kubernetes and form a static cluster
 * over their stable DNS names: they become Ready on their health endpoints, take an item write through
 * their Service, each hold a replica of it and read it back at ALL, and answer the admin API on their own
 * port with the token of a mounted Secret.
 */
@K3sTest
class DbNodeStatefulSetIT {

    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "dbnode");

    @Test
    void threeNodesBecomeReadyAndServeItemsThroughTheService(K3sCluster cluster, KubernetesClient client) {
        String image = E2eImages.dbnodeImage();
        cluster.loadImage(image);
        String ns = cluster.createNamespace("dbnode");
        String token = "e2e-" + java.util.UUID.randomUUID();
        client.secrets().inNamespace(ns).resource(new SecretBuilder()
                .withNewMetadata().withName("dbnode-admin").endMetadata()
                .addToStringData("token", token)
                .addToStringData("peer-token", "e2e-peer-" + java.util.UUID.randomUUID()).build()).create();

        client.services().inNamespace(ns).resource(new ServiceBuilder()
                .withNewMetadata().withName("dbnode-peers").endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(LABELS)
                .addNewPort().withName("http").withPort(8080).endPort()
                .addNewPort().withName("admin").withPort(9090).endPort()
                .endSpec().build()).create();
        // Any node coordinates any request, so the client Service spreads requests over all of them.
        client.services().inNamespace(ns).resource(new ServiceBuilder()
                .withNewMetadata().withName("dbnode").endMetadata()
                .withNewSpec().withSelector(LABELS)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .endSpec().build()).create();

        StatefulSet nodes = new StatefulSetBuilder()
                .withNewMetadata().withName("dbnode").endMetadata()
                .withNewSpec().withServiceName("dbnode-peers").withReplicas(3).withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec()
                .withNewSecurityContext().withRunAsNonRoot(true).withFsGroup(10001L).endSecurityContext()
                .addNewContainer().withName("dbnode").withImage(image).withImagePullPolicy("IfNotPresent")
                .addToEnv(new EnvVarBuilder().withName("DISTDB_NODE_ID")
                        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
                        .build())
                .addToEnv(new EnvVarBuilder().withName("DISTDB_ADMIN_TOKEN_FILE").withValue("/etc/distdb/admin/token").build())
                // Nodes call each other with a credential of their own, the same on every node.
                .addToEnv(new EnvVarBuilder().withName("DISTDB_PEER_TOKEN_FILE").withValue("/etc/distdb/admin/peer-token").build())
                // A static three-node cluster over the peers' stable DNS names, replication factor 3.
                .addToEnv(new EnvVarBuilder().withName("DISTDB_CLUSTER_NODES").withValue(memberList(ns)).build())
                .addToEnv(new EnvVarBuilder().withName("JAVA_OPTS_APPEND").withValue("-Xmx128m -XX:+UseSerialGC").build())
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .addNewPort().withName("admin").withContainerPort(9090).endPort()
                .withNewResources()
                .addToRequests("memory", new Quantity("192Mi")).addToLimits("memory", new Quantity("384Mi"))
                .endResources()
                .withNewStartupProbe().withNewHttpGet().withPath("/q/health/live").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(2).withFailureThreshold(90).endStartupProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/q/health/live").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(10).endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(2).endReadinessProbe()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/distdb").endVolumeMount()
                .addNewVolumeMount().withName("admin").withMountPath("/etc/distdb/admin").withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("admin").withNewSecret().withSecretName("dbnode-admin").endSecret().endVolume()
                .endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("local-path")
                .withNewResources().addToRequests("storage", new Quantity("64Mi")).endResources()
                .endSpec().endVolumeClaimTemplate()
                .endSpec().build();
        client.apps().statefulSets().inNamespace(ns).resource(nodes).create();

        // A client pod from the same image: it has bash for InClusterHttp.
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName("client").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("client").withImage(image).withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "infinity").endContainer()
                .endSpec().build()).create();

        client.apps().statefulSets().inNamespace(ns).withName("dbnode")
                .waitUntilCondition(s -> s != null && s.getStatus() != null
                        && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), 6, TimeUnit.MINUTES);
        client.pods().inNamespace(ns).withName("client").waitUntilReady(2, TimeUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            assertEquals("Bound", client.persistentVolumeClaims().inNamespace(ns).withName("data-dbnode-" + i).get()
                    .getStatus().getPhase(), "the data volume of dbnode-" + i + " is bound");
        }

        InClusterHttp http = new InClusterHttp(cluster, ns, "client");
        String service = "dbnode." + ns + ".svc.cluster.local";
        InClusterHttp.Response put = http.put(service, 80, "/api/v1/items/e2e-people/messages-1",
                "{\"text\": \"hello from k3s\", \"n\": 1}");
        assertEquals(200, put.status(), "PUT through the Service: " + put.body());

        InClusterHttp.Response get = http.get(service, 80, "/api/v1/items/e2e-people/messages-1");
        assertEquals(200, get.status(), "GET through the Service: " + get.body());
        assertTrue(get.body().contains("e2e-people") && get.body().contains("messages-1"), get.body());
        assertTrue(get.body().contains("hello from k3s"), get.body());

        // Each node also answers on its own stable name through the headless Service.
        for (int i = 0; i < 3; i++) {
            String node = "dbnode-" + i + ".dbnode-peers." + ns + ".svc.cluster.local";
            InClusterHttp.Response ready = http.get(node, 8080, "/q/health/ready");
            assertEquals(200, ready.status(), node + " is ready: " + ready.body());

            // The admin port answers the operator's status call with the token from the Secret.
            InClusterHttp.Response anonymous = http.get(node, 9090, "/admin/v1/status");
            assertEquals(401, anonymous.status(), "admin API without a token: " + anonymous.body());
            InClusterHttp.Response status = http.send("GET", node, 9090, "/admin/v1/status", null,
                    Map.of("Authorization", "Bearer " + token));
            assertEquals(200, status.status(), "admin status of " + node + ": " + status.body());
            assertTrue(status.body().contains("dbnode-" + i), status.body());

            // Every node holds its own copy of the item (replication factor 3 on three nodes).
            InClusterHttp.Response data = http.send("GET", node, 9090, "/admin/v1/data", null,
                    Map.of("Authorization", "Bearer " + token));
            assertEquals(200, data.status(), "data report of " + node + ": " + data.body());
            assertTrue(data.body().contains("\"keys\":1,"), node + " holds the item: " + data.body());

            // And reads it back through its own coordinator with every replica answering.
            InClusterHttp.Response all = http.send("GET", node, 8080, "/api/v1/items/e2e-people/messages-1", null,
                    Map.of("X-DistDB-Consistency", "ALL"));
            assertEquals(200, all.status(), "GET at ALL through " + node + ": " + all.body());
            assertTrue(all.body().contains("hello from k3s"), all.body());
        }
    }

    private static String memberList(String ns) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            members.append(i == 0 ? "" : ",").append("dbnode-").append(i).append("@dbnode-").append(i)
                    .append(".dbnode-peers.").append(ns).append(".svc.cluster.local:9090");
        }
        return members.toString();
    }
}
