package io.distdb.server.tls;

import io.distdb.server.NodeProcess;
import io.distdb.server.TestCertificates;
import io.distdb.server.replication.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real node processes with TLS on every port (a static cluster, replication factor 3), certificates from a
 * CA of the test's own: data replicates and SQL works (node-to-node HTTPS and the metadata group over mutual
 * TLS), and every port turns away what it must: plain text, a server certificate checked against another CA, an
 * admin-port client without a certificate or with one from another CA, the operator's credentials on a
 * node-to-node endpoint, a PostgreSQL client that does not ask for TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsClusterIT {

    private static final List<String> IDS = List.of("node-1", "node-2", "node-3");
    private static final String ADMIN_TOKEN = "tls-it-" + UUID.randomUUID();

    private Path runDir;
    private TestCertificates ca;
    private TestCertificates otherCa;
    private final Map<String, TestCertificates.Issued> certificates = new LinkedHashMap<>();
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private HttpClient client;
    private HttpClient operator;

    @BeforeAll
    void startCluster() throws Exception {
        runDir = Files.createDirectories(Path.of("target", "tls-cluster-it", UUID.randomUUID().toString()));
        ca = TestCertificates.authority(runDir.resolve("pki"), "cluster-ca");
        otherCa = TestCertificates.authority(runDir.resolve("pki"), "other-ca");
        client = https(ca.clientContext(null));
        operator = https(ca.clientContext(ca.operator()));
        for (String id : IDS) {
            // One node's key is PKCS#1 ("RSA PRIVATE KEY"), the others' PKCS#8: a node reads both.
            certificates.put(id, ca.node(id, id.equals("node-2")));
            nodes.put(id, new NodeProcess(runDir.resolve(id), Map.of("DISTDB_NODE_ID", id,
                    "DISTDB_ADMIN_TOKEN", ADMIN_TOKEN, "DISTDB_DURABILITY", "none"))
                    .tls(certificates.get(id), ca.caFile(), ca.clientContext(null)));
        }
        String members = IDS.stream().map(id -> id + "@" + nodes.get(id).adminAddress()).collect(Collectors.joining(","));
        nodes.values().forEach(node -> node.env("DISTDB_CLUSTER_NODES", members).env("DISTDB_REPLICATION_FACTOR", "3"));
        ExecutorService pool = Executors.newFixedThreadPool(IDS.size());
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (NodeProcess node : nodes.values()) {
                starts.add(pool.submit(() -> {
                    node.start();
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        for (NodeProcess node : nodes.values()) {
            node.close();
        }
    }

    @Test
    void aQuorumWriteReplicatesToEveryNode() throws Exception {
        HttpResponse<String> written = client.send(HttpRequest.newBuilder(URI.create(node("node-1").baseUri()
                        + "/api/v1/items/alice/profile")).header("Content-Type", "application/json")
                .header("X-DistDB-Consistency", "QUORUM").PUT(HttpRequest.BodyPublishers.ofString("{\"age\": 31}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(2, written.statusCode() / 100, written.body());
        // ALL waits for every replica: node-3 reads from node-1 and node-2 over HTTPS with its certificate.
        HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(node("node-3").baseUri()
                + "/api/v1/items/alice/profile")).header("X-DistDB-Consistency", "ALL").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"age\":31"), read.body());
    }

    @Test
    void sqlWorksThroughTheMetadataGroupOverMutualTls() throws Exception {
        assertEquals(200, sql("node-1", "CREATE TABLE accounts (id INT PRIMARY KEY, owner TEXT)").statusCode());
        assertEquals(200, sql("node-2", "INSERT INTO accounts VALUES (1, 'ada')").statusCode());
        HttpResponse<String> selected = sql("node-3", "SELECT owner FROM accounts WHERE id = 1");
        assertTrue(selected.body().contains("ada"), selected.body());
        HttpResponse<String> group = operator.send(adminRequest("node-3", "/admin/v1/metadata").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (String id : IDS) {
            assertTrue(group.body().contains("\"" + id + "\""), "the group has every node as a voter: " + group.body());
        }
    }

    @Test
    void theClientPortSpeaksOnlyTls() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String plainUri = node("node-1").baseUri().replace("https://", "http://") + "/q/health/ready";
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create(plainUri))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aClientThatTrustsAnotherCaRefusesTheNode() throws Exception {
        HttpClient strangers = https(otherCa.clientContext(null));
        assertThrows(IOException.class, () -> strangers.send(HttpRequest.newBuilder(URI.create(node("node-1").baseUri()
                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void theAdminPortRefusesAClientWithoutACertificateOrWithAForeignOne() throws Exception {
        assertThrows(IOException.class, () -> client.send(adminRequest("node-1", "/admin/v1/status").GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        HttpClient foreign = https(ca.clientContext(otherCa.operator()));
        assertThrows(IOException.class, () -> foreign.send(adminRequest("node-1", "/admin/v1/status").GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void theOperatorReachesTheAdminApiButNotTheNodeToNodeEndpoints() throws Exception {
        HttpResponse<String> status = operator.send(adminRequest("node-1", "/admin/v1/status").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode(), status.body());
        HttpResponse<String> read = operator.send(replicaRead("node-1"), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, read.statusCode(), read.body());
        assertTrue(read.body().contains("it accepts only a DistDB node's certificate"), read.body());
    }

    @Test
    void aNodeCertificateOpensTheNodeToNodeEndpointsWithoutAToken() throws Exception {
        HttpClient peer = https(ca.clientContext(certificates.get("node-2")));
        HttpRequest read = HttpRequest.newBuilder(URI.create(node("node-1").adminUri() + "/internal/v1/read"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.encodeKey("k".getBytes(StandardCharsets.UTF_8)))).build();
        assertEquals(200, peer.send(read, HttpResponse.BodyHandlers.ofString()).statusCode());
        // ... and of the admin API only what nodes read of each other.
        assertEquals(200, peer.send(HttpRequest.newBuilder(URI.create(node("node-1").adminUri() + "/admin/v1/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, peer.send(HttpRequest.newBuilder(URI.create(node("node-1").adminUri() + "/admin/v1/data")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theMetadataPortSpeaksTlsAndTakesOnlyNodes() throws Exception {
        int port = node("node-1").metadataPort();
        try (SSLSocket peer = tlsSocket(ca.clientContext(certificates.get("node-2")), port)) {
            peer.startHandshake();
            X509Certificate server = (X509Certificate) peer.getSession().getPeerCertificates()[0];
            assertTrue(server.getSubjectX500Principal().getName().contains("CN=node-1"), server.getSubjectX500Principal().getName());
            assertTrue(http2Exchange(peer) >= 0, "a node's HTTP/2 preface is answered");
        }
        // The operator's certificate comes from the same CA, but the group is for nodes: the handshake fails (with
        // TLS 1.3 the client learns it at its first read).
        try (SSLSocket stranger = tlsSocket(ca.clientContext(ca.operator()), port)) {
            assertThrows(IOException.class, () -> http2Exchange(stranger));
        }
    }

    /** Sends HTTP/2's client preface and an empty SETTINGS frame; the first byte of the answer. */
    private static int http2Exchange(SSLSocket socket) throws IOException {
        socket.startHandshake();
        socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(new byte[]{0, 0, 0, 4, 0, 0, 0, 0, 0});
        socket.getOutputStream().flush();
        return socket.getInputStream().read();
    }

    /** A TLS socket to {@code port}, once something listens there: the group starts after the node is ready. */
    private static SSLSocket tlsSocket(SSLContext context, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SSLSocket socket;
        while (true) {
            try {
                socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
                break;
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[]{"h2"}); // gRPC speaks HTTP/2 only
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Test
    void postgresClientsMustUseTls() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + node("node-1").pgPort() + "/distdb";
        Properties plain = new Properties();
        plain.setProperty("user", "app");
        plain.setProperty("sslmode", "disable");
        PSQLException refused = assertThrows(PSQLException.class, () -> DriverManager.getConnection(url, plain).close());
        assertEquals("28000", refused.getSQLState(), refused.getMessage());
        assertTrue(refused.getMessage().contains("this server requires TLS"), refused.getMessage());

        Properties verified = new Properties();
        verified.setProperty("user", "app");
        verified.setProperty("sslmode", "verify-full");
        verified.setProperty("sslrootcert", ca.caFile().toAbsolutePath().toString());
        try (Connection c = DriverManager.getConnection(url, verified); ResultSet rs = c.createStatement().executeQuery("SELECT 40 + 2")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void aNodeWithOnlySomeTlsSettingsRefusesToStart() throws Exception {
        try (NodeProcess partial = new NodeProcess(runDir.resolve("partial"), Map.of(
                "DISTDB_TLS_CERT_FILE", certificates.get("node-1").certFile().toString()))) {
            IllegalStateException exited = assertThrows(IllegalStateException.class, partial::start);
            assertTrue(exited.getMessage().contains("exited"), exited.getMessage());
            assertFalse(partial.isAlive());
            String log = Files.readString(partial.log());
            assertTrue(log.contains("missing: DISTDB_TLS_KEY_FILE, DISTDB_TLS_CA_FILE"), log);
        }
    }

    private NodeProcess node(String id) {
        return nodes.get(id);
    }

    private HttpRequest.Builder adminRequest(String id, String path) {
        return HttpRequest.newBuilder(URI.create(node(id).adminUri() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private HttpRequest replicaRead(String id) {
        return adminRequest(id, "/internal/v1/read").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.encodeKey("k".getBytes(StandardCharsets.UTF_8)))).build();
    }

    /** A statement through {@code id}'s client port; retried while the metadata group is still electing its leader. */
    private HttpResponse<String> sql(String id, String statement) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(node(id).baseUri() + "/sql"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + statement + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 503 || System.nanoTime() > deadline) {
                assertEquals(200, answer.statusCode(), statement + " on " + id + ": " + answer.body() + " (logs in " + runDir + ")");
                return answer;
            }
            Thread.sleep(500);
        }
    }

    private static HttpClient https(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
