package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.crd.SecretKeyRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBuildersTest {

    static DistDBCluster cluster() {
        DistDBCluster cluster = new DistDBCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("ns").withUid("uid-1").build());
        DistDBClusterSpec spec = new DistDBClusterSpec();
        spec.setImage("distdb/node:1");
        cluster.setSpec(spec);
        return cluster;
    }

    @Test
    void namesAndAddressesDeriveFromTheClusterName() {
        ClusterNames names = ClusterNames.of(cluster());
        assertEquals("db-2", names.pod(2));
        assertEquals("db-2.db-peers.ns.svc:9090", names.memberAddress(2));
        assertEquals("data-db-2", names.volumeClaim(2));
        assertEquals(2, names.ordinalOf("db-2").orElseThrow());
        assertEquals(2, names.claimOrdinalOf("data-db-2").orElseThrow());
        assertTrue(names.ordinalOf("db-peers").isEmpty());
        assertTrue(names.ordinalOf("dbx-1").isEmpty());
    }

    @Test
    void statefulSetTakesItsReplicasFromTheCallerAndRunsNodesSafely() {
        StatefulSet sts = NodeStatefulSet.build(cluster(), 4);
        assertEquals(4, sts.getSpec().getReplicas());
        assertEquals("db-peers", sts.getSpec().getServiceName());
        assertEquals("Retain", sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
        assertEquals("uid-1", sts.getMetadata().getOwnerReferences().get(0).getUid());
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(60L, pod.getTerminationGracePeriodSeconds());
        Container node = pod.getContainers().get(0);
        assertEquals("distdb/node:1", node.getImage());
        assertEquals("/q/health/ready", node.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", node.getLivenessProbe().getHttpGet().getPath());
        assertEquals("metadata.name", node.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath());
        assertTrue(node.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals("db-admin-token", pod.getVolumes().get(0).getSecret().getSecretName());
        assertEquals("10Gi", sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage").toString());
        assertEquals("kubernetes.io/hostname", pod.getTopologySpreadConstraints().get(0).getTopologyKey(),
                "spread across hosts by default");
    }

    @Test
    void userSchedulingReplacesTheDefaultSpread() {
        DistDBCluster cluster = cluster();
        cluster.getSpec().getScheduling().setNodeSelector(Map.of("disk", "ssd"));
        cluster.getSpec().getScheduling().setTolerations(List.of(new TolerationBuilder().withKey("dedicated")
                .withOperator("Exists").build()));
        cluster.getSpec().getScheduling().setAffinity(new io.fabric8.kubernetes.api.model.Affinity());
        cluster.getSpec().getStorage().setStorageClassName("fast");
        StatefulSet sts = NodeStatefulSet.build(cluster, 3);
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertEquals(Map.of("disk", "ssd"), pod.getNodeSelector());
        assertEquals("dedicated", pod.getTolerations().get(0).getKey());
        assertNull(pod.getTopologySpreadConstraints());
        assertEquals("fast", sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
    }

    @Test
    void servicesSelectTheNodesAndThePeerServiceIsHeadless() {
        Service peers = PeerService.build(cluster());
        assertEquals("None", peers.getSpec().getClusterIP());
        assertTrue(peers.getSpec().getPublishNotReadyAddresses());
        assertEquals(List.of(8080, 9090, 9190), peers.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
        Service client = ClientService.build(cluster());
        assertEquals(List.of(8080, 5432), client.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
        assertEquals(ClusterNames.of(cluster()).selectorLabels(), client.getSpec().getSelector());
    }

    /** {@code psql -h <name> -p 5432} reaches a node's PostgreSQL port; the HTTP client API stays on 8080. */
    @Test
    void theClientServiceExposesSqlOverThePostgresProtocolOnTheNodesPostgresPort() {
        Service client = ClientService.build(cluster());
        var http = client.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
        assertEquals(8080, http.getPort());
        var postgres = client.getSpec().getPorts().stream().filter(p -> "postgres".equals(p.getName()))
                .findFirst().orElseThrow();
        assertEquals(5432, postgres.getPort());
        assertEquals("TCP", postgres.getProtocol());
        assertEquals("postgres", postgres.getTargetPort().getStrVal(), "targets the container port by name");

        Container node = NodeStatefulSet.build(cluster(), 3).getSpec().getTemplate().getSpec().getContainers().get(0);
        var containerPort = node.getPorts().stream().filter(p -> "postgres".equals(p.getName())).findFirst().orElseThrow();
        assertEquals(5432, containerPort.getContainerPort());
        assertEquals("5432", NodeConfigMap.build(cluster()).getData().get("DISTDB_PG_PORT"),
                "the node listens where the container port says");
        assertEquals(List.of("http", "postgres", "admin", "metadata"), node.getPorts().stream().map(p -> p.getName()).toList());
    }

    @Test
    void configMapCarriesTheNodeSettings() {
        DistDBCluster cluster = cluster();
        cluster.getSpec().getRebalance().setBytesPerSecond(1024L);
        ConfigMap config = NodeConfigMap.build(cluster);
        assertEquals("9090", config.getData().get("DISTDB_ADMIN_PORT"));
        assertEquals("9190", config.getData().get("DISTDB_METADATA_PORT"));
        assertEquals("8080", config.getData().get("DISTDB_HTTP_PORT"));
        assertEquals("5432", config.getData().get("DISTDB_PG_PORT"));
        assertEquals("/etc/distdb/admin/token", config.getData().get("DISTDB_ADMIN_TOKEN_FILE"));
        assertEquals("sync", config.getData().get("DISTDB_DURABILITY"));
        assertEquals("1024", config.getData().get("DISTDB_REBALANCE_BYTES_PER_SECOND"));
    }

    @Test
    void adminTokenIsGeneratedRandomlyUnlessTheUserNamesASecret() {
        Secret first = AdminTokenSecret.build(cluster());
        Secret second = AdminTokenSecret.build(cluster());
        assertTrue(first.getImmutable());
        assertNotEquals(first.getStringData().get("token"), second.getStringData().get("token"));
        assertTrue(first.getStringData().get("token").length() >= 40);

        DistDBCluster own = cluster();
        own.getSpec().getAuth().setAdminTokenSecretRef(new SecretKeyRef("mine", "t"));
        assertEquals("mine", AdminTokenSecret.reference(own).getName());
        assertTrue(!AdminTokenSecret.isGenerated(own));
        assertEquals("mine", NodeStatefulSet.build(own, 3).getSpec().getTemplate().getSpec().getVolumes().get(0)
                .getSecret().getSecretName());
    }

    @Test
    void disruptionBudgetAllowsOneNodeDown() {
        PodDisruptionBudget pdb = NodeDisruptionBudget.build(cluster());
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(ClusterNames.of(cluster()).selectorLabels(), pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void networkPolicyAdmitsTheAdminPortOnlyFromTheOperatorAndPeers() {
        NetworkPolicy policy = AdminNetworkPolicy.build(cluster(),
                new OperatorIdentity("distdb-system", OperatorIdentity.DEFAULT_POD_LABELS));
        var admin = policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().get(0).getPort().getIntVal() == 9090).findFirst().orElseThrow();
        assertEquals(2, admin.getFrom().size());
        assertEquals("distdb-system", admin.getFrom().get(0).getNamespaceSelector().getMatchLabels()
                .get("kubernetes.io/metadata.name"));
        assertEquals(OperatorIdentity.DEFAULT_POD_LABELS, admin.getFrom().get(0).getPodSelector().getMatchLabels());
        var client = policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().get(0).getPort().getIntVal() == 8080).findFirst().orElseThrow();
        assertTrue(client.getFrom() == null || client.getFrom().isEmpty(), "the client port is open");
        assertEquals(List.of(8080, 5432), client.getPorts().stream().map(p -> p.getPort().getIntVal()).toList(),
                "the PostgreSQL port is admitted from the same sources as the HTTP client port");
        assertEquals(List.of(8080, 5432, 9090, 9190), policy.getSpec().getIngress().stream()
                .flatMap(r -> r.getPorts().stream()).map(p -> p.getPort().getIntVal()).toList(),
                "no other port is admitted");
        var metadata = policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().get(0).getPort().getIntVal() == 9190).findFirst().orElseThrow();
        assertEquals(List.of(ClusterNames.of(cluster()).selectorLabels()),
                metadata.getFrom().stream().map(f -> f.getPodSelector().getMatchLabels()).toList(),
                "only the cluster's own nodes reach the metadata group's port");
    }

    @Test
    void nodesAwaitTheirTopologyAndKeepThePodNameAsNodeId() {
        DistDBCluster cluster = cluster();
        assertEquals("true", NodeConfigMap.build(cluster).getData().get("DISTDB_AWAIT_TOPOLOGY"),
                "a node started by the operator serves no client data before the operator publishes its topology");
        Container node = NodeStatefulSet.build(cluster, 3).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("DISTDB_NODE_ID", node.getEnv().get(0).getName());
        assertEquals("metadata.name", node.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath());
        assertEquals("db-config", node.getEnvFrom().get(0).getConfigMapRef().getName());
    }

    @Test
    void clientTokenSecretIsMountedAndItsFileNamedUnlessClientAuthenticationIsOff() {
        DistDBCluster open = cluster();
        open.getSpec().getAuth().setClientAuthentication(false);
        assertNull(NodeConfigMap.build(open).getData().get("DISTDB_CLIENT_TOKEN_FILE"));
        PodSpec openPod = NodeStatefulSet.build(open, 3).getSpec().getTemplate().getSpec();
        assertTrue(openPod.getVolumes().stream().noneMatch(v -> v.getName().equals("client-token")));

        DistDBCluster secured = cluster();
        secured.getSpec().getAuth().setClientTokenSecretRef(new SecretKeyRef("clients", "bearer"));
        assertEquals("/etc/distdb/client/token", NodeConfigMap.build(secured).getData().get("DISTDB_CLIENT_TOKEN_FILE"));
        PodSpec pod = NodeStatefulSet.build(secured, 3).getSpec().getTemplate().getSpec();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("client-token")).findFirst().orElseThrow();
        assertEquals("clients", volume.getSecret().getSecretName());
        assertEquals("bearer", volume.getSecret().getItems().get(0).getKey());
        assertEquals("token", volume.getSecret().getItems().get(0).getPath());
        var mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("client-token")).findFirst().orElseThrow();
        assertEquals("/etc/distdb/client", mount.getMountPath());
        assertTrue(mount.getReadOnly());
    }

    @Test
    void theTemplateHashFollowsThePodTemplateAndTheSettingsButNotTheSizeOrPartition() {
        DistDBCluster cluster = cluster();
        String hash = NodeStatefulSet.templateHash(NodeStatefulSet.build(cluster, 3, 0));
        assertEquals(hash, NodeStatefulSet.templateHash(NodeStatefulSet.build(cluster, 5, 2)));

        DistDBCluster newImage = cluster();
        newImage.getSpec().setImage("distdb/node:2");
        assertNotEquals(hash, NodeStatefulSet.templateHash(NodeStatefulSet.build(newImage, 3, 0)));

        DistDBCluster newSettings = cluster();
        newSettings.getSpec().getRebalance().setBytesPerSecond(1L);
        assertNotEquals(hash, NodeStatefulSet.templateHash(NodeStatefulSet.build(newSettings, 3, 0)),
                "nodes read their settings at start, so a settings change replaces them too");
    }

    @Test
    void aChangedTemplateIsWrittenWithThePartitionAtTheReplicaCountSoNoPodIsReplacedUnasked() {
        StatefulSet running = NodeStatefulSet.build(cluster(), 3, 0);
        assertEquals(0, NodeStatefulSet.partitionToWrite(null, running), "a new StatefulSet");
        assertEquals(0, NodeStatefulSet.partitionToWrite(running, NodeStatefulSet.build(cluster(), 3, 0)));
        assertEquals(1, NodeStatefulSet.partitionToWrite(running, NodeStatefulSet.build(cluster(), 3, 1)),
                "the same template: the operator's partition");

        DistDBCluster upgraded = cluster();
        upgraded.getSpec().setImage("distdb/node:2");
        StatefulSet desired = NodeStatefulSet.build(upgraded, 3, 0);
        assertTrue(NodeStatefulSet.templateChanged(running, desired));
        assertEquals(3, NodeStatefulSet.partitionToWrite(running, desired));
        assertEquals(3, NodeStatefulSet.partitionToWrite(running, NodeStatefulSet.build(upgraded, 5, 0)),
                "growing in the same write: the new pods start on the new template, the old ones wait");
        assertEquals("RollingUpdate", desired.getSpec().getUpdateStrategy().getType());
    }

    static Map<String, io.fabric8.kubernetes.api.model.EnvVar> env(Container node) {
        Map<String, io.fabric8.kubernetes.api.model.EnvVar> env = new java.util.LinkedHashMap<>();
        node.getEnv().forEach(e -> env.put(e.getName(), e));
        return env;
    }

    @Test
    void withTlsTheNodesMountTheirCertificatesAndProbeOverHttps() {
        DistDBCluster cluster = cluster();
        StatefulSet sts = NodeStatefulSet.build(cluster, 3, 0, "gen-1");
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        Container node = pod.getContainers().get(0);
        List<String> names = node.getEnv().stream().map(e -> e.getName()).toList();
        assertTrue(names.indexOf("POD_NAME") < names.indexOf("DISTDB_TLS_CERT_FILE"),
                "$(POD_NAME) expands only from a variable defined before");
        assertEquals("metadata.name", env(node).get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("/etc/distdb/tls/$(POD_NAME).crt", env(node).get("DISTDB_TLS_CERT_FILE").getValue());
        assertEquals("/etc/distdb/tls/$(POD_NAME).key", env(node).get("DISTDB_TLS_KEY_FILE").getValue());
        assertEquals("/etc/distdb/tls/ca.crt", env(node).get("DISTDB_TLS_CA_FILE").getValue());
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst().orElseThrow();
        assertEquals("db-node-tls", volume.getSecret().getSecretName());
        assertEquals(0440, volume.getSecret().getDefaultMode());
        assertEquals(NodeStatefulSet.NODE_UID, pod.getSecurityContext().getFsGroup(), "the group that may read them");
        var mount = node.getVolumeMounts().stream().filter(m -> m.getName().equals("tls")).findFirst().orElseThrow();
        assertEquals("/etc/distdb/tls", mount.getMountPath());
        assertTrue(mount.getReadOnly());
        for (var probe : List.of(node.getStartupProbe(), node.getLivenessProbe(), node.getReadinessProbe())) {
            assertEquals("HTTPS", probe.getHttpGet().getScheme());
        }
        assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getName().equals("peer-token")));
        assertNull(NodeConfigMap.build(cluster).getData().get("DISTDB_PEER_TOKEN_FILE"));
        assertTrue(pod.getVolumes().stream().noneMatch(v -> "db-ca".equals(v.getSecret() == null ? null
                : v.getSecret().getSecretName())), "the CA key never reaches a pod");
        assertEquals("gen-1", sts.getSpec().getTemplate().getMetadata().getAnnotations().get("distdb.io/tls-certificates"));
    }

    @Test
    void withoutTlsTheNodesUseThePeerTokenAndPlainHttp() {
        DistDBCluster cluster = cluster();
        cluster.getSpec().getTls().setEnabled(false);
        PodSpec pod = NodeStatefulSet.build(cluster, 3, 0, null).getSpec().getTemplate().getSpec();
        Container node = pod.getContainers().get(0);
        assertTrue(node.getEnv().stream().noneMatch(e -> e.getName().startsWith("DISTDB_TLS_")));
        assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getName().equals("tls")));
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("peer-token")).findFirst().orElseThrow();
        assertEquals("db-peer-token", volume.getSecret().getSecretName());
        assertEquals("/etc/distdb/peer/token", NodeConfigMap.build(cluster).getData().get("DISTDB_PEER_TOKEN_FILE"));
        assertTrue(node.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/distdb/peer")));
        assertEquals("HTTP", node.getReadinessProbe().getHttpGet().getScheme());
    }

    @Test
    void theNodesReadTheMetricsTokenAndNameTheAdminPortForAPodMonitor() {
        DistDBCluster cluster = cluster();
        PodSpec pod = NodeStatefulSet.build(cluster, 3, 0, null).getSpec().getTemplate().getSpec();
        Container node = pod.getContainers().get(0);
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("metrics-token")).findFirst().orElseThrow();
        assertEquals("db-metrics-token", volume.getSecret().getSecretName());
        assertEquals("/etc/distdb/metrics/token", NodeConfigMap.build(cluster).getData().get("DISTDB_METRICS_TOKEN_FILE"));
        assertTrue(node.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/distdb/metrics")));
        assertTrue(node.getPorts().stream().anyMatch(p -> "admin".equals(p.getName()) && p.getContainerPort() == 9090),
                "the chart's PodMonitor selects the port by this name");
        var labels = NodeStatefulSet.build(cluster, 3, 0, null).getSpec().getTemplate().getMetadata().getLabels();
        assertEquals("distdb", labels.get("app.kubernetes.io/name"));
        assertEquals("db", labels.get("app.kubernetes.io/instance"));
        assertEquals("node", labels.get("app.kubernetes.io/component"));
    }

    @Test
    void newCertificatesChangeThePodTemplateSoTheyRollThroughTheRollingUpdate() {
        StatefulSet running = NodeStatefulSet.build(cluster(), 3, 0, "gen-1");
        StatefulSet renewed = NodeStatefulSet.build(cluster(), 3, 0, "gen-2");
        assertTrue(NodeStatefulSet.templateChanged(running, renewed));
        assertEquals(3, NodeStatefulSet.partitionToWrite(running, renewed), "no pod replaced before the operator says");
    }

    @Test
    void theClientTokenIsGeneratedIntoTheClientSecretByDefault() {
        DistDBCluster cluster = cluster();
        assertEquals(new SecretKeyRef("db-client", "token").getName(), ClientSecret.tokenReference(cluster).orElseThrow().getName());
        assertTrue(ClientSecret.generatesToken(cluster));
        assertEquals("/etc/distdb/client/token", NodeConfigMap.build(cluster).getData().get("DISTDB_CLIENT_TOKEN_FILE"));
        var volume = NodeStatefulSet.build(cluster, 3).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("client-token")).findFirst().orElseThrow();
        assertEquals("db-client", volume.getSecret().getSecretName());

        Secret secret = ClientSecret.build(cluster, "abc", "PEM");
        assertEquals(java.util.Set.of("token", "ca.crt"), secret.getData().keySet());
        assertEquals("abc", SecretData.read(secret, "token").orElseThrow());
        assertEquals("uid-1", secret.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(64, SecretData.randomHexToken().length());
        assertTrue(SecretData.randomHexToken().matches("[0-9a-f]{64}"));

        DistDBCluster own = cluster();
        own.getSpec().getAuth().setClientTokenSecretRef(new SecretKeyRef("mine", "t"));
        own.getSpec().getAuth().setClientAuthentication(false);
        assertEquals("mine", ClientSecret.tokenReference(own).orElseThrow().getName(), "a named Secret wins");
        assertTrue(!ClientSecret.generatesToken(own));
        assertTrue(ClientSecret.wanted(own), "with TLS it still carries the CA");
        own.getSpec().getTls().setEnabled(false);
        assertTrue(!ClientSecret.wanted(own));
    }

    @Test
    void theTlsSecretsAreOwnedAndNamedAfterTheCluster() {
        DistDBCluster cluster = cluster();
        var ca = io.distdb.operator.tls.CertificateAuthority.generate("ns/db", java.time.Instant.now());
        List<Secret> secrets = List.of(CaSecret.build(cluster, ca),
                NodeTlsSecret.build(cluster, Map.of("ca.crt", "x"), "g"),
                OperatorTlsSecret.build(cluster, "c", "k", "b"), PeerTokenSecret.build(cluster));
        assertEquals(List.of("db-ca", "db-node-tls", "db-operator-tls", "db-peer-token"),
                secrets.stream().map(s -> s.getMetadata().getName()).toList());
        for (Secret secret : secrets) {
            assertEquals("uid-1", secret.getMetadata().getOwnerReferences().get(0).getUid());
            assertEquals(ClusterNames.of(cluster).labels(), secret.getMetadata().getLabels());
        }
        assertEquals(java.util.Set.of("ca.crt", "ca.key"), secrets.get(0).getData().keySet());
        assertEquals(java.util.Set.of("tls.crt", "tls.key", "ca.crt"), secrets.get(2).getData().keySet());
        assertEquals("g", NodeTlsSecret.generation(secrets.get(1)));
    }
}
