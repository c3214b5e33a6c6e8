package io.distdb.bench.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a node reads, and a mutual TLS handshake on loopback with the host name checked, as nodes do. */
class BenchCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void nodeFilesAreAPemChainAndAPkcs8Key() throws Exception {
        BenchCertificates certs = BenchCertificates.create(dir);
        BenchCertificates.Identity node = certs.node("n1", "n1");

        List<? extends java.security.cert.Certificate> chain;
        try (InputStream in = Files.newInputStream(node.certFile())) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        assertEquals(2, chain.size());
        X509Certificate leaf = (X509Certificate) chain.get(0);
        leaf.verify(certs.ca().getPublicKey());
        assertEquals("CN=n1,O=distdb-node", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
        assertTrue(leaf.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("127.0.0.1")));
        assertEquals(certs.ca(), chain.get(1));

        String pem = Files.readString(node.keyFile(), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertEquals(node.key(), KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)));
        assertEquals(certs.caFile(), Path.of(certs.nodeEnv(node).get("DISTDB_TLS_CA_FILE")));
    }

    @Test
    void operatorHandshakesWithANodeThatRequiresAClientCertificate() throws Exception {
        BenchCertificates certs = BenchCertificates.create(dir);
        BenchCertificates.Identity node = certs.node("n1", "n1");
        try (SSLServerSocket server = (SSLServerSocket) certs.clientContext(node).getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    String who = ((X509Certificate) accepted.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                    accepted.getOutputStream().write(1);
                    return who;
                } catch (Exception e) {
                    return e.toString();
                }
            });
            try (SSLSocket client = (SSLSocket) certs.clientContext(certs.operator()).getSocketFactory()
                    .createSocket("127.0.0.1", server.getLocalPort())) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                assertEquals(1, client.getInputStream().read());
            }
            assertEquals("CN=distdb-operator,O=distdb-operator", peer.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClientOfAnotherCaIsRefused() throws Exception {
        BenchCertificates ours = BenchCertificates.create(dir.resolve("ours"));
        BenchCertificates theirs = BenchCertificates.create(dir.resolve("theirs"));
        try (SSLServerSocket server = (SSLServerSocket) ours.clientContext(ours.node("n1", "n1"))
                .getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                } catch (Exception expected) {
                    // the client gives up on our certificate
                }
            });
            try (SSLSocket client = (SSLSocket) theirs.clientContext(null).getSocketFactory()
                    .createSocket("127.0.0.1", server.getLocalPort())) {
                assertThrows(SSLHandshakeException.class, client::startHandshake);
            }
        }
    }
}
