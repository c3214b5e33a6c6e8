package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.packaging.RepoPaths;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A user's first hour, on a real Kubernetes with nothing faked: {@code helm install} of the chart (its CRD, RBAC,
 * leader election, the operator image), {@code kubectl apply -f examples/minimal.yaml}, three real data node
 * pods that the operator, running in the cluster, brings to Ready over the pod network; SQL, items and key-value
 * entries from an application pod through the client Service; a writer pod writing at QUORUM while
 * {@code kubectl scale} takes the cluster from three nodes to five and an edit of {@code spec.replicas} back to
 * three, with every acknowledged write read back; {@code helm upgrade} rolling the operator, {@code helm
 * uninstall} leaving the cluster and its volumes, and deleting the cluster leaving its volumes.
 *
 * <p>The steps build on each other, in order. What they measure is printed and appended to
 * target/product-on-kubernetes.txt.
 */
@K3sTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductOnKubernetesIT {

    private static final String OPERATOR_NS = "distdb-system";
    private static final String RELEASE = "distdb-operator";
    private static final String CLUSTER = "demo";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String WRITER_JAR = "java -XX:+UseSerialGC -Xmx96m -jar /app/distdb-writer.jar";

    private K3sCluster cluster;
    private KubernetesClient client;
    private Helm helm;
    private String ns;
    private String nodeImage;
    private String writerImage;
    private InClusterHttp app;
    private Path report;

    @BeforeAll
    void imagesAndHelm(K3sCluster cluster, KubernetesClient client) throws IOException {
        this.cluster = cluster;
        this.client = client;
        nodeImage = E2eImages.dbnodeImage();
        String operatorImage = E2eImages.operatorImage();
        writerImage = E2eImages.writerImage();
        for (String image : List.of(nodeImage, operatorImage, writerImage)) {
            cluster.loadImage(image);
        }
        helm = Helm.forCluster("helm-k3s", cluster.container().getKubeConfigYaml());
        report = Path.of("target", "product-on-kubernetes.txt").toAbsolutePath();
        Files.writeString(report, "");
    }

    @Test
    @Order(1)
    void helmInstallsTheOperatorWithItsCrdRbacAndLeaderElection() throws IOException {
        String appVersion = YAML.readTree(RepoPaths.chart().resolve("Chart.yaml").toFile()).get("appVersion").asText();
        assertEquals("distdb/distdb-operator:" + appVersion, E2eImages.operatorImage(),
                "the image the build makes is the chart's default");

        long started = System.nanoTime();
        helm.ok(Duration.ofMinutes(6), "install", RELEASE, RepoPaths.chart().toString(), "--namespace", OPERATOR_NS,
                "--create-namespace", "--wait", "--timeout", "5m");
        record("helm install --wait (operator Ready): %d s", seconds(started));

        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName("distdbclusters.distdb.io").get(),
                "the chart installed the CRD");
        Deployment deployment = client.apps().deployments().inNamespace(OPERATOR_NS).withName(RELEASE).get();
        assertTrue(Readiness.getInstance().isReady(deployment), "the operator's Deployment is ready (its /readyz)");
        Pod pod = operatorPod();
        assertEquals("distdb/distdb-operator:" + appVersion, pod.getSpec().getContainers().get(0).getImage());
        awaitTrue("the operator pod to hold the Lease", () -> pod.getMetadata().getName().equals(leaseHolder()));
        awaitTrue("the operator to renew its Lease", () -> {
            Lease lease = client.leases().inNamespace(OPERATOR_NS).withName("distdb-operator-leader").get();
            return lease.getSpec().getRenewTime().isAfter(lease.getSpec().getAcquireTime());
        });
        assertTrue(helm.ok("status", RELEASE, "--namespace", OPERATOR_NS).contains("STATUS: deployed"));
    }

    @Test
    @Order(2)
    void applyingTheMinimalExampleMakesThreeReadyDataNodes() throws IOException {
        Path example = RepoPaths.root().resolve("examples/minimal.yaml");
        assertEquals(nodeImage, YAML.readTree(example.toFile()).get("spec").get("image").asText(),
                "examples/minimal.yaml names the data node image the build makes");
        ns = cluster.createNamespace("demo");

        long started = System.nanoTime();
        String applied = cluster.kubectlOk("apply", "-n", ns, "-f", cluster.copyToNode(example));
        assertTrue(applied.contains("distdbcluster.distdb.io/demo created"), applied);
        String waited = cluster.kubectlOk("wait", "-n", ns, "--for=condition=Ready", "ddb/" + CLUSTER,
                "--timeout=" + READY_TIMEOUT.toSeconds() + "s");
        assertTrue(waited.contains("condition met"), waited);
        record("kubectl apply -f examples/minimal.yaml -> Ready (3 nodes): %d s", seconds(started));

        Map<String, String> row = getDdb();
        assertEquals("3", row.get("REPLICAS"), row.toString());
        assertEquals("3", row.get("READY"), row.toString());
        assertEquals("Ready", row.get("PHASE"), row.toString());
        assertEquals("1", row.get("EPOCH"), row.toString());

        // The pods run the spec the operator wrote.
        List<Pod> pods = nodePods();
        assertEquals(List.of("demo-0", "demo-1", "demo-2"), pods.stream().map(p -> p.getMetadata().getName()).toList());
        for (Pod pod : pods) {
            assertTrue(Readiness.getInstance().isReady(pod), pod.getMetadata().getName() + " Ready");
            OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
            assertEquals("StatefulSet", owner.getKind());
            Container node = pod.getSpec().getContainers().get(0);
            assertEquals(nodeImage, node.getImage());
            assertEquals(Boolean.TRUE, node.getSecurityContext().getReadOnlyRootFilesystem());
            assertNotNull(node.getStartupProbe());
            assertNotNull(node.getReadinessProbe());
            assertTrue(node.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/distdb/admin")),
                    "admin token mounted");
            assertTrue(node.getEnvFrom().stream().anyMatch(e -> (CLUSTER + "-config").equals(e.getConfigMapRef().getName())),
                    "settings from the operator's ConfigMap");
        }
        var sts = client.apps().statefulSets().inNamespace(ns).withName(CLUSTER).get();
        assertEquals("DistDBCluster", sts.getMetadata().getOwnerReferences().get(0).getKind());

        DistDBCluster ddb = ddb();
        assertEquals(Phase.Ready, ddb.getStatus().getPhase());
        assertEquals(ddb.getMetadata().getGeneration(), ddb.getStatus().getObservedGeneration());
        assertEquals(3, ddb.getStatus().getTopology().getMembers().size());
        awaitEvents(Set.of("Creating", "TopologyPublished", "ClusterReady"));
    }

    @Test
    @Order(3)
    void anApplicationPodUsesSqlItemsAndKeyValuesThroughTheClientService() throws Exception {
        startPod("app", List.of("sleep", "infinity"));
        app = new InClusterHttp(cluster, ns, "app");

        sql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT NOT NULL, city TEXT)");
        sql("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount INT)");
        sql("INSERT INTO customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'Arlington'), (3, 'Alan', 'London')");
        sql("INSERT INTO orders VALUES (10, 1, 30), (11, 1, 12), (12, 2, 7), (13, 3, 5), (14, 3, 1)");
        JsonNode result = sql("SELECT c.name, COUNT(*), SUM(o.amount) FROM customers c JOIN orders o "
                + "ON o.customer_id = c.id WHERE c.city = 'London' GROUP BY c.name ORDER BY c.name");
        assertEquals("[[\"Ada\",2,42],[\"Alan\",2,6]]", result.get("rows").toString(), result.toString());

        var put = app.put(CLUSTER, 8080, "/api/v1/items/user-1/profile", "{\"name\":\"Ada\"}");
        assertEquals(200, put.status(), put.body());
        var item = app.get(CLUSTER, 8080, "/api/v1/items/user-1/profile");
        assertEquals(200, item.status(), item.body());
        assertEquals("Ada", JSON.readTree(item.body()).get("value").get("name").asText());

        var kvPut = app.put(CLUSTER, 8080, "/api/v1/kv/cafe01",
                "{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"hello\"}");
        assertEquals(200, kvPut.status(), kvPut.body());
        var kv = app.send("GET", CLUSTER, 8080, "/api/v1/kv/cafe01", null, Map.of("X-DistDB-Consistency", "ALL"));
        assertEquals(200, kv.status(), kv.body());
        assertEquals("hello", JSON.readTree(kv.body()).get("value").asText());
    }

    /** A second, one-node cluster with a client token: without the token its client API answers 401. */
    @Test
    @Order(4)
    void aClusterWithAClientTokenRefusesRequestsWithoutIt() throws Exception {
        String token = "client-" + java.util.UUID.randomUUID();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("secured-client")
                .endMetadata().addToStringData("token", token).build()).create();
        Path manifest = Files.createTempFile("secured", ".yaml");
        Files.writeString(manifest, """
                apiVersion: distdb.io/v1alpha1
                kind: DistDBCluster
                metadata:
                  name: secured
                spec:
                  replicas: 1
                  replicationFactor: 1
                  image: %s
                  storage:
                    size: 1Gi
                  auth:
                    clientTokenSecretRef:
                      name: secured-client
                      key: token
                """.formatted(nodeImage));
        cluster.kubectlOk("apply", "-n", ns, "-f", cluster.copyToNode(manifest));
        cluster.kubectlOk("wait", "-n", ns, "--for=condition=Ready", "ddb/secured", "--timeout=" + READY_TIMEOUT.toSeconds() + "s");

        var anonymous = app.get("secured", 8080, "/api/v1/kv/cafe01");
        assertEquals(401, anonymous.status(), anonymous.body());
        var wrong = app.send("GET", "secured", 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", "Bearer nope"));
        assertTrue(wrong.status() == 401 || wrong.status() == 403, wrong.status() + " " + wrong.body());
        var allowed = app.send("GET", "secured", 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", "Bearer " + token));
        assertEquals(404, allowed.status(), "with the token, an absent key is a 404: " + allowed.body());

        // Its pods would only compete with the scaling test for the two cores.
        cluster.kubectlOk("delete", "-n", ns, "ddb/secured", "--wait=true");
        awaitTrue("the secured cluster's pod to go", () -> client.pods().inNamespace(ns).withName("secured-0").get() == null);
    }

    @Test
    @Order(5)
    void scalingThreeToFiveToThreeUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        startPod("writer", List.of("bash", "-c", WRITER_JAR + " write --target http://" + CLUSTER + ":8080"
                + " --threads 4 --rate 150 --consistency QUORUM --log /var/lib/writer/writes.log"
                + " & echo $! > /var/lib/writer/pid; wait; sleep infinity"));
        awaitTrue("the writer to get writes acknowledged", () -> stats(0, Long.MAX_VALUE).get("ok").asLong() >= 200);

        scaleStep("3 -> 5 (kubectl scale)", 5, () -> {
            String out = cluster.kubectlOk("scale", "-n", ns, "distdbcluster/" + CLUSTER, "--replicas=5");
            assertTrue(out.contains("scaled"), out);
        }, () -> { });
        assertEquals("5", getDdb().get("READY"));

        scaleStep("5 -> 3 (spec.replicas edited)", 3, () -> cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER,
                "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}"), this::stopWriterAndAwaitEveryReplica);
        assertEquals(List.of("demo-0", "demo-1", "demo-2"), nodePods().stream().map(p -> p.getMetadata().getName()).toList());

        JsonNode all = verify("ALL");
        JsonNode total = stats(0, Long.MAX_VALUE);
        record("writer over the whole test: %d acknowledged, %d not acknowledged; read back at ALL when settled: %d of %d",
                total.get("ok").asLong(), total.get("errors").asLong(), all.get("found").asLong(),
                all.get("acknowledged").asLong());
        assertEquals(all.get("acknowledged").asLong(), all.get("found").asLong(), all.toString());
    }

    /**
     * Reads repair: a read at QUORUM or ALL finds a key on one replica and writes it back to the others. So before
     * anything reads, the nodes themselves show that every replica is whole: with three nodes and three copies,
     * each holds the same keys, none it does not own, and no write waits as a hint.
     */
    private void stopWriterAndAwaitEveryReplica() {
        cluster.execInPod(ns, "writer", "bash", "-c", "kill $(cat /var/lib/writer/pid)");
        awaitTrue("the writer to stop", () -> cluster.execInPod(ns, "writer", "bash", "-c",
                "kill -0 $(cat /var/lib/writer/pid) 2>/dev/null && echo running || echo stopped").contains("stopped"));
        long acknowledged = stats(0, Long.MAX_VALUE).get("ok").asLong();
        awaitTrue("every node to hold every key, nothing more, no hint pending", () -> {
            try {
                List<JsonNode> reports = dataReports();
                return reports.size() == 3 && reports.stream().allMatch(r -> r.get("keysNotOwned").asLong() == 0
                        && r.get("hintsPending").asLong() == 0
                        && r.get("keys").asLong() == reports.get(0).get("keys").asLong()
                        && r.get("keys").asLong() >= acknowledged);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            record("after 3 -> 5 -> 3, before any read: each node's /admin/v1/data: %s", dataReports());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One scale step under the writer's load: the change, then Ready at the new size; the Rebalance column seen
     * while data moves; {@code beforeReading}, then every acknowledged key read back at QUORUM; the writer's errors and p99 during the move,
     * and the data moved against the ideal share.
     */
    private void scaleStep(String name, int to, Runnable change, Runnable beforeReading) throws Exception {
        long epochBefore = ddb().getStatus().getTopologyEpoch();
        long replicaBytes = dataReports().stream().mapToLong(r -> r.get("bytes").asLong()).sum();
        int from = ddb().getSpec().getReplicas();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        change.run();
        Set<String> rebalanceColumn = new LinkedHashSet<>();
        Set<String> phases = new LinkedHashSet<>();
        long movedBytes = 0;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            Map<String, String> row = getDdb();
            phases.add(row.get("PHASE"));
            if (row.get("REBALANCE") != null && !row.get("REBALANCE").isEmpty() && !row.get("REBALANCE").equals("<none>")) {
                rebalanceColumn.add(row.get("REBALANCE"));
            }
            DistDBCluster now = ddb();
            if (now.getStatus().getRebalance() != null && now.getStatus().getRebalance().getEpoch() > epochBefore
                    && now.getStatus().getRebalance().getBytesMoved() != null) {
                movedBytes = Math.max(movedBytes, now.getStatus().getRebalance().getBytesMoved());
            }
            if (now.getStatus().getPhase() == Phase.Ready && now.getStatus().getTopologyEpoch() > epochBefore
                    && now.getStatus().getTopology().getMembers().size() == to
                    && Integer.valueOf(to).equals(now.getStatus().getReadyReplicas())
                    && now.getStatus().getObservedGeneration().equals(now.getMetadata().getGeneration())) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + name + ": " + row + "\n"
                    + cluster.diagnostics());
            Thread.sleep(1000);
        }
        long readySeconds = seconds(started);
        long endedMillis = System.currentTimeMillis();
        assertTrue(phases.contains(to > from ? "ScalingUp" : "ScalingDown"), "phases seen: " + phases);
        assertFalse(rebalanceColumn.isEmpty(), "kubectl get ddb showed the rebalance's progress");

        beforeReading.run();
        JsonNode quorum = verify("QUORUM");
        assertEquals(quorum.get("acknowledged").asLong(), quorum.get("found").asLong(), name + ": " + quorum);
        JsonNode during = stats(startedMillis, endedMillis);
        // Ideal: the joining (or leaving) nodes' share of all replicas, |to - from| / max(from, to).
        double ideal = replicaBytes * (double) Math.abs(to - from) / Math.max(from, to);
        record("scale %s: edit -> Ready %d s; writer during the move: %d acknowledged, %d not, p99 %.1f ms, max %.1f ms;"
                        + " read back at QUORUM: %d of %d; moved %.2f MiB against an ideal %.2f MiB (%.2fx); "
                        + "Rebalance column: %s", name, readySeconds, during.get("ok").asLong(),
                during.get("errors").asLong(), during.get("p99Micros").asLong() / 1000.0,
                during.get("maxMicros").asLong() / 1000.0, quorum.get("found").asLong(),
                quorum.get("acknowledged").asLong(), movedBytes / 1048576.0, ideal / 1048576.0,
                ideal == 0 ? 0 : movedBytes / ideal, rebalanceColumn);
    }

    @Test
    @Order(6)
    void helmUpgradeWithAChangedValueRollsTheOperator() {
        String before = operatorPod().getMetadata().getName();
        long started = System.nanoTime();
        helm.ok(Duration.ofMinutes(6), "upgrade", RELEASE, RepoPaths.chart().toString(), "--namespace", OPERATOR_NS,
                "--reuse-values", "--set", "resources.limits.memory=640Mi", "--wait", "--timeout", "5m");
        awaitTrue("the old operator pod to go", () -> client.pods().inNamespace(OPERATOR_NS).withName(before).get() == null);
        Pod after = operatorPod();
        assertNotEquals(before, after.getMetadata().getName());
        assertEquals("640Mi", after.getSpec().getContainers().get(0).getResources().getLimits().get("memory").toString());
        awaitTrue("the new operator pod to take the Lease", () -> after.getMetadata().getName().equals(leaseHolder()));
        record("helm upgrade (operator rolled, new pod leading): %d s", seconds(started));
        assertTrue(helm.ok("history", RELEASE, "--namespace", OPERATOR_NS).lines().count() >= 3, "two revisions");
        assertEquals(Phase.Ready, ddb().getStatus().getPhase());
    }

    @Test
    @Order(7)
    void helmUninstallLeavesTheClusterAndItsVolumesAndDeletingTheClusterKeepsTheVolumes() throws Exception {
        helm.ok(Duration.ofMinutes(3), "uninstall", RELEASE, "--namespace", OPERATOR_NS, "--wait");
        awaitTrue("the operator pods to go", () -> client.pods().inNamespace(OPERATOR_NS)
                .withLabel("app.kubernetes.io/name", "distdb-operator").list().getItems().isEmpty());
        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName("distdbclusters.distdb.io").get(),
                "helm keeps the CRD of crds/ on uninstall, so no cluster is deleted with it");
        assertNotNull(ddb(), "the cluster is still there");
        assertEquals(List.of("data-demo-0", "data-demo-1", "data-demo-2"), claims());
        // The data plane runs without the operator.
        var kv = app.get(CLUSTER, 8080, "/api/v1/kv/cafe01");
        assertEquals(200, kv.status(), kv.body());

        cluster.kubectlOk("delete", "-n", ns, "ddb/" + CLUSTER, "--wait=true");
        awaitTrue("the garbage collector to delete what the cluster owned", () ->
                client.apps().statefulSets().inNamespace(ns).withName(CLUSTER).get() == null
                        && client.services().inNamespace(ns).withName(CLUSTER).get() == null
                        && client.configMaps().inNamespace(ns).withName(CLUSTER + "-config").get() == null
                        && client.secrets().inNamespace(ns).withName(CLUSTER + "-admin-token").get() == null
                        && nodePods().isEmpty());
        assertEquals(List.of("data-demo-0", "data-demo-1", "data-demo-2"), claims(),
                "volume claims are kept when the cluster is deleted (docs/operator.md)");
    }

    // ---- helpers ----

    private JsonNode sql(String statement) throws IOException {
        var response = app.send("POST", CLUSTER, 8080, "/sql", JSON.writeValueAsString(Map.of("sql", statement)));
        assertEquals(200, response.status(), statement + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private void startPod(String name, List<String> command) {
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName(name).withImage(writerImage).withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .addNewVolumeMount().withName("work").withMountPath("/var/lib/writer").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build()).create();
        client.pods().inNamespace(ns).withName(name).waitUntilReady(3, java.util.concurrent.TimeUnit.MINUTES);
    }

    private JsonNode verify(String consistency) throws IOException {
        String out;
        try {
            out = cluster.execInPod(ns, "writer", "bash", "-c", WRITER_JAR + " verify --target http://" + CLUSTER
                    + ":8080 --log /var/lib/writer/writes.log --consistency " + consistency);
        } catch (IllegalStateException e) {
            throw new AssertionError("acknowledged writes not read back at " + consistency + ": " + e.getMessage(), e);
        }
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    private JsonNode stats(long fromMillis, long toMillis) {
        try {
            String out = cluster.execInPod(ns, "writer", "bash", "-c", WRITER_JAR + " stats --log /var/lib/writer/writes.log"
                    + " --from " + fromMillis + " --to " + toMillis);
            return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each node's {@code /admin/v1/data} (what it holds, counted by a scan), asked from a node: the admin port
     * admits only the operator and the cluster's own nodes.
     */
    private List<JsonNode> dataReports() throws IOException {
        String token = new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(ns)
                .withName(CLUSTER + "-admin-token").get().getData().get("token")), StandardCharsets.UTF_8).trim();
        InClusterHttp fromNode = new InClusterHttp(cluster, ns, "demo-0");
        List<JsonNode> reports = new ArrayList<>();
        for (Pod pod : nodePods()) {
            var data = fromNode.send("GET", pod.getMetadata().getName() + "." + CLUSTER + "-peers", 9090,
                    "/admin/v1/data", null, Map.of("Authorization", "Bearer " + token));
            assertEquals(200, data.status(), data.body());
            reports.add(JSON.readTree(data.body()));
        }
        return reports;
    }

    private DistDBCluster ddb() {
        return client.resources(DistDBCluster.class).inNamespace(ns).withName(CLUSTER).get();
    }

    /** {@code kubectl get ddb demo}, as a user reads it: column name to value. */
    private Map<String, String> getDdb() {
        List<String> lines = cluster.kubectlOk("get", "-n", ns, "ddb", CLUSTER).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        // Columns are separated by at least two spaces or start where the header's do.
        String header = lines.get(0);
        String row = lines.get(1);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        List<Integer> starts = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(header);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            names.add(m.group());
        }
        for (int i = 0; i < names.size(); i++) {
            int from = Math.min(starts.get(i), row.length());
            int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), row.length()) : row.length();
            values.put(names.get(i), row.substring(from, to).trim());
        }
        return values;
    }

    private List<Pod> nodePods() {
        return client.pods().inNamespace(ns).withLabel("app.kubernetes.io/instance", CLUSTER).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private List<String> claims() {
        return client.persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).filter(n -> n.startsWith("data-" + CLUSTER + "-")).sorted().toList();
    }

    private Pod operatorPod() {
        List<Pod> pods = client.pods().inNamespace(OPERATOR_NS).withLabel("app.kubernetes.io/name", "distdb-operator")
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> Readiness.getInstance().isReady(p)).toList();
        assertEquals(1, pods.size(), "one ready operator pod: " + pods.stream().map(p -> p.getMetadata().getName()).toList());
        return pods.get(0);
    }

    private String leaseHolder() {
        Lease lease = client.leases().inNamespace(OPERATOR_NS).withName("distdb-operator-leader").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private void awaitEvents(Set<String> reasons) {
        Supplier<Set<String>> seen = () -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> CLUSTER.equals(e.getInvolvedObject().getName())
                        && "DistDBCluster".equals(e.getInvolvedObject().getKind()))
                .map(io.fabric8.kubernetes.api.model.Event::getReason)
                .collect(java.util.stream.Collectors.toSet());
        try {
            awaitTrue("events " + reasons, () -> seen.get().containsAll(reasons));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; recorded: " + seen.get(), e);
        }
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }

    private void record(String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        System.out.println("[product] " + line);
        try {
            Files.writeString(report, line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unused")
    private static <T> Predicate<T> not(Predicate<T> p) {
        return p.negate();
    }
}
