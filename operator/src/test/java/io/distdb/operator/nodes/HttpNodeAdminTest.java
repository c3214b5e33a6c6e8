package io.distdb.operator.nodes;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.distdb.admin.api.AdminClient;
import io.distdb.admin.api.AdminException;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.tls.CertificateAuthority;
import io.distdb.operator.tls.CertificateProfiles;
import io.distdb.operator.tls.IssuedCertificate;
import io.distdb.operator.tls.SslContexts;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HttpNodeAdminTest {

    static final ClusterNames DEMO = new ClusterNames("demo", "ns");

    @Test
    void withTlsTheOperatorDialsTheNodesStableNameOverHttps() {
        SSLContext any = SslContexts.of(operator(CertificateAuthority.generate("x", Instant.now())).chain(),
                operator(CertificateAuthority.generate("x", Instant.now())).key(), java.util.List.of());
        HttpNodeAdmin tls = new HttpNodeAdmin(DEMO, NodeCredentials.mutualTls("t", any, "f"), null);
        assertEquals(URI.create("https://demo-2.demo-peers.ns.svc:9090"), tls.endpoint("demo-2"));
        HttpNodeAdmin plain = new HttpNodeAdmin(DEMO, NodeCredentials.plain("t"), null);
        assertEquals(URI.create("http://demo-2.demo-peers.ns.svc:9090"), plain.endpoint("demo-2"));
    }

    @Test
    void theOperatorsClientPresentsItsCertificateVerifiesTheNodeAndSendsTheToken() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("ns/demo", Instant.now());
        IssuedCertificate node = ca.issue(CertificateProfiles.node(DEMO, 0, Duration.ofDays(1)), Instant.now());
        AtomicReference<String> seen = new AtomicReference<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(SslContexts.of(node.chain(), node.key(), ca.trustAnchors())) {
            @Override
            public void configure(HttpsParameters params) {
                // As the node's admin port: a client certificate of the CA is required.
                javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/admin/v1/status", exchange -> {
            var session = ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession();
            seen.set(session.getPeerPrincipal().getName() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"nodeId\":\"demo-0\",\"topologyEpoch\":1,\"state\":\"NORMAL\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            IssuedCertificate operator = operator(ca);
            NodeCredentials credentials = NodeCredentials.mutualTls("admin-token",
                    SslContexts.of(operator.chain(), operator.key(), ca.trustAnchors()), "fp");
            var http = new HttpClients().forCluster(DEMO, credentials);
            // "localhost" is among the node certificate's names; the host name is verified as for the pod's name.
            URI base = URI.create("https://localhost:" + server.getAddress().getPort());
            assertEquals("demo-0", new AdminClient(base, "admin-token", http, Duration.ofSeconds(5)).status().nodeId());
            assertEquals("CN=distdb-operator,O=distdb-operator Bearer admin-token", seen.get());

            IssuedCertificate stranger = operator(CertificateAuthority.generate("ns/demo", Instant.now()));
            var strangerHttp = new HttpClients().forCluster(DEMO, NodeCredentials.mutualTls("admin-token",
                    SslContexts.of(stranger.chain(), stranger.key(), ca.trustAnchors()), "other"));
            assertThrows(AdminException.class, () -> new AdminClient(base, "admin-token", strangerHttp,
                    Duration.ofSeconds(5)).status(), "a client certificate of another CA is refused");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theClientIsKeptUntilTheCertificateChanges() {
        IssuedCertificate operator = operator(CertificateAuthority.generate("x", Instant.now()));
        SSLContext context = SslContexts.of(operator.chain(), operator.key(), java.util.List.of());
        HttpClients clients = new HttpClients();
        var first = clients.forCluster(DEMO, NodeCredentials.mutualTls("t", context, "a"));
        assertEquals(first, clients.forCluster(DEMO, NodeCredentials.mutualTls("t", context, "a")));
        assertEquals(false, first == clients.forCluster(DEMO, NodeCredentials.mutualTls("t", context, "b")));
    }

    static IssuedCertificate operator(CertificateAuthority ca) {
        return ca.issue(CertificateProfiles.operator(Duration.ofDays(1)), Instant.now());
    }
}
