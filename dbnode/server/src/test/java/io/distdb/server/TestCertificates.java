package io.distdb.server;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority of a test's own, issuing certificates as the operator does: nodes get
 * {@code O=distdb-node, CN=<id>} for server and client use with the SANs {@code localhost} and {@code 127.0.0.1},
 * the operator gets {@code O=distdb-operator, CN=distdb-operator} for client use. Everything is written as PEM
 * files into one directory, as a node reads them.
 */
public final class TestCertificates {

    /** An issued certificate: its PEM files (chain and key) and the same in memory, for a test's own clients. */
    public record Issued(Path certFile, Path keyFile, PrivateKey key, X509Certificate[] chain) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    private TestCertificates(Path dir, String name) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.name = name;
        this.caKeys = rsa();
        X500Name subject = new X500Name("O=distdb-test, CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, caKeys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(builder, caKeys.getPrivate());
        this.caFile = dir.resolve(name + "-ca.pem");
        writePem(caFile, ca);
    }

    /** A new CA named {@code name}, its files under {@code dir}. */
    public static TestCertificates authority(Path dir, String name) throws Exception {
        return new TestCertificates(dir, name);
    }

    /** The CA's certificate, PEM: what {@code DISTDB_TLS_CA_FILE} names. */
    public Path caFile() {
        return caFile;
    }

    /**
     * A node's certificate. {@code pkcs1} writes its key as {@code RSA PRIVATE KEY} (PKCS#1), else as
     * {@code PRIVATE KEY} (PKCS#8); the chain file holds the node's certificate and then the CA's.
     */
    public Issued node(String id, boolean pkcs1) throws Exception {
        return issue("node-" + id, new X500Name("O=distdb-node, CN=" + id), true, pkcs1);
    }

    /** The operator's client certificate. */
    public Issued operator() throws Exception {
        return issue("operator", new X500Name("O=distdb-operator, CN=distdb-operator"), false, false);
    }

    private Issued issue(String file, X500Name subject, boolean server, boolean pkcs1) throws Exception {
        KeyPair keys = rsa();
        KeyPurposeId[] purposes = server ? new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[]{KeyPurposeId.id_kp_clientAuth};
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), subject, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        X509Certificate certificate = sign(builder, caKeys.getPrivate());
        Path certFile = dir.resolve(name + "-" + file + ".crt");
        Path keyFile = dir.resolve(name + "-" + file + ".key");
        writePem(certFile, certificate, ca);
        try (Writer out = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // JcaPEMWriter writes an RSA key as PKCS#1; the PKCS#8 generator as PKCS#8.
            pem.writeObject(pkcs1 ? keys.getPrivate() : new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        return new Issued(certFile, keyFile, keys.getPrivate(), new X509Certificate[]{certificate, ca});
    }

    /**
     * A client's TLS context that trusts this CA only and, unless {@code identity} is null, presents
     * {@code identity} as its client certificate.
     */
    public SSLContext clientContext(Issued identity) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (identity != null) {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("me", identity.key(), new char[0], identity.chain());
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static void writePem(Path file, X509Certificate... certificates) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
    }
}
