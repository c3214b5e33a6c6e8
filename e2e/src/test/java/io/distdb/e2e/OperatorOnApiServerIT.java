package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.distdb.admin.api.MemberState;
import io.distdb.operator.OperatorMain;
import io.distdb.operator.OperatorSettings;
import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.nodes.FakeNodes;
import io.distdb.operator.nodes.NodeAdminFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator, run in this JVM by the Java Operator SDK exactly as {@code OperatorMain} wires it, against a real
 * API server: the k3s control plane as host processes, with its controller manager (so the StatefulSet
 * controller makes pods and volume claims, and the garbage collector follows owner references). There is no
 * kubelet, so {@link FakeKubelet} marks the pods Ready as they appear and starts or stops the data node behind
 * each; the nodes themselves are {@link FakeNodes}, the admin API contract in memory, behind the operator's
 * {@code NodeAdmin} interface.
 */
class OperatorOnApiServerIT {

    private static final String NS = "distdb-operator-test";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static K3sControlPlane k8s;
    private static KubernetesClient client;
    private static KubernetesClient operatorClient;
    private static Operator operator;
    private static FakeKubelet kubelet;
    private static PrometheusMeterRegistry metrics;
    private static HttpServer http;

    @BeforeAll
    static void startOperator() throws IOException {
        assumeTrue(K3sExtension.onCi() || Docker.available() || K3sControlPlaneIT.hasCachedBinaries(),
                "no k3s binaries in the image cache and no Docker engine to build them");
        k8s = K3sControlPlane.start();
        client = k8s.client();
        k8s.installDistDbCrd(NS);

        kubelet = new FakeKubelet(client, NS, new FakeNodes(3));
        kubelet.start();

        operatorClient = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(k8s.kubeconfig()))).build();
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator = OperatorMain.create(operatorClient, settings(NS), (names, token) -> {
            if (token.adminToken().length() < 32) {
                throw new IllegalStateException("the generated admin token did not reach the node client");
            }
            return kubelet.nodeAdmin();
        }, metrics, Duration.ofSeconds(1), null);
        operator.start();
        http = OperatorMain.startHttp(0, metrics, operator, () -> true);
    }

    static OperatorSettings settings(String namespace) {
        return OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", namespace,
                "OPERATOR_NAMESPACE", "distdb-system", "LEADER_ELECTION_ENABLED", "false"));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (operator != null) {
            operator.stop();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
        if (k8s != null) {
            k8s.close();
        }
    }

    private static DistDBCluster apply(String name, int replicas) {
        return apply(NS, name, replicas);
    }

    private static DistDBCluster apply(String namespace, String name, int replicas) {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setImage("distdb/dbnode:1");
        spec.setReplicas(replicas);
        cluster.setSpec(spec);
        return client.resource(cluster).create();
    }

    private static DistDBCluster get(String name) {
        return client.resources(DistDBCluster.class).inNamespace(NS).withName(name).get();
    }

    private static DistDBCluster awaitStatus(String name, String what, Predicate<DistDBClusterStatus> condition) {
        return awaitStatus(NS, name, what, condition);
    }

    private static DistDBCluster awaitStatus(String namespace, String name, String what,
                                             Predicate<DistDBClusterStatus> condition) {
        return ClusterWaits.status(client, namespace, name, what, WAIT, condition);
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        ClusterWaits.until(what, WAIT, condition);
    }

    private static Condition condition(DistDBClusterStatus status, String type) {
        return status.condition(type).orElseThrow(() -> new AssertionError("no " + type + " condition: "
                + status.getConditions()));
    }

    private static List<HasMetadata> ownedObjects(String name) {
        return java.util.stream.Stream.<HasMetadata>of(
                client.apps().statefulSets().inNamespace(NS).withName(name).get(),
                client.services().inNamespace(NS).withName(name + "-peers").get(),
                client.services().inNamespace(NS).withName(name).get(),
                client.configMaps().inNamespace(NS).withName(name + "-config").get(),
                client.secrets().inNamespace(NS).withName(name + "-admin-token").get(),
                client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get(),
                client.network().v1().networkPolicies().inNamespace(NS).withName(name + "-admin").get())
                .filter(java.util.Objects::nonNull).toList();
    }

    private static void awaitEvents(String cluster, Set<String> reasons) {
        ClusterWaits.events(client, NS, cluster, reasons, WAIT);
    }

    @Test
    void applyingAClusterCreatesItsObjectsWithOwnerReferencesAndReportsReady() {
        DistDBCluster created = apply("create", 3);

        DistDBCluster ready = awaitStatus("create", "phase Ready", s -> s.getPhase() == Phase.Ready);
        List<HasMetadata> owned = ownedObjects("create");
        assertEquals(List.of("StatefulSet", "Service", "Service", "ConfigMap", "Secret", "PodDisruptionBudget",
                "NetworkPolicy"), owned.stream().map(HasMetadata::getKind).toList());
        for (HasMetadata object : owned) {
            List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
            assertEquals(1, owners.size(), object.getKind() + " " + owners);
            assertEquals(created.getMetadata().getUid(), owners.get(0).getUid(), object.getKind());
            assertEquals("DistDBCluster", owners.get(0).getKind());
            assertTrue(owners.get(0).getController(), object.getKind());
        }
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("create").get().getSpec().getReplicas());
        assertEquals(3, client.pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", "create").list()
                .getItems().size(), "the StatefulSet controller made the pods");
        assertEquals(3, client.persistentVolumeClaims().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("data-create-")).count());

        DistDBClusterStatus status = ready.getStatus();
        assertEquals(ready.getMetadata().getGeneration(), status.getObservedGeneration());
        assertEquals(3, status.getReadyReplicas());
        assertEquals(3, status.getTargetReplicas());
        assertEquals(1L, status.getTopologyEpoch());
        assertEquals(List.of("create-0", "create-1", "create-2"), status.getTopology().getMembers().stream()
                .map(m -> m.getId()).toList());
        assertEquals("AllNodesReady", condition(status, Condition.READY).getReason());
        assertTrue(condition(status, Condition.READY).isTrue());
        assertEquals("Idle", condition(status, Condition.SCALING).getReason());
        assertEquals("False", condition(status, Condition.DEGRADED).getStatus());
        awaitEvents("create", Set.of("Creating", "TopologyPublished", "ClusterReady"));
        assertEquals(1L, kubelet.epochOf("create-2"), "the nodes got the first topology");
    }

    @Test
    void changingReplicasScalesThroughTheStateMachineAndBack() {
        apply("scale", 3);
        awaitStatus("scale", "phase Ready", s -> s.getPhase() == Phase.Ready);

        DistDBCluster cluster = get("scale");
        cluster.getSpec().setReplicas(5);
        DistDBCluster updated = client.resource(cluster).update();
        awaitStatus("scale", "phase ScalingUp", s -> s.getPhase() == Phase.ScalingUp);
        DistDBCluster five = awaitStatus("scale", "5 ready nodes at the final epoch",
                s -> s.getPhase() == Phase.Ready && s.getTopology().getMembers().size() == 5);
        assertEquals(updated.getMetadata().getGeneration(), five.getStatus().getObservedGeneration());
        assertEquals(3L, five.getStatus().getTopologyEpoch(), "epoch 2 with the new nodes JOINING, 3 all NORMAL");
        assertTrue(five.getStatus().getTopology().getMembers().stream().allMatch(m -> m.getState() == MemberState.NORMAL));
        assertEquals(5, five.getStatus().getReadyReplicas());
        assertEquals(5, client.apps().statefulSets().inNamespace(NS).withName("scale").get().getSpec().getReplicas());
        assertEquals(null, five.getStatus().getScaling());

        five.getSpec().setReplicas(3);
        client.resource(five).update();
        awaitStatus("scale", "phase ScalingDown", s -> s.getPhase() == Phase.ScalingDown);
        DistDBCluster three = awaitStatus("scale", "3 ready nodes after the drain",
                s -> s.getPhase() == Phase.Ready && s.getTopology().getMembers().size() == 3);
        assertEquals(5L, three.getStatus().getTopologyEpoch(), "epoch 4 with two LEAVING, 5 without them");
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("scale").get().getSpec().getReplicas());
        awaitTrue("the volume claims of the removed nodes to be deleted", () -> client.persistentVolumeClaims()
                .inNamespace(NS).list().getItems().stream().map(p -> p.getMetadata().getName())
                .filter(n -> n.startsWith("data-scale-")).sorted().toList()
                .equals(List.of("data-scale-0", "data-scale-1", "data-scale-2")));
        assertTrue(kubelet.drainedBeforeStopped("scale-3") && kubelet.drainedBeforeStopped("scale-4"),
                "the leaving nodes reported DRAINED before their pods went away");
        awaitEvents("scale", Set.of("ScalingStarted", "StatefulSetScaled", "TopologyPublished", "NodeDrained",
                "VolumesReleased", "ScalingCompleted"));
    }

    @Test
    void deletingTheClusterDeletesWhatItOwns() {
        apply("delete", 3);
        awaitStatus("delete", "phase Ready", s -> s.getPhase() == Phase.Ready);
        assertEquals(7, ownedObjects("delete").size());

        client.resources(DistDBCluster.class).inNamespace(NS).withName("delete").delete();

        awaitTrue("the garbage collector to delete the owned objects", () -> ownedObjects("delete").isEmpty());
        awaitTrue("the pods to go with their StatefulSet", () -> client.pods().inNamespace(NS)
                .withLabel("app.kubernetes.io/instance", "delete").list().getItems().isEmpty());
        assertNotNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-delete-0").get(),
                "volume claims are kept when the cluster is deleted");
    }

    private static String revisionOf(String pod) {
        var p = client.pods().inNamespace(NS).withName(pod).get();
        return p == null || p.getMetadata().getDeletionTimestamp() != null ? null
                : p.getMetadata().getLabels().get("controller-revision-hash");
    }

    @Test
    void changingTheImageReplacesOneNodeAtATimeEachAfterTheLastHasCaughtUp() {
        apply("upgrade", 3);
        awaitStatus("upgrade", "phase Ready", s -> s.getPhase() == Phase.Ready);
        var sts = client.apps().statefulSets().inNamespace(NS).withName("upgrade");
        String oldRevision = revisionOf("upgrade-0");
        assertEquals(oldRevision, revisionOf("upgrade-2"));
        kubelet.lagAfterRestart(true);

        DistDBCluster cluster = get("upgrade");
        cluster.getSpec().setImage("distdb/dbnode:2");
        client.resource(cluster).update();

        awaitTrue("upgrade-2 to be replaced", () -> {
            String revision = revisionOf("upgrade-2");
            return revision != null && !revision.equals(oldRevision);
        });
        String newRevision = revisionOf("upgrade-2");
        DistDBCluster upgrading = awaitStatus("upgrade", "phase Upgrading waiting for upgrade-2 to catch up",
                s -> s.getPhase() == Phase.Upgrading
                        && "WaitNodeCaughtUp".equals(s.condition(Condition.UPGRADING).map(Condition::getReason).orElse("")));
        assertTrue(upgrading.getStatus().condition(Condition.UPGRADING).orElseThrow().getMessage().contains("upgrade-2"));
        // The replaced node is Ready but still starting: after three more passes that saw it so, nothing else
        // has moved.
        int seen = kubelet.laggingAnswers("upgrade-2");
        awaitTrue("three more passes that find upgrade-2 still starting", () -> kubelet.laggingAnswers("upgrade-2") >= seen + 3);
        assertEquals(2, sts.get().getSpec().getUpdateStrategy().getRollingUpdate().getPartition());
        assertEquals(oldRevision, revisionOf("upgrade-1"));
        assertEquals(oldRevision, revisionOf("upgrade-0"));

        kubelet.lagAfterRestart(false);
        kubelet.setLagging("upgrade-2", false);
        awaitTrue("every pod on the new template", () -> newRevision.equals(revisionOf("upgrade-0"))
                && newRevision.equals(revisionOf("upgrade-1")) && newRevision.equals(revisionOf("upgrade-2")));
        DistDBCluster done = awaitStatus("upgrade", "phase Ready after the update", s -> s.getPhase() == Phase.Ready
                && "UpToDate".equals(s.condition(Condition.UPGRADING).map(Condition::getReason).orElse("")));
        assertEquals(0, sts.get().getSpec().getUpdateStrategy().getRollingUpdate().getPartition());
        assertEquals("distdb/dbnode:2", sts.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(1L, done.getStatus().getTopologyEpoch(), "an image change does not touch the topology");

        List<String> restarts = kubelet.log().stream().filter(l -> l.startsWith("start upgrade-") && l.endsWith(newRevision))
                .map(l -> l.split(" ")[1]).toList();
        assertEquals(List.of("upgrade-2", "upgrade-1", "upgrade-0"), restarts, kubelet.log().toString());
        awaitEvents("upgrade", Set.of("PodTemplateChanged", "RollingUpdateStarted", "ReplacingNode",
                "RollingUpdateCompleted"));
    }

    @Test
    void thePauseAnnotationStopsChangesAtOnceUntilItIsRemoved() {
        apply("paused", 3);
        awaitStatus("paused", "phase Ready", s -> s.getPhase() == Phase.Ready);

        // Only metadata changes: no new generation, yet the operator sees it at once (not at its idle minute).
        client.resources(DistDBCluster.class).inNamespace(NS).withName("paused")
                .edit(c -> {
                    c.getMetadata().setAnnotations(Map.of(DistDBCluster.PAUSE_ANNOTATION, "true"));
                    return c;
                });
        // That a metadata-only change starts a pass at once, rather than at the idle minute, is
        // ReconcileTriggersTest's to show; here, that the pass pauses.
        DistDBCluster paused = awaitStatus("paused", "phase Paused", s -> s.getPhase() == Phase.Paused);
        assertTrue(condition(paused.getStatus(), Condition.PAUSED).isTrue());

        paused.getSpec().setReplicas(4);
        long generation = client.resource(paused).update().getMetadata().getGeneration();
        // The pass that saw the new replica count has recorded it as observed, and changed nothing.
        awaitStatus("paused", "the new generation observed while paused",
                s -> s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("paused").get().getSpec().getReplicas());
        assertEquals(Phase.Paused, get("paused").getStatus().getPhase());

        client.resources(DistDBCluster.class).inNamespace(NS).withName("paused")
                .edit(c -> {
                    c.getMetadata().setAnnotations(Map.of());
                    return c;
                });
        DistDBCluster four = awaitStatus("paused", "4 ready nodes after resuming",
                s -> s.getPhase() == Phase.Ready && s.getTopology().getMembers().size() == 4);
        assertEquals("False", condition(four.getStatus(), Condition.PAUSED).getStatus());
        awaitEvents("paused", Set.of("Paused"));
    }

    @Test
    void theOperatorServesPrometheusMetricsAndHealth() throws Exception {
        apply("metrics", 3);
        awaitStatus("metrics", "phase Ready", s -> s.getPhase() == Phase.Ready);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + OperatorOnApiServerIT.http.getAddress().getPort();
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("operator_sdk_reconciliations_success_total"), scrape.body());
        assertTrue(scrape.body().contains("name=\"metrics\""), "per-cluster series");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    /**
     * Two operator replicas with leader election on one Lease: only the holder reconciles (the other never calls
     * a node); when it stops, the other takes the Lease over and carries on.
     */
    @Test
    void onlyTheLeaseHolderReconcilesAndTheOtherReplicaTakesOver() throws Exception {
        String ns = "distdb-operator-ha";
        client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        try (FakeKubelet haKubelet = new FakeKubelet(client, ns, new FakeNodes(2))) {
            haKubelet.start();
            Map<String, AtomicInteger> nodeCalls = Map.of("operator-a", new AtomicInteger(),
                    "operator-b", new AtomicInteger());
            Map<String, Operator> replicas = new java.util.HashMap<>();
            List<KubernetesClient> clients = new java.util.ArrayList<>();
            try {
                for (String identity : List.of("operator-a", "operator-b")) {
                    KubernetesClient replicaClient = new KubernetesClientBuilder()
                            .withConfig(Config.fromKubeconfig(Files.readString(k8s.kubeconfig()))).build();
                    clients.add(replicaClient);
                    NodeAdminFactory counting = (names, token) -> {
                        nodeCalls.get(identity).incrementAndGet();
                        return haKubelet.nodeAdmin();
                    };
                    Operator replica = OperatorMain.create(replicaClient, settings(ns), counting,
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(1),
                            LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("distdb-operator-leader")
                                    .withLeaseNamespace(ns).withIdentity(identity)
                                    .withLeaseDuration(Duration.ofSeconds(4)).withRenewDeadline(Duration.ofSeconds(3))
                                    .withRetryPeriod(Duration.ofSeconds(1)).buildForTest(false));
                    replica.start();
                    replicas.put(identity, replica);
                }
                Supplier<String> holder = () -> {
                    var lease = client.leases().inNamespace(ns).withName("distdb-operator-leader").get();
                    return lease == null ? null : lease.getSpec().getHolderIdentity();
                };
                awaitTrue("a replica to hold the Lease", () -> holder.get() != null);

                apply(ns, "ha", 3);
                awaitStatus(ns, "ha", "phase Ready", s -> s.getPhase() == Phase.Ready);
                String leader = holder.get();
                String follower = leader.equals("operator-a") ? "operator-b" : "operator-a";
                assertTrue(nodeCalls.get(leader).get() > 0, "the leader reconciled");
                assertEquals(0, nodeCalls.get(follower).get(), "the other replica did nothing");

                replicas.remove(leader).stop();
                awaitTrue("the other replica to take the Lease over", () -> follower.equals(holder.get()));
                DistDBCluster cluster = client.resources(DistDBCluster.class).inNamespace(ns).withName("ha").get();
                cluster.getSpec().setReplicas(4);
                client.resource(cluster).update();
                awaitStatus(ns, "ha", "4 ready nodes under the new leader",
                        s -> s.getPhase() == Phase.Ready && s.getTopology().getMembers().size() == 4);
                assertTrue(nodeCalls.get(follower).get() > 0, "the new leader reconciled");
            } finally {
                replicas.values().forEach(Operator::stop);
                clients.forEach(KubernetesClient::close);
            }
        }
    }
}
