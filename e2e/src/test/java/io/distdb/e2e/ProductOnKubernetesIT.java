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
 * entries from an application pod through the client Service, and SQL from psql pods through the client Service's
 * PostgreSQL port, with the client token as the password where the cluster has one; a writer pod writing at QUORUM while
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
    /** How long a single change may take to show (a pod, an event, a status field, the writer's progress). */
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Bytes per second each node streams once the upgrade test has set it, so that tests can act mid-move. */
    private static final long THROTTLE = 65536;
    private static final String WRITER_JAR = "java -XX:+UseSerialGC -Xmx96m -jar /app/distdb-writer.jar";
    /** The writer's target: the client Service over TLS, with the CA and token of the mounted client Secret. */
    private static final String WRITER_TARGET = " --target https://" + CLUSTER + ":8080 --ca-file "
            + ClientPods.CLIENT_DIR + "/ca.crt --token-file " + ClientPods.CLIENT_DIR + "/token";

    private K3sCluster cluster;
    private KubernetesClient client;
    private Helm helm;
    private String ns;
    private String nodeImage;
    private String writerImage;
    private String psqlImage;
    private InClusterHttp app;
    private Path report;
    private final String securedClientToken = "client-" + java.util.UUID.randomUUID();
    /** When {@code helm uninstall} began: from then on the operator's Role may be gone while its pod still stops. */
    private java.time.Instant uninstallStarted;

    @BeforeAll
    void imagesAndHelm(K3sCluster cluster, KubernetesClient client) throws IOException {
        this.cluster = cluster;
        this.client = client;
        nodeImage = E2eImages.dbnodeImage();
        String operatorImage = E2eImages.operatorImage();
        writerImage = E2eImages.writerImage();
        psqlImage = E2eImages.psqlImage();
        for (String image : List.of(nodeImage, operatorImage, writerImage, psqlImage)) {
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
        // The chart's default: the operator manages the clusters of its own namespace, and holds rights nowhere else.
        ns = OPERATOR_NS;

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
            assertTrue(node.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/distdb/tls")),
                    "node certificates mounted");
            assertEquals("HTTPS", node.getReadinessProbe().getHttpGet().getScheme(), "TLS on by default");
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

        // Secure by default: a CA, node and operator certificates, a client credential, all owned by the cluster.
        assertEquals(CLUSTER + "-client", ddb.getStatus().getClientSecret(), "status names the client Secret");
        for (String secret : List.of("-ca", "-node-tls", "-operator-tls", "-client", "-admin-token")) {
            var owned = client.secrets().inNamespace(ns).withName(CLUSTER + secret).get();
            assertNotNull(owned, CLUSTER + secret);
            assertEquals("DistDBCluster", owned.getMetadata().getOwnerReferences().get(0).getKind(), CLUSTER + secret);
        }
        assertTrue(pods.stream().flatMap(p -> p.getSpec().getVolumes().stream())
                .noneMatch(v -> v.getSecret() != null && (CLUSTER + "-ca").equals(v.getSecret().getSecretName())),
                "the CA's key is never mounted into a node");
        String described = cluster.kubectlOk("describe", "-n", ns, "ddb/" + CLUSTER);
        assertTrue(described.contains(CLUSTER + "-client"), "kubectl describe names the client Secret: " + described);
    }

    @Test
    @Order(3)
    void anApplicationPodUsesSqlItemsAndKeyValuesThroughTheClientService() throws Exception {
        // Two application pods with the client Secret mounted, as examples/psql-client.yaml shows: the writer's,
        // and one with curl and psql.
        ClientPods.start(client, ns, ClientPods.tlsClientPod("app", writerImage, CLUSTER, "/var/lib/writer"));
        ClientPods.start(client, ns, ClientPods.tlsClientPod("web", psqlImage, CLUSTER));
        app = InClusterHttp.tls(cluster, ns, "web", ClientPods.CLIENT_DIR);

        // DDL commits through the metadata group, which elects its leader once the nodes have their topology: a
        // statement that finds no leader is refused with 57P03 (HTTP 503), which clients retry. Wait as an operator
        // would, for every node to know the leader, and say how long it took after Ready.
        long electing = System.nanoTime();
        awaitTrue("every node to know the metadata group's leader", () -> nodePods().stream().allMatch(p -> {
            try {
                return !admin(p.getMetadata().getName(), "/admin/v1/metadata").path("leader").asText("").isEmpty();
            } catch (IOException | AssertionError e) {
                return false;
            }
        }));
        record("metadata group leader known to every node %d s after the application pods were ready", seconds(electing));

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

        // Without the client token: 401.
        var anonymous = app.send("GET", CLUSTER, 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", ""));
        assertEquals(401, anonymous.status(), anonymous.body());

        // The same tables through the PostgreSQL port of the client Service, over verified TLS (sslmode=verify-full),
        // with the generated client token as the password.
        assertEquals(List.of("Ada|2|42", "Alan|2|6"), psql("web", "SELECT c.name, COUNT(*), SUM(o.amount) FROM"
                + " customers c JOIN orders o ON o.customer_id = c.id WHERE c.city = $1 GROUP BY c.name ORDER BY"
                + " c.name \\bind London \\g\n"));
    }

    /** A second, one-node cluster with a client token: without the token its client API answers 401. */
    @Test
    @Order(4)
    void aClusterWithAClientTokenRefusesRequestsWithoutIt() throws Exception {
        String token = clientToken();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("secured-token")
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
                      name: secured-token
                      key: token
                """.formatted(nodeImage));
        cluster.kubectlOk("apply", "-n", ns, "-f", cluster.copyToNode(manifest));
        cluster.kubectlOk("wait", "-n", ns, "--for=condition=Ready", "ddb/secured", "--timeout=" + READY_TIMEOUT.toSeconds() + "s");

        // A pod with the secured cluster's CA (its Secret secured-client holds ca.crt) and the user's token.
        var pod = ClientPods.tlsClientPod("psql-secured", psqlImage, "secured");
        for (var env : pod.getSpec().getContainers().get(0).getEnv()) {
            if (env.getName().equals("PGPASSWORD")) {
                env.getValueFrom().getSecretKeyRef().setName("secured-token");
            }
        }
        // libpq refuses any authentication but SCRAM-SHA-256 (PGREQUIREAUTH).
        pod.getSpec().getContainers().get(0).getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar("PGREQUIREAUTH",
                "scram-sha-256", null));
        ClientPods.start(client, ns, pod);
        InClusterHttp secured = securedHttp();

        var anonymous = secured.send("GET", "secured", 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", ""));
        assertEquals(401, anonymous.status(), anonymous.body());
        var wrong = secured.send("GET", "secured", 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", "Bearer nope"));
        assertTrue(wrong.status() == 401 || wrong.status() == 403, wrong.status() + " " + wrong.body());
        var allowed = secured.send("GET", "secured", 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", "Bearer " + token));
        assertEquals(404, allowed.status(), "with the token, an absent key is a 404: " + allowed.body());

        // Every cluster has a CA of its own: a client that trusts demo's CA does not trust this cluster's nodes.
        IllegalStateException otherCa = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> app.send("GET", "secured", 8080, "/api/v1/kv/cafe01", null, Map.of("Authorization", "Bearer " + token)));
        assertTrue(otherCa.getMessage().contains("certificate"), otherCa.getMessage());
        // Plain text is refused on both client ports.
        String plainHttp = cluster.execInPod(ns, "web", "bash", "-c",
                "curl -sS --max-time 10 http://secured:8080/api/v1/kv/cafe01 2>&1; echo \"exit $?\"");
        assertFalse(plainHttp.strip().endsWith("exit 0"), "plain HTTP to the client port: " + plainHttp);
        String plainPg = psqlRefused("psql-secured", "PGSSLMODE=disable");
        assertTrue(plainPg.contains("TLS"), "the node says it requires TLS: " + plainPg);
    }

    /**
     * SQL over the PostgreSQL wire protocol, from an application pod through the client Service's port 5432, with
     * the cluster's client token as the password (from the Secret the cluster names, as an application gets it):
     * DDL, a multi-row INSERT, parameterized INSERTs and a parameterized SELECT ({@code \bind}: the extended query
     * protocol, with the values apart from the statement), and the rows read back, also over HTTP; a wrong password
     * and none at all are refused.
     */
    @Test
    @Order(5)
    void psqlInAnApplicationPodUsesSqlThroughThePostgresPortWithTheClientToken() throws Exception {
        try {
            long started = System.nanoTime();
            List<String> out = psql("psql-secured", """
                    CREATE TABLE accounts (id INT PRIMARY KEY, owner TEXT NOT NULL, balance BIGINT);
                    INSERT INTO accounts VALUES (1, 'Ada', 1050), (2, 'Grace', NULL);
                    INSERT INTO accounts VALUES ($1, $2, $3) \\bind 3 'Alan' 725 \\g
                    INSERT INTO accounts VALUES ($1, $2, $3) \\bind 4 'Edsger' 100 \\g
                    INSERT INTO accounts (id, owner, balance) VALUES ($1, $2, $3) \\bind 5 'Barbara O''Brien' 250 \\g
                    SELECT id, owner, balance FROM accounts ORDER BY id;
                    SELECT owner FROM accounts WHERE balance > $1 ORDER BY balance DESC \\bind 500 \\g
                    SELECT COUNT(*), SUM(balance) FROM accounts WHERE balance IS NOT NULL;
                    """);
            assertEquals(List.of("CREATE TABLE", "INSERT 0 2", "INSERT 0 1", "INSERT 0 1", "INSERT 0 1",
                    "1|Ada|1050", "2|Grace|", "3|Alan|725", "4|Edsger|100", "5|Barbara O'Brien|250",
                    "Ada", "Alan", "4|2125"), out);
            record("psql through the client Service's port 5432 with the client token (SCRAM-SHA-256): table, 5 rows"
                    + " (3 by parameterized statements) written and read back in %d s", seconds(started));

            // The same rows through the HTTP client API, with the same token as its bearer token.
            var http = securedHttp().send("POST", "secured", 8080, "/sql", JSON.writeValueAsString(Map.of("sql",
                    "SELECT owner FROM accounts WHERE id = 5")), Map.of("Authorization", "Bearer " + clientToken()));
            assertEquals(200, http.status(), http.body());
            assertEquals("[[\"Barbara O'Brien\"]]", JSON.readTree(http.body()).get("rows").toString());

            String wrong = psqlRefused("psql-secured", "PGPASSWORD=not-the-token");
            assertTrue(wrong.contains("password authentication failed"), wrong);
            String none = psqlRefused("psql-secured", "-u PGPASSWORD");
            assertTrue(none.contains("no password supplied"), "the node asks for a password: " + none);
        } finally {
            // Its pods would only compete with the scaling test for the two cores.
            client.pods().inNamespace(ns).withName("psql-secured").delete();
            cluster.kubectlOk("delete", "-n", ns, "ddb/secured", "--wait=true");
            awaitTrue("the secured cluster's pod to go", () -> client.pods().inNamespace(ns).withName("secured-0").get() == null);
        }
    }

    /**
     * The admin port admits only clients with a certificate of the cluster's CA, and the node-to-node endpoints
     * only DistDB nodes: the operator's certificate with a captured admin token reads a node's status but cannot
     * read or write replicas. And an application pod cannot reach the admin port at all (the NetworkPolicy).
     */
    @Test
    @Order(6)
    void theAdminPortAdmitsTheCasCertificatesAndTheNodeEndpointsOnlyNodes() throws Exception {
        String token = adminToken();
        javax.net.ssl.SSLContext operator = operatorIdentity();
        var status = AdminPortCalls.send(client, ns, "demo-0", operator, token, "GET", "/admin/v1/status", null);
        assertEquals(200, status.status(), status.body());

        // The replica endpoints with the operator's certificate and the admin token: refused by the node.
        var replicaRead = AdminPortCalls.send(client, ns, "demo-0", operator, token, "POST", "/internal/v1/scan", "{}");
        assertEquals(403, replicaRead.status(), replicaRead.body());
        var replicaWrite = AdminPortCalls.send(client, ns, "demo-0", operator, token, "POST", "/internal/v1/apply", "{}");
        assertEquals(403, replicaWrite.status(), replicaWrite.body());
        record("the operator's certificate with the admin token on a node-to-node endpoint: %d %s", replicaRead.status(),
                replicaRead.body());

        // No client certificate, or one of another CA: the handshake fails, no handler answers.
        Map<String, String> ca = secretData(CLUSTER + "-client");
        javax.net.ssl.SSLContext anonymous = io.distdb.operator.tls.SslContexts.trusting(
                io.distdb.operator.tls.Pem.certificates(ca.get("ca.crt")));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AdminPortCalls.send(client, ns, "demo-0",
                anonymous, token, "GET", "/admin/v1/status", null), "no client certificate");
        var stranger = io.distdb.operator.tls.CertificateAuthority.generate("stranger", java.time.Instant.now());
        var strangerCert = stranger.issue(io.distdb.operator.tls.CertificateProfiles.operator(Duration.ofDays(1)),
                java.time.Instant.now());
        javax.net.ssl.SSLContext foreign = io.distdb.operator.tls.SslContexts.of(strangerCert.chain(), strangerCert.key(),
                io.distdb.operator.tls.Pem.certificates(ca.get("ca.crt")));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AdminPortCalls.send(client, ns, "demo-0",
                foreign, token, "GET", "/admin/v1/status", null), "a client certificate of another CA");

        // From an application pod, the admin port is not even reachable.
        String fromApp = cluster.execInPod(ns, "web", "bash", "-c", "curl -sS --connect-timeout 5 --max-time 10 --cacert "
                + ClientPods.CLIENT_DIR + "/ca.crt https://demo-0." + CLUSTER + "-peers:9090/admin/v1/status 2>&1;"
                + " echo \"exit $?\"");
        assertFalse(fromApp.strip().endsWith("exit 0"), "an application pod reached the admin port: " + fromApp);
    }

    @Test
    @Order(7)
    void scalingThreeToFiveToThreeUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        // Data to move: a burst of writes as fast as the cluster takes them, then a steady writer for the moves.
        cluster.execInPod(ns, "app", "bash", "-c", WRITER_JAR + " write" + WRITER_TARGET
                + " --threads 8 --rate 0 --duration 15 --prefix preload --log /var/lib/writer/preload.log > /dev/null");
        record("preload: %s", stats("preload", 0, Long.MAX_VALUE));
        startWriter("scale");

        scaleStep("scale", "3 -> 5 (kubectl scale)", 5, () -> {
            String out = cluster.kubectlOk("scale", "-n", ns, "distdbcluster/" + CLUSTER, "--replicas=5");
            assertTrue(out.contains("scaled"), out);
        }, () -> { });
        assertEquals("5", getDdb().get("READY"));

        scaleStep("scale", "5 -> 3 (spec.replicas edited)", 3, () -> cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER,
                "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}"), () -> stopWriterAndAwaitEveryReplica("scale"));
        assertEquals(List.of("demo-0", "demo-1", "demo-2"), nodePods().stream().map(p -> p.getMetadata().getName()).toList());
        readBack("QUORUM", "preload");
    }

    /**
     * Certificate rotation under a writer: a shorter spec.tls.certificateLifetime makes the operator issue every
     * certificate again and replace the nodes one at a time; no acknowledged write is lost, and the nodes serve
     * the new certificates.
     */
    @Test
    @Order(8)
    void rotatingTheCertificatesUnderAWriterLosesNothing() throws Exception {
        String annotation = "distdb.io/tls-certificates";
        String before = client.apps().statefulSets().inNamespace(ns).withName(CLUSTER).get().getSpec().getTemplate()
                .getMetadata().getAnnotations().get(annotation);
        assertNotNull(before, "the pod template carries the certificates' hash");
        startWriter("rotate");
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER, "--type=merge", "-p",
                "{\"spec\":{\"tls\":{\"certificateLifetime\":\"3h\"}}}");
        awaitEvents(Set.of("CertificatesRotated"));
        awaitStatus("every node restarted with the new certificates", s -> s.getPhase() == Phase.Ready
                && nodePods().size() == 3 && nodePods().stream().allMatch(p -> Readiness.getInstance().isReady(p)
                        && !before.equals(p.getMetadata().getAnnotations().get(annotation))));
        long seconds = seconds(started);
        java.time.Instant notAfter = java.time.Instant.parse(ddb().getStatus().getTls().getNotAfter());
        assertTrue(notAfter.isBefore(java.time.Instant.now().plus(Duration.ofHours(4))),
                "status.tls.notAfter follows the new lifetime: " + notAfter);
        for (Pod pod : nodePods()) {
            var answer = AdminPortCalls.send(client, ns, pod.getMetadata().getName(), operatorIdentity(), adminToken(),
                    "GET", "/admin/v1/status", null);
            assertEquals(200, answer.status(), answer.body());
            assertTrue(answer.serverNotAfter().isBefore(java.time.Instant.now().plus(Duration.ofHours(4))),
                    pod.getMetadata().getName() + " serves a certificate of the new lifetime: " + answer.serverNotAfter());
        }
        stopWriterAndAwaitEveryReplica("rotate");
        record("certificate rotation (lifetime 2160h -> 3h) under load: every node replaced in %d s; writer meanwhile: %s",
                seconds, moveReport("rotate", startedMillis, System.currentTimeMillis()));
        readBack("QUORUM", "rotate");
    }

    /**
     * A new image under load, with a throttled rebalance from now on (one edit; both change the pod template, so the
     * nodes are replaced once, one at a time): every node ends on the new image and reports its version.
     */
    @Test
    @Order(9)
    void aRollingImageUpgradeUnderLoadLosesNothing() throws Exception {
        String newImage = E2eImages.nodeImageVariant(nodeImage, "0.1.1", "ENV DISTDB_VERSION=0.1.1");
        cluster.loadImage(newImage);
        startWriter("upgrade");
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER, "--type=merge", "-p", "{\"spec\":{\"image\":\""
                + newImage + "\",\"rebalance\":{\"bytesPerSecond\":" + THROTTLE + "}}}");
        awaitStatus("the rolling update to start", s -> s.getPhase() == Phase.Upgrading);
        awaitStatus("every node on the new image", s -> s.getPhase() == Phase.Ready
                && "UpToDate".equals(s.condition(io.distdb.operator.crd.Condition.UPGRADING).map(c -> c.getReason()).orElse(""))
                && nodePods().stream().allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals(newImage)
                        && Readiness.getInstance().isReady(p)));
        long seconds = seconds(started);
        for (Pod pod : nodePods()) {
            assertEquals("0.1.1", admin(pod.getMetadata().getName(), "/admin/v1/status").get("version").asText(),
                    pod.getMetadata().getName() + " runs the new release");
        }
        awaitEvents(Set.of("PodTemplateChanged", "RollingUpdateStarted", "ReplacingNode", "RollingUpdateCompleted"));
        nodeImage = newImage;
        stopWriterAndAwaitEveryReplica("upgrade");
        record("rolling upgrade to %s under load: %d s; writer meanwhile: %s", newImage, seconds,
                moveReport("upgrade", startedMillis, System.currentTimeMillis()));
        readBack("QUORUM", "upgrade");
    }

    /** 3 -> 5, and while ranges stream, back to 3: the joining nodes are dropped, nothing is lost. */
    @Test
    @Order(10)
    void reversingAScaleUpWhileRangesStreamLosesNothing() throws Exception {
        startWriter("reverse");
        long epochBefore = ddb().getStatus().getTopologyEpoch();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        cluster.kubectlOk("scale", "-n", ns, "distdbcluster/" + CLUSTER, "--replicas=5");
        awaitStreaming(epochBefore);
        cluster.kubectlOk("scale", "-n", ns, "distdbcluster/" + CLUSTER, "--replicas=3");
        awaitSettled(3, epochBefore);
        awaitEvents(Set.of("ScalingReversed"));
        long seconds = seconds(started);
        stopWriterAndAwaitEveryReplica("reverse");
        record("3 -> 5 reversed to 3 while streaming: settled in %d s; writer meanwhile: %s", seconds,
                moveReport("reverse", startedMillis, System.currentTimeMillis()));
        readBack("QUORUM", "reverse");
    }

    /** 3 -> 5 with the operator pod deleted while ranges stream: its successor takes the Lease and finishes. */
    @Test
    @Order(11)
    void theOperatorPodDeletedWhileRangesStreamIsResumedByItsSuccessor() throws Exception {
        startWriter("operator");
        long epochBefore = ddb().getStatus().getTopologyEpoch();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        cluster.kubectlOk("scale", "-n", ns, "distdbcluster/" + CLUSTER, "--replicas=5");
        awaitStreaming(epochBefore);
        String deleted = operatorPod().getMetadata().getName();
        cluster.kubectlOk("delete", "pod", "-n", OPERATOR_NS, deleted, "--wait=false");
        awaitTrue("a new operator pod to take the Lease", () -> {
            String holder = leaseHolder();
            return holder != null && !holder.equals(deleted);
        });
        awaitSettled(5, epochBefore);
        long seconds = seconds(started);
        JsonNode quorum = verify("operator", "QUORUM");
        assertEquals(quorum.get("acknowledged").asLong(), quorum.get("found").asLong(), quorum.toString());
        record("3 -> 5 with the operator pod deleted mid-rebalance: Ready in %d s; writer meanwhile: %s", seconds,
                moveReport("operator", startedMillis, System.currentTimeMillis()));
    }

    /** 5 -> 3 with one node's pod deleted and another's process killed with SIGKILL while ranges stream. */
    @Test
    @Order(12)
    void aNodePodDeletedAndAnotherNodeKilledWhileRangesStreamLoseNothing() throws Exception {
        long epochBefore = ddb().getStatus().getTopologyEpoch();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}");
        awaitStreaming(epochBefore);
        cluster.kubectlOk("delete", "pod", "-n", ns, "demo-1", "--wait=false");
        cluster.killContainerProcess(ns, "demo-3", "node");
        awaitSettled(3, epochBefore);
        long seconds = seconds(started);
        stopWriterAndAwaitEveryReplica("operator");
        record("5 -> 3 with demo-1 deleted and demo-3 killed (SIGKILL) mid-rebalance: Ready in %d s; writer meanwhile: %s",
                seconds, moveReport("operator", startedMillis, System.currentTimeMillis()));
        readBack("QUORUM", "operator");
    }

    /**
     * An image whose process exits at start: the replaced node never comes up, the cluster says so in status and
     * keeps serving from the other two; setting the good image back brings it back.
     */
    @Test
    @Order(13)
    void aBrokenImageShowsInStatusAndSettingTheGoodImageBackFixesIt() throws Exception {
        String good = client.pods().inNamespace(ns).withName("demo-2").get().getSpec().getContainers().get(0).getImage();
        String broken = E2eImages.nodeImageVariant(good, "broken",
                "ENTRYPOINT [\"sh\", \"-c\", \"echo 'this image exits at start' >&2; exit 3\"]");
        cluster.loadImage(broken);
        startWriter("broken");
        long startedMillis = System.currentTimeMillis();
        cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER, "--type=merge", "-p",
                "{\"spec\":{\"image\":\"" + broken + "\"}}");
        DistDBCluster failing = awaitStatus("the cluster to show the broken node", s -> s.getPhase() == Phase.Upgrading
                && s.condition(io.distdb.operator.crd.Condition.DEGRADED).map(c -> c.isTrue()
                && c.getMessage().contains("demo-2 not ready: ") && c.getMessage().contains("last exit 3")).orElse(false));
        String message = failing.getStatus().condition(io.distdb.operator.crd.Condition.DEGRADED).orElseThrow().getMessage();
        assertEquals(good, client.pods().inNamespace(ns).withName("demo-1").get().getSpec().getContainers().get(0)
                .getImage(), "no other node is replaced while the first does not come up");
        long okBefore = stats("broken", 0, Long.MAX_VALUE).get("ok").asLong();
        awaitTrue("the writer to go on through the other nodes",
                () -> stats("broken", 0, Long.MAX_VALUE).get("ok").asLong() >= okBefore + 100);
        record("broken image: status said \"%s\" (phase %s); writes went on", message, failing.getStatus().getPhase());

        long started = System.nanoTime();
        cluster.kubectlOk("patch", "-n", ns, "ddb/" + CLUSTER, "--type=merge", "-p",
                "{\"spec\":{\"image\":\"" + good + "\"}}");
        awaitStatus("the good image back on every node", s -> s.getPhase() == Phase.Ready
                && !s.condition(io.distdb.operator.crd.Condition.DEGRADED).map(c -> c.isTrue()).orElse(false)
                && nodePods().size() == 3 && nodePods().stream().allMatch(p -> Readiness.getInstance().isReady(p)
                        && p.getSpec().getContainers().get(0).getImage().equals(good)));
        long seconds = seconds(started);
        stopWriterAndAwaitEveryReplica("broken");
        record("good image set back: Ready in %d s; writer over the episode: %s", seconds,
                moveReport("broken", startedMillis, System.currentTimeMillis()));
        readBack("QUORUM", "broken");
        // Settled: everything any step acknowledged, read back at ALL.
        readBack("ALL", "preload", "scale", "rotate", "upgrade", "reverse", "operator", "broken");
    }

    /**
     * One scale step under the writer's load: the change, then Ready at the new size; the Rebalance column seen
     * while data moves; {@code beforeReading}, then every acknowledged key read back at QUORUM; the writer's errors
     * and p99 during the move, and the data moved against the ideal share.
     */
    private void scaleStep(String log, String name, int to, Runnable change, Runnable beforeReading) throws Exception {
        long epochBefore = ddb().getStatus().getTopologyEpoch();
        long replicaBytes = dataReports().stream().mapToLong(r -> r.get("bytes").asLong()).sum();
        int from = ddb().getSpec().getReplicas();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        change.run();
        Set<String> rebalanceColumn = new LinkedHashSet<>();
        Set<String> phases = new LinkedHashSet<>();
        long movedBytes = 0;
        // The rebalance as the operator saw it (one poll a second): first RUNNING to first COMPLETED.
        long streamStarted = 0;
        long streamEnded = 0;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            Map<String, String> row = getDdb();
            phases.add(row.get("PHASE"));
            if (row.get("REBALANCE") != null && !row.get("REBALANCE").isEmpty() && !row.get("REBALANCE").equals("<none>")) {
                rebalanceColumn.add(row.get("REBALANCE"));
            }
            DistDBCluster now = ddb();
            var rebalance = now.getStatus().getRebalance();
            if (rebalance != null && rebalance.getEpoch() > epochBefore && rebalance.getBytesMoved() != null) {
                movedBytes = Math.max(movedBytes, rebalance.getBytesMoved());
                if (rebalance.getState() == io.distdb.admin.api.RebalanceState.RUNNING && streamStarted == 0) {
                    streamStarted = System.nanoTime();
                }
                if (rebalance.getState() == io.distdb.admin.api.RebalanceState.COMPLETED && streamEnded == 0) {
                    streamEnded = System.nanoTime();
                }
            }
            if (settled(now, to, epochBefore)) {
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
        JsonNode quorum = verify(log, "QUORUM");
        assertEquals(quorum.get("acknowledged").asLong(), quorum.get("found").asLong(), name + ": " + quorum);
        // Ideal: the joining (or leaving) nodes' share of all replicas, |to - from| / max(from, to).
        double ideal = replicaBytes * (double) Math.abs(to - from) / Math.max(from, to);
        double streamSeconds = streamStarted == 0 || streamEnded == 0 ? 0 : (streamEnded - streamStarted) / 1e9;
        record("scale %s: edit -> Ready %d s; writer during the move: %s; read back at QUORUM: %d of %d; moved %.2f MiB"
                        + " (the data held when it began: %.2f MiB of all replicas; ideal share %.2f MiB, %.2fx) in"
                        + " about %.0f s of streaming as status showed it (%s); Rebalance column: %s", name,
                readySeconds, moveReport(log, startedMillis, endedMillis), quorum.get("found").asLong(),
                quorum.get("acknowledged").asLong(), movedBytes / 1048576.0, replicaBytes / 1048576.0,
                ideal / 1048576.0, ideal == 0 ? 0 : movedBytes / ideal, streamSeconds,
                streamSeconds == 0 ? "under a poll" : String.format(java.util.Locale.ROOT, "%.2f MiB/s",
                        movedBytes / 1048576.0 / streamSeconds), rebalanceColumn);
    }

    @Test
    @Order(14)
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
    @Order(15)
    void helmUninstallLeavesTheClusterAndItsVolumesAndDeletingTheClusterKeepsTheVolumes() throws Exception {
        uninstallStarted = java.time.Instant.now();
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
        assertEquals(List.of("3"), psql("web", "SELECT COUNT(*) FROM customers;"), "SQL over the PostgreSQL port too");

        cluster.kubectlOk("delete", "-n", ns, "ddb/" + CLUSTER, "--wait=true");
        awaitTrue("the garbage collector to delete what the cluster owned", () ->
                client.apps().statefulSets().inNamespace(ns).withName(CLUSTER).get() == null
                        && client.services().inNamespace(ns).withName(CLUSTER).get() == null
                        && client.configMaps().inNamespace(ns).withName(CLUSTER + "-config").get() == null
                        && client.secrets().inNamespace(ns).withName(CLUSTER + "-admin-token").get() == null
                        && client.secrets().inNamespace(ns).withName(CLUSTER + "-node-tls").get() == null
                        && client.secrets().inNamespace(ns).withName(CLUSTER + "-client").get() == null
                        && nodePods().isEmpty());
        assertEquals(List.of("data-demo-0", "data-demo-1", "data-demo-2"), claims(),
                "volume claims are kept when the cluster is deleted (docs/operator.md)");
    }

    /**
     * Least privilege, checked against what really happened: every request the operator's service account made in
     * this whole run (install, create, scale, rotate, upgrade, delete), from the API server's audit log, against
     * the Roles the chart grants by default. No request was refused, and no verb the Roles grant went unused.
     */
    @Test
    @Order(16)
    void theOperatorUsedExactlyTheVerbsItsDefaultRolesGrant() {
        String user = "system:serviceaccount:" + OPERATOR_NS + ":" + RELEASE;
        List<K3sCluster.AuditedCall> calls = cluster.auditedCalls(user);
        assertFalse(calls.isEmpty(), "the audit log holds the operator's requests");
        // helm uninstall deletes the Deployment and then, without waiting for the pod to stop, its RoleBinding and
        // Role: a reconcile still running in the stopping pod may be refused then. That is the rights going away,
        // not rights missing, so only the requests made while the chart was installed must all be granted.
        Predicate<K3sCluster.AuditedCall> whileInstalled = c -> uninstallStarted == null || c.received().isBefore(uninstallStarted);
        List<K3sCluster.AuditedCall> refused = calls.stream().filter(c -> c.code() == 403).toList();
        assertEquals(List.of(), refused.stream().filter(whileInstalled).toList(), "requests the operator's RBAC refused");
        if (!refused.isEmpty()) {
            record("refused after helm uninstall began, as the Role went before the pod: %s", refused);
        }

        Set<String> used = new java.util.TreeSet<>();
        calls.forEach(c -> used.add(c.apiGroup() + "/" + c.resource() + " " + c.verb()));
        Set<String> granted = new java.util.TreeSet<>();
        Set<String> namespaces = new java.util.TreeSet<>();
        for (String doc : helm.ok("template", RELEASE, RepoPaths.chart().toString(), "--namespace", OPERATOR_NS)
                .split("(?m)^---\\s*$")) {
            if (doc.contains("kind: ClusterRole")) {
                throw new AssertionError("the default chart grants cluster-wide rights:\n" + doc);
            }
            if (java.util.regex.Pattern.compile("(?m)^kind: Role$").matcher(doc).find()) {
                io.fabric8.kubernetes.api.model.rbac.Role role = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(doc);
                namespaces.add(role.getMetadata().getNamespace());
                for (var rule : role.getRules()) {
                    for (String group : rule.getApiGroups()) {
                        for (String resource : rule.getResources()) {
                            rule.getVerbs().forEach(verb -> granted.add(group + "/" + resource + " " + verb));
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(OPERATOR_NS), namespaces, "Roles in the operator's namespace only");
        // Every authenticated user may ask the API server what it may do (system:basic-user): no Role needed.
        Predicate<K3sCluster.AuditedCall> ownRights = c -> "authorization.k8s.io".equals(c.apiGroup())
                && c.resource().startsWith("selfsubject");
        List<K3sCluster.AuditedCall> elsewhere = calls.stream()
                .filter(c -> !ownRights.test(c) && !OPERATOR_NS.equals(c.namespace())).toList();
        Set<String> ungranted = new java.util.TreeSet<>();
        calls.stream().filter(ownRights.negate()).forEach(c -> ungranted.add(c.apiGroup() + "/" + c.resource() + " " + c.verb()));
        ungranted.removeAll(granted);
        Set<String> unused = new java.util.TreeSet<>(granted);
        unused.removeAll(used);
        // Patches of owned resources happen only when one drifts from what the operator wants (an edit by hand, an
        // operator release that changes them), and a Lease is either renewed or taken over: a run need not see them.
        Set<String> onlyOnDrift = Set.of("/services patch", "/configmaps patch", "policy/poddisruptionbudgets patch",
                "networking.k8s.io/networkpolicies patch", "apps/statefulsets patch", "coordination.k8s.io/leases update",
                "coordination.k8s.io/leases patch");
        Set<String> unexplained = new java.util.TreeSet<>(unused);
        unexplained.removeAll(onlyOnDrift);
        record("the operator's requests over the run: %d, as %s; granted and not seen (patches on drift only): %s",
                calls.size(), used, unused);
        assertEquals(List.of(), elsewhere, "requests outside the operator's namespace");
        assertEquals(Set.of(), ungranted, "requests no Role grants");
        assertEquals(Set.of(), unexplained, "verbs the Roles grant that the operator never used");
    }

    // ---- helpers ----

    /** The secured cluster's client token: the HTTP API's bearer token and the PostgreSQL password. */
    private String clientToken() {
        return securedClientToken;
    }

    /**
     * Runs a psql script in a psql pod (no psqlrc, unaligned, tuples only, stop at the first error): its output
     * lines, the command tags included.
     */
    private List<String> psql(String pod, String script) {
        String out = cluster.execInPod(ns, pod, "bash", "-c",
                "printf '%s' \"$1\" | psql -X -A -t -v ON_ERROR_STOP=1 -f - 2>&1", "psql", script);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    /** A connection with other libpq settings (arguments of {@code env}) that must fail: psql's output. */
    private String psqlRefused(String pod, String settings) {
        String out = cluster.execInPod(ns, pod, "bash", "-c",
                "env " + settings + " psql -X -w -A -t -c 'SELECT 1' 2>&1; echo \"exit $?\"");
        assertTrue(out.strip().endsWith("exit 2"), "psql connects with " + settings + ": " + out);
        return out;
    }

    private JsonNode sql(String statement) throws IOException {
        var response = app.send("POST", CLUSTER, 8080, "/sql", JSON.writeValueAsString(Map.of("sql", statement)));
        assertEquals(200, response.status(), statement + ": " + response.body());
        return JSON.readTree(response.body());
    }


    /** Starts the writer in the app pod, in the background, logging to /var/lib/writer/LOG.log. */
    private void startWriter(String log) {
        cluster.execInPod(ns, "app", "bash", "-c", "nohup " + WRITER_JAR + " write" + WRITER_TARGET
                + " --threads 4 --rate 60 --consistency QUORUM --prefix " + log + " --log /var/lib/writer/" + log + ".log"
                + " > /var/lib/writer/" + log + ".out 2>&1 & echo $! > /var/lib/writer/" + log + ".pid");
        // The writer's JVM creates its log as it starts: until then there is nothing to read.
        awaitTrue("the writer to get writes acknowledged", () -> cluster.execInPod(ns, "app", "bash", "-c",
                "test -f /var/lib/writer/" + log + ".log && echo yes || echo no").trim().equals("yes")
                && stats(log, 0, Long.MAX_VALUE).get("ok").asLong() >= 50);
    }

    /** Stops the writer with SIGTERM and waits for its last line (it logs every request it started first). */
    private void stopWriter(String log) {
        cluster.execInPod(ns, "app", "bash", "-c", "kill $(cat /var/lib/writer/" + log + ".pid)");
        awaitTrue("the writer to stop", () -> cluster.execInPod(ns, "app", "bash", "-c",
                "cat /var/lib/writer/" + log + ".out").contains("total "));
    }

    /**
     * Stops the writer, then waits until the nodes themselves show every replica whole, before anything reads: a
     * read at QUORUM or ALL finds a key on one replica and writes it back to the others, which would hide a lost
     * copy. With three nodes and three copies each holds the same keys, none it does not own, and no hint waits.
     */
    private void stopWriterAndAwaitEveryReplica(String log) {
        stopWriter(log);
        long acknowledged = stats(log, 0, Long.MAX_VALUE).get("ok").asLong();
        List<List<JsonNode>> last = new ArrayList<>(List.of(List.of()));
        awaitTrue(() -> "every node to hold every key, nothing more, no hint pending (" + acknowledged
                + " acknowledged); last reports: " + last.get(0), () -> {
            try {
                List<JsonNode> reports = dataReports();
                last.set(0, reports);
                return reports.size() == 3 && reports.stream().allMatch(r -> r.get("keysNotOwned").asLong() == 0
                        && r.get("hintsPending").asLong() == 0
                        && r.get("keys").asLong() == reports.get(0).get("keys").asLong()
                        && r.get("keys").asLong() >= acknowledged);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            record("after %s, before any read: each node's /admin/v1/data: %s", log, dataReports());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key the writer logged acknowledged is read back at {@code consistency}, with its value. */
    private void readBack(String consistency, String... logs) throws IOException {
        long started = System.nanoTime();
        long keys = 0;
        for (String log : logs) {
            JsonNode result = verify(log, consistency);
            assertEquals(result.get("acknowledged").asLong(), result.get("found").asLong(), log + " at "
                    + consistency + ": " + result);
            assertTrue(result.get("acknowledged").asLong() > 0, log + ": " + result);
            keys += result.get("found").asLong();
        }
        record("read back at %s: all %d acknowledged writes of %s (%d s)", consistency, keys, List.of(logs),
                seconds(started));
    }

    private JsonNode verify(String log, String consistency) throws IOException {
        String out;
        try {
            out = cluster.execInPod(ns, "app", "bash", "-c", WRITER_JAR + " verify" + WRITER_TARGET
                    + " --log /var/lib/writer/" + log + ".log --consistency " + consistency);
        } catch (IllegalStateException e) {
            throw new AssertionError("acknowledged writes of " + log + " not read back at " + consistency + ": "
                    + e.getMessage(), e);
        }
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    private JsonNode stats(String log, long fromMillis, long toMillis) {
        try {
            String out = cluster.execInPod(ns, "app", "bash", "-c", WRITER_JAR + " stats --log /var/lib/writer/" + log
                    + ".log --from " + fromMillis + " --to " + toMillis);
            return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The writer's requests in a window: acknowledged, not, latencies, and why the others failed. */
    private String moveReport(String log, long fromMillis, long toMillis) {
        JsonNode s = stats(log, fromMillis, toMillis);
        Map<String, Long> reasons = new java.util.TreeMap<>();
        cluster.execInPod(ns, "app", "bash", "-c", "grep '^ERR ' /var/lib/writer/" + log + ".log || true").lines()
                .map(l -> l.split(" ")).filter(f -> f.length >= 5)
                .filter(f -> Long.parseLong(f[2]) >= fromMillis && Long.parseLong(f[2]) < toMillis)
                .forEach(f -> reasons.merge(f[4], 1L, Long::sum));
        return String.format(java.util.Locale.ROOT, "%d acknowledged, %d not %s, p99 %.1f ms, max %.1f ms",
                s.get("ok").asLong(), s.get("errors").asLong(), reasons, s.get("p99Micros").asLong() / 1000.0,
                s.get("maxMicros").asLong() / 1000.0);
    }

    /** The admin API of a node, asked from another node: the admin port admits only the operator and the nodes. */
    private JsonNode admin(String pod, String path) throws IOException {
        return admin(pod, path, adminToken());
    }

    private JsonNode admin(String pod, String path, String token) throws IOException {
        AdminPortCalls.Answer response;
        try {
            response = AdminPortCalls.send(client, ns, pod, operatorIdentity(), token, "GET", path, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(200, response.status(), pod + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** The operator's TLS identity for the cluster: its client certificate and key, and the cluster CA to trust. */
    private javax.net.ssl.SSLContext operatorIdentity() {
        Map<String, String> data = secretData(CLUSTER + "-operator-tls");
        return io.distdb.operator.tls.SslContexts.of(io.distdb.operator.tls.Pem.certificates(data.get("tls.crt")),
                io.distdb.operator.tls.Pem.privateKey(data.get("tls.key")),
                io.distdb.operator.tls.Pem.certificates(data.get("ca.crt")));
    }

    /** A Secret of the test's namespace, decoded. */
    private Map<String, String> secretData(String name) {
        Map<String, String> decoded = new java.util.TreeMap<>();
        client.secrets().inNamespace(ns).withName(name).get().getData().forEach((key, value) ->
                decoded.put(key, new String(java.util.Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    /** HTTPS from the pod that trusts the secured cluster's CA; requests name their token themselves. */
    private InClusterHttp securedHttp() {
        return InClusterHttp.tls(cluster, ns, "psql-secured", ClientPods.CLIENT_DIR);
    }

    /** The admin token the operator generated for the cluster. */
    private String adminToken() {
        return new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(ns)
                .withName(CLUSTER + "-admin-token").get().getData().get("token")), StandardCharsets.UTF_8).trim();
    }

    private static boolean settled(DistDBCluster now, int members, long epochBefore) {
        return now.getStatus().getPhase() == Phase.Ready && now.getStatus().getTopologyEpoch() > epochBefore
                && now.getStatus().getTopology().getMembers().size() == members
                && Integer.valueOf(members).equals(now.getStatus().getReadyReplicas())
                && now.getStatus().getObservedGeneration().equals(now.getMetadata().getGeneration());
    }

    private void awaitSettled(int members, long epochBefore) {
        awaitTrue("Ready with " + members + " members past epoch " + epochBefore,
                () -> settled(ddb(), members, epochBefore));
    }

    /** Waits until a rebalance past {@code epochBefore} streams, ranges still to go. */
    private void awaitStreaming(long epochBefore) {
        awaitStatus("ranges to stream", s -> s.getRebalance() != null && s.getRebalance().getEpoch() > epochBefore
                && s.getRebalance().getState() == io.distdb.admin.api.RebalanceState.RUNNING
                && s.getRebalance().getRangesDone() < s.getRebalance().getRangesTotal());
        record("streaming: %s", ddb().getStatus().getRebalance().getSummary());
    }

    private DistDBCluster awaitStatus(String what, Predicate<io.distdb.operator.crd.DistDBClusterStatus> condition) {
        return ClusterWaits.status(client, ns, CLUSTER, what, WAIT, condition);
    }

    /** Each node's {@code /admin/v1/data}: what it holds, counted by a scan. */
    private List<JsonNode> dataReports() throws IOException {
        String token = adminToken();
        List<JsonNode> reports = new ArrayList<>();
        for (Pod pod : nodePods()) {
            reports.add(admin(pod.getMetadata().getName(), "/admin/v1/data", token));
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
        ClusterWaits.events(client, ns, CLUSTER, reasons, WAIT);
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        ClusterWaits.until(what, WAIT, condition);
    }

    private static void awaitTrue(Supplier<String> what, Supplier<Boolean> condition) {
        ClusterWaits.until(what, WAIT, condition);
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

}
