package io.distdb.operator.reconcile;

import io.distdb.admin.api.MemberState;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.model.NodeStatefulSet;
import io.distdb.operator.model.OperatorIdentity;
import io.distdb.operator.nodes.FakeNodes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconciliation chain against a Kubernetes API: the Fabric8 mock server in CRUD mode here. The test only
 * needs a {@link KubernetesClient}, so the same scenario can run against a real control plane. What a real
 * cluster would do on its own (the StatefulSet controller starting pods, the garbage collector deleting owned
 * objects) the test does by hand or checks through owner references.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterReconciliationTest {

    static final String NS = "ns";

    KubernetesMockServer server;
    KubernetesClient client;
    FakeNodes nodes;
    ClusterReconciliation reconciliation;
    final java.util.List<String> eventReasons = new java.util.ArrayList<>();
    io.distdb.operator.nodes.NodeCredentials lastCredentials;

    /** The reconciliation's clock; tests move it to certificates' renewal time. */
    final MovableClock clock = new MovableClock(java.time.Instant.now());

    static final class MovableClock extends Clock {
        private java.time.Instant now;

        MovableClock(java.time.Instant now) {
            this.now = now;
        }

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        nodes = new FakeNodes(1);
        EventRecorder recorder = (cluster, event) -> {
            eventReasons.add(event.reason());
            new KubernetesEventRecorder(client, Clock.systemUTC()).record(cluster, event);
        };
        reconciliation = new ClusterReconciliation(client,
                new OwnedResources(client, new OperatorIdentity("distdb-system", OperatorIdentity.DEFAULT_POD_LABELS)),
                (names, credentials) -> {
                    assertTrue(credentials.adminToken().length() >= 32, "the generated admin token reaches the node client");
                    lastCredentials = credentials;
                    return nodes;
                }, recorder, clock);
    }

    DistDBCluster create(int replicas) {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace(NS).build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setReplicas(replicas);
        spec.setImage("distdb/node:test");
        cluster.setSpec(spec);
        return client.resource(cluster).create();
    }

    DistDBCluster current() {
        return client.resources(DistDBCluster.class).inNamespace(NS).withName("db").get();
    }

    ClusterReconciliation.Outcome reconcile() {
        ClusterReconciliation.Outcome outcome = reconciliation.reconcile(current());
        startPodsLikeTheStatefulSetController();
        nodes.tick();
        return outcome;
    }

    /** Pods for the StatefulSet's replicas, ready at once; pods beyond it deleted. */
    void startPodsLikeTheStatefulSetController() {
        StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        int replicas = sts == null ? 0 : sts.getSpec().getReplicas();
        for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
            int ordinal = Integer.parseInt(pod.getMetadata().getName().substring(3));
            if (ordinal >= replicas) {
                client.resource(pod).delete();
                nodes.stop(pod.getMetadata().getName());
            }
        }
        for (int i = 0; i < replicas; i++) {
            String name = "db-" + i;
            if (client.pods().inNamespace(NS).withName(name).get() == null) {
                client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                        .withLabels(sts.getSpec().getSelector().getMatchLabels()).endMetadata()
                        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                        .build()).create();
                client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-" + name)
                        .withNamespace(NS).endMetadata().build()).createOr(c -> c.update());
                nodes.start(name);
            }
        }
    }

    int reconcileUntilSettled() {
        for (int i = 1; i <= 40; i++) {
            if (!reconcile().inProgress()) {
                return i;
            }
        }
        throw new AssertionError("not settled: " + current().getStatus().getPhase() + " " + eventReasons);
    }

    @Test
    void createsTheOwnedObjectsWithOwnerReferencesAndWritesStatus() {
        DistDBCluster cluster = create(3);
        reconcile();

        String uid = cluster.getMetadata().getUid();
        List<HasMetadata> owned = List.of(
                client.apps().statefulSets().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db-peers").get(),
                client.configMaps().inNamespace(NS).withName("db-config").get(),
                client.secrets().inNamespace(NS).withName("db-admin-token").get(),
                client.secrets().inNamespace(NS).withName("db-ca").get(),
                client.secrets().inNamespace(NS).withName("db-node-tls").get(),
                client.secrets().inNamespace(NS).withName("db-operator-tls").get(),
                client.secrets().inNamespace(NS).withName("db-client").get(),
                client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("db").get(),
                client.network().v1().networkPolicies().inNamespace(NS).withName("db-admin").get());
        for (HasMetadata object : owned) {
            assertNotNull(object);
            OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
            assertEquals(uid, owner.getUid(), object.getKind() + " is owned, so deleting the cluster deletes it");
            assertEquals("DistDBCluster", owner.getKind());
            assertTrue(owner.getController());
        }
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());

        DistDBCluster written = current();
        assertEquals(Phase.Creating, written.getStatus().getPhase());
        assertTrue(written.getStatus().condition("Ready").isPresent());

        reconcileUntilSettled();
        DistDBCluster ready = current();
        assertEquals(Phase.Ready, ready.getStatus().getPhase());
        assertEquals(1L, ready.getStatus().getTopologyEpoch());
        assertEquals(3, ready.getStatus().getReadyReplicas());
        assertEquals(1L, nodes.status("db-2").topologyEpoch());
        assertTrue(client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> "ClusterReady".equals(e.getReason())
                        && "db".equals(e.getInvolvedObject().getName())));
    }

    /**
     * A settled cluster's owned objects (among them the client Service with its two ports and the NetworkPolicy
     * admitting both) are not written again by later passes.
     */
    @Test
    void laterPassesRewriteNothing() {
        create(3);
        reconcileUntilSettled();
        assertEquals(List.of("http", "postgres"), client.services().inNamespace(NS).withName("db").get().getSpec()
                .getPorts().stream().map(p -> p.getName()).toList());
        Map<String, String> versions = ownedResourceVersions();
        reconcile();
        reconcile();
        assertEquals(versions, ownedResourceVersions(), "an unchanged object is not written");
    }

    Map<String, String> ownedResourceVersions() {
        Map<String, String> versions = new java.util.TreeMap<>();
        List<HasMetadata> owned = List.of(
                client.apps().statefulSets().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db").get(),
                client.services().inNamespace(NS).withName("db-peers").get(),
                client.configMaps().inNamespace(NS).withName("db-config").get(),
                client.secrets().inNamespace(NS).withName("db-admin-token").get(),
                client.secrets().inNamespace(NS).withName("db-node-tls").get(),
                client.secrets().inNamespace(NS).withName("db-operator-tls").get(),
                client.secrets().inNamespace(NS).withName("db-client").get(),
                client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("db").get(),
                client.network().v1().networkPolicies().inNamespace(NS).withName("db-admin").get());
        for (HasMetadata object : owned) {
            versions.put(object.getKind() + "/" + object.getMetadata().getName(), object.getMetadata().getResourceVersion());
        }
        return versions;
    }

    @Test
    void scalesUpAndDownThroughTheNodesAndReleasesTheVolumesOfRemovedNodes() {
        create(3);
        reconcileUntilSettled();

        DistDBCluster cluster = current();
        cluster.getSpec().setReplicas(5);
        client.resource(cluster).update();
        reconcileUntilSettled();
        DistDBCluster five = current();
        assertEquals(Phase.Ready, five.getStatus().getPhase());
        assertEquals(3L, five.getStatus().getTopologyEpoch(), "joining epoch, then the final one");
        assertEquals(5, five.getStatus().getTopology().getMembers().size());
        assertTrue(five.getStatus().getTopology().getMembers().stream().allMatch(m -> m.getState() == MemberState.NORMAL));

        five.getSpec().setReplicas(3);
        client.resource(five).update();
        reconcileUntilSettled();
        DistDBCluster three = current();
        assertEquals(5L, three.getStatus().getTopologyEpoch());
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());
        assertNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-3").get());
        assertNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-4").get());
        assertNotNull(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-2").get());
        assertTrue(eventReasons.containsAll(List.of("ScalingStarted", "TopologyPublished", "NodeDrained",
                "VolumesReleased", "ScalingCompleted")));
    }

    @Test
    void aPausedClusterIsLeftAlone() {
        create(3);
        reconcileUntilSettled();
        DistDBCluster cluster = current();
        cluster.getMetadata().setAnnotations(Map.of(DistDBCluster.PAUSE_ANNOTATION, "true"));
        cluster.getSpec().setReplicas(4);
        client.resource(cluster).update();
        reconcile();
        assertEquals(Phase.Paused, current().getStatus().getPhase());
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());
    }

    @Test
    void anInvalidSpecIsReportedAndNothingIsCreated() {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace(NS).build());
        cluster.setSpec(new DistDBClusterSpec()); // no image
        client.resource(cluster).create();
        reconcile();
        assertEquals(Phase.Invalid, current().getStatus().getPhase());
        assertTrue(current().getStatus().getLastError().contains("spec.image"));
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("db").get());
        assertTrue(IntStream.range(0, 1).allMatch(i -> eventReasons.contains("InvalidSpec")));
    }

    @Test
    void aNewImageIsWrittenWithThePartitionAtTheReplicaCountSoTheOperatorReleasesEachPod() {
        create(3);
        reconcileUntilSettled();
        StatefulSet before = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        assertEquals(0, before.getSpec().getUpdateStrategy().getRollingUpdate().getPartition());

        DistDBCluster cluster = current();
        cluster.getSpec().setImage("distdb/node:next");
        client.resource(cluster).update();
        reconcile();

        StatefulSet after = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        // (The mock server's merge patch keeps the old container list; OperatorOnApiServerIT checks the image on a
        // real API server.)
        assertNotEquals(NodeStatefulSet.templateHash(before), NodeStatefulSet.templateHash(after));
        assertEquals(3, after.getSpec().getUpdateStrategy().getRollingUpdate().getPartition(),
                "the StatefulSet controller may replace no pod before the operator lowers the partition");
        assertTrue(eventReasons.contains("PodTemplateChanged"), eventReasons.toString());

        reconcile();
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec()
                .getUpdateStrategy().getRollingUpdate().getPartition(), "held until the controller reports the revision");
        assertEquals(Phase.Upgrading, current().getStatus().getPhase());
    }

    Map<String, String> secretFiles(String name) {
        return io.distdb.operator.model.SecretData.readAll(client.secrets().inNamespace(NS).withName(name).get());
    }

    String templateCertificates() {
        return client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getTemplate().getMetadata()
                .getAnnotations().get("distdb.io/tls-certificates");
    }

    @Test
    void aNewClusterRunsWithTlsAndAGeneratedClientCredential() {
        create(3);
        reconcileUntilSettled();

        Map<String, String> nodeTls = secretFiles("db-node-tls");
        assertEquals(java.util.Set.of("ca.crt", "db-0.crt", "db-0.key", "db-1.crt", "db-1.key", "db-2.crt", "db-2.key"),
                nodeTls.keySet());
        var ca = io.distdb.operator.tls.Pem.certificates(secretFiles("db-ca").get("ca.crt")).get(0);
        var node = io.distdb.operator.tls.Pem.certificates(nodeTls.get("db-1.crt")).get(0);
        assertEquals("CN=db-1,O=distdb-node", node.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), node.getIssuerX500Principal());
        assertEquals(secretFiles("db-ca").get("ca.crt"), nodeTls.get("ca.crt"));

        Map<String, String> clientSecret = secretFiles("db-client");
        assertTrue(clientSecret.get("token").matches("[0-9a-f]{64}"));
        assertEquals(nodeTls.get("ca.crt"), clientSecret.get("ca.crt"), "one Secret gives an application the token and the CA");
        assertEquals(java.util.Set.of("tls.crt", "tls.key", "ca.crt"), secretFiles("db-operator-tls").keySet());
        assertNull(client.secrets().inNamespace(NS).withName("db-peer-token").get());

        DistDBCluster ready = current();
        assertEquals("db-client", ready.getStatus().getClientSecret());
        assertNotNull(ready.getStatus().getTls().getNotAfter());
        assertEquals(templateCertificates(), ready.getStatus().getTls().getCertificates());
        assertTrue(lastCredentials.tls().isPresent(), "the operator calls the nodes over mutual TLS");

        String token = clientSecret.get("token");
        reconcile();
        assertEquals(token, secretFiles("db-client").get("token"), "the generated token is kept");
    }

    @Test
    void withoutTlsThePeerTokenReplacesTheCertificates() {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace(NS).build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setReplicas(1);
        spec.setReplicationFactor(1);
        spec.setImage("distdb/node:test");
        spec.getTls().setEnabled(false);
        spec.getAuth().setClientAuthentication(false);
        cluster.setSpec(spec);
        client.resource(cluster).create();
        reconcileUntilSettled();

        assertTrue(secretFiles("db-peer-token").get("token").matches("[0-9a-f]{64}"));
        assertTrue(secretFiles("db-metrics-token").get("token").matches("[0-9a-f]{64}"));
        for (String none : List.of("db-ca", "db-node-tls", "db-operator-tls", "db-client")) {
            assertNull(client.secrets().inNamespace(NS).withName(none).get(), none);
        }
        assertTrue(lastCredentials.tls().isEmpty());
        assertNull(current().getStatus().getClientSecret());
        assertNull(current().getStatus().getTls());
    }

    @Test
    void certificatesAreRenewedWithAThirdOfTheirLifetimeLeftAndRolledThroughThePartition() {
        create(3);
        reconcileUntilSettled();
        String before = templateCertificates();
        String operatorBefore = secretFiles("db-operator-tls").get("tls.crt");

        clock.advance(java.time.Duration.ofDays(59));
        reconcile();
        assertEquals(before, templateCertificates(), "two thirds of 90 days not yet passed");

        clock.advance(java.time.Duration.ofDays(2));
        reconcile();
        assertNotEquals(before, templateCertificates());
        assertTrue(eventReasons.contains("CertificatesRotated"), eventReasons.toString());
        assertNotEquals(operatorBefore, secretFiles("db-operator-tls").get("tls.crt"));
        var renewed = io.distdb.operator.tls.Pem.certificates(secretFiles("db-node-tls").get("db-0.crt")).get(0);
        assertTrue(renewed.getNotAfter().toInstant().isAfter(clock.instant().plus(java.time.Duration.ofDays(89))));
        assertEquals(3, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec()
                .getUpdateStrategy().getRollingUpdate().getPartition(), "the operator releases one pod at a time");
        assertTrue(eventReasons.contains("PodTemplateChanged"));
    }

    @Test
    void aScaleUpIssuesTheNewNodesCertificatesBeforeTheirPodsAndRestartsNoOne() {
        create(3);
        reconcileUntilSettled();
        String before = templateCertificates();
        DistDBCluster cluster = current();
        cluster.getSpec().setReplicas(5);
        client.resource(cluster).update();
        reconciliation.reconcile(current());
        assertEquals(5, client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas());
        assertTrue(secretFiles("db-node-tls").containsKey("db-4.crt"), "there before the pod starts");
        assertEquals(before, templateCertificates());
    }

    @Test
    void aCertManagerCaIssuerSecretSignsTheCertificates() {
        var ca = io.distdb.operator.tls.CertificateAuthority.generate("user", clock.instant());
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("my-ca")
                .withNamespace(NS).endMetadata().withType("kubernetes.io/tls")
                .withData(io.distdb.operator.model.SecretData.encode(Map.of(
                        "tls.crt", io.distdb.operator.tls.Pem.write(ca.certificate()),
                        "tls.key", io.distdb.operator.tls.Pem.write(ca.key()),
                        "ca.crt", io.distdb.operator.tls.Pem.write(ca.certificate())))).build()).create();
        DistDBCluster cluster = create(3);
        cluster.getSpec().getTls().setIssuerSecret("my-ca");
        client.resource(cluster).update();
        reconcileUntilSettled();
        var node = io.distdb.operator.tls.Pem.certificates(secretFiles("db-node-tls").get("db-0.crt"));
        assertEquals(1, node.size(), "a root signs: no intermediate sent along");
        assertTrue(ca.signed(node.get(0)));
        assertNull(client.secrets().inNamespace(NS).withName("db-ca").get(), "no CA generated");
    }

    @Test
    void anIssuerSecretThatCannotSignMakesTheSpecInvalid() {
        DistDBCluster cluster = create(3);
        cluster.getSpec().getTls().setIssuerSecret("missing");
        client.resource(cluster).update();
        reconcile();
        assertEquals(Phase.Invalid, current().getStatus().getPhase());
        assertEquals("spec.tls.issuerSecret: Secret missing not found", current().getStatus().getLastError());
        assertEquals("spec.tls.issuerSecret: Secret missing not found",
                current().getStatus().condition("Ready").orElseThrow().getMessage());
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("db").get());
    }

    /** The chart's RBAC grants get, create and patch on Secrets: no list, watch, update or delete. */
    @Test
    void secretsAreOnlyReadByNameCreatedAndPatched() throws Exception {
        while (server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
            // earlier requests
        }
        create(3);
        reconcileUntilSettled();
        clock.advance(java.time.Duration.ofDays(61));
        reconcile();
        java.util.Set<String> verbs = new java.util.TreeSet<>();
        for (var request = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS); request != null;
             request = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            String path = request.getPath();
            if (!path.contains("/secrets")) {
                continue;
            }
            boolean named = path.matches(".*/secrets/[^/?]+(\\?.*)?");
            assertTrue(named || request.getMethod().equals("POST"), "a Secret request by name: " + request.getMethod() + " " + path);
            assertTrue(!path.contains("watch"), path);
            verbs.add(request.getMethod());
        }
        assertEquals(java.util.Set.of("GET", "POST", "PATCH"), verbs);
    }
}
