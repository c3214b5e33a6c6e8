package io.distdb.operator.tls;

import io.distdb.operator.model.ClusterNames;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateAuthorityTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final ClusterNames DEMO = new ClusterNames("demo", "ns");
    static final Duration LIFETIME = Duration.ofDays(90);

    final CertificateAuthority ca = CertificateAuthority.generate("ns/demo", NOW);

    @Test
    void theCaIsASelfSignedCaForTenYears() throws Exception {
        X509Certificate cert = ca.certificate();
        cert.verify(cert.getPublicKey());
        assertTrue(cert.getBasicConstraints() >= 0, "basicConstraints CA");
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        assertEquals(NOW.plus(CertificateAuthority.CA_LIFETIME), cert.getNotAfter().toInstant());
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
    }

    @Test
    void aNodeCertificateValidatesAgainstTheCaWithItsNamesAndUsages() throws Exception {
        IssuedCertificate node = ca.issue(CertificateProfiles.node(DEMO, 0, LIFETIME), NOW);
        X509Certificate leaf = node.leaf();

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(node.chain()), params);

        assertEquals("CN=demo-0,O=distdb-node", leaf.getSubjectX500Principal().getName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
        assertFalse(leaf.getKeyUsage()[2], "no keyEncipherment for an EC key");
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        Set<String> names = leaf.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString())
                .collect(Collectors.toSet());
        assertEquals(Set.of("demo-0.demo-peers", "demo-0.demo-peers.ns", "demo-0.demo-peers.ns.svc",
                "demo-0.demo-peers.ns.svc.cluster.local", "demo", "demo.ns", "demo.ns.svc", "demo.ns.svc.cluster.local",
                "localhost", "127.0.0.1"), names);
        assertTrue(names.contains(DEMO.memberAddress(0).substring(0, DEMO.memberAddress(0).indexOf(':'))),
                "the address the operator and the nodes dial");
        assertEquals(NOW.minus(CertificateAuthority.CLOCK_SKEW), leaf.getNotBefore().toInstant());
        assertEquals(NOW.plus(LIFETIME), leaf.getNotAfter().toInstant());
        assertTrue(leaf.getSerialNumber().bitLength() > 64, "a random serial");
        assertTrue(ca.signed(leaf));
        assertFalse(CertificateAuthority.generate("other", NOW).signed(leaf));
    }

    @Test
    void theOperatorCertificateIsAClientOnlyIdentity() throws Exception {
        X509Certificate operator = ca.issue(CertificateProfiles.operator(LIFETIME), NOW).leaf();
        assertEquals("CN=distdb-operator,O=distdb-operator", operator.getSubjectX500Principal().getName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), operator.getExtendedKeyUsage());
        assertEquals(null, operator.getSubjectAlternativeNames());
    }

    @Test
    void aLeafNeverOutlivesItsCa() {
        X509Certificate leaf = ca.issue(CertificateProfiles.node(DEMO, 0, Duration.ofDays(365 * 20)), NOW).leaf();
        assertEquals(ca.certificate().getNotAfter(), leaf.getNotAfter());
    }

    @Test
    void pemRoundTripsCertificatesAndPkcs8Keys() {
        IssuedCertificate node = ca.issue(CertificateProfiles.node(DEMO, 1, LIFETIME), NOW);
        assertTrue(node.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        assertEquals(node.chain(), Pem.certificates(node.chainPem()));
        assertEquals(node.key(), Pem.privateKey(node.keyPem()));
        CertificateAuthority reread = CertificateAuthority.of(Pem.certificates(Pem.write(ca.certificate())).get(0),
                Pem.privateKey(Pem.write(ca.key())), List.of(), NOW);
        assertTrue(reread.signed(node.leaf()));
    }

    @Test
    void aUserCaThatCannotSignIsRefusedWithAReason() {
        IssuedCertificate leaf = ca.issue(CertificateProfiles.node(DEMO, 0, LIFETIME), NOW);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.of(leaf.leaf(), leaf.key(),
                List.of(), NOW)).getMessage().contains("not a CA"));
        CertificateAuthority other = CertificateAuthority.generate("other", NOW);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.of(ca.certificate(),
                other.key(), List.of(), NOW)).getMessage().contains("does not belong"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.of(ca.certificate(),
                ca.key(), List.of(), NOW.plus(Duration.ofDays(4000)))).getMessage().contains("valid only"));
    }

    @Test
    void anIntermediateCaSendsItsCertificateAfterEachLeafAndPeersTrustTheRoot() throws Exception {
        // An intermediate signed by the root, as cert-manager's CA issuer Secret may hold (tls.crt, tls.key, ca.crt).
        IssuedCertificate intermediateLeaf = ca.issue(CertificateProfiles.operator(LIFETIME), NOW);
        assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.of(intermediateLeaf.leaf(),
                intermediateLeaf.key(), List.of(ca.certificate()), NOW), "a leaf is no intermediate");
        CertificateAuthority intermediate = IntermediateCa.signedBy(ca, NOW);
        IssuedCertificate node = intermediate.issue(CertificateProfiles.node(DEMO, 0, LIFETIME), NOW);
        assertEquals(List.of(node.leaf(), intermediate.certificate()), node.chain());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(node.chain()), params);

        // cert-manager and OpenSSL write RSA keys as PKCS#1 (RSA PRIVATE KEY): read as they come.
        java.io.StringWriter pkcs1 = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pkcs1)) {
            writer.writeObject(intermediate.key());
        }
        assertTrue(pkcs1.toString().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertEquals(intermediate.key(), Pem.privateKey(pkcs1.toString()));
    }

    @Test
    void aNodeCertificateFromAnotherCaFailsValidation() throws Exception {
        IssuedCertificate foreign = CertificateAuthority.generate("ns/demo", NOW)
                .issue(CertificateProfiles.node(DEMO, 0, LIFETIME), NOW);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        assertThrows(CertPathValidatorException.class, () -> CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(foreign.chain()), params));
    }

    /**
     * The operator's side of a call to a node's admin port: mutual TLS, the node's certificate checked against the
     * CA and the host name the operator dials.
     */
    @Test
    void aMutualTlsHandshakeWithHostNameVerificationSucceedsWithTheIssuedCertificates() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority live = CertificateAuthority.generate("ns/demo", now);
        IssuedCertificate node = live.issue(CertificateProfiles.node(DEMO, 0, LIFETIME), now);
        IssuedCertificate operator = live.issue(CertificateProfiles.operator(LIFETIME), now);
        SSLContext server = SslContexts.of(node.chain(), node.key(), live.trustAnchors());
        SSLContext client = SslContexts.of(operator.chain(), operator.key(), live.trustAnchors());
        assertEquals("hello", handshake(server, client, "demo-0.demo-peers.ns.svc"));
    }

    @Test
    void theHandshakeFailsForAnotherHostName() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority live = CertificateAuthority.generate("ns/demo", now);
        IssuedCertificate node = live.issue(CertificateProfiles.node(DEMO, 1, LIFETIME), now);
        IssuedCertificate operator = live.issue(CertificateProfiles.operator(LIFETIME), now);
        assertThrows(SSLHandshakeException.class, () -> handshake(
                SslContexts.of(node.chain(), node.key(), live.trustAnchors()),
                SslContexts.of(operator.chain(), operator.key(), live.trustAnchors()), "demo-0.demo-peers.ns.svc"));
    }

    @Test
    void theHandshakeFailsForANodeCertificateOfAnotherCa() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority live = CertificateAuthority.generate("ns/demo", now);
        CertificateAuthority other = CertificateAuthority.generate("ns/demo", now);
        IssuedCertificate node = other.issue(CertificateProfiles.node(DEMO, 0, LIFETIME), now);
        IssuedCertificate operator = live.issue(CertificateProfiles.operator(LIFETIME), now);
        assertThrows(SSLHandshakeException.class, () -> handshake(
                SslContexts.of(node.chain(), node.key(), other.trustAnchors()),
                SslContexts.of(operator.chain(), operator.key(), live.trustAnchors()), "demo-0.demo-peers.ns.svc"));
    }

    /** A TLS server on a loopback port that demands a client certificate; the client dials it as {@code host}. */
    static String handshake(SSLContext server, SSLContext client, String host) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket accepted = listener.accept(); OutputStream out = accepted.getOutputStream()) {
                    out.write("hello".getBytes());
                } catch (IOException e) {
                    // The client's failure is what the test checks.
                }
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, host,
                         listener.getLocalPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                // What the JDK HTTP client does for https: check the certificate against the host dialled.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(host)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                String answer = new String(in.readNBytes(5));
                served.get(5, TimeUnit.SECONDS);
                return answer;
            }
        }
    }
}
