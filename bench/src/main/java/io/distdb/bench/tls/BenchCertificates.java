package io.distdb.bench.tls;

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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throwaway certificate authority for a benchmark run, issuing what the operator issues to a cluster: EC P-256
 * keys signed with SHA256withECDSA; node certificates {@code O=distdb-node, CN=<id>} for server and client use
 * with the SANs {@code localhost} and {@code 127.0.0.1} (loopback clusters); the operator's client certificate
 * {@code O=distdb-operator, CN=distdb-operator}. Certificates are written as PEM chains (leaf, then CA), keys as
 * PKCS#8 {@code PRIVATE KEY}, all into one directory, as a node reads them from {@code DISTDB_TLS_*}.
 *
 * <p>Used by the cluster benchmark and by the YCSB benchmark ({@code bench/ycsb} depends on this module for it).
 */
public final class BenchCertificates {

    /** An issued certificate: its PEM files and the same in memory, for the benchmark's own clients. */
    public record Identity(Path certFile, Path keyFile, PrivateKey key, X509Certificate[] chain) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    private BenchCertificates(Path dir) throws GeneralSecurityException, IOException {
        this.dir = Files.createDirectories(dir);
        this.caKeys = ecKeys();
        X500Name subject = new X500Name("O=distdb-bench, CN=distdb-bench-ca");
        this.ca = sign(builder(subject, subject, caKeys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        this.caFile = dir.resolve("ca.crt");
        writeCertificates(caFile, ca);
    }

    /** A new CA whose files (and those of every certificate it issues) go to {@code dir}. */
    public static BenchCertificates create(Path dir) throws GeneralSecurityException, IOException {
        return new BenchCertificates(dir);
    }

    /** The CA's certificate, PEM: what {@code DISTDB_TLS_CA_FILE} names. */
    public Path caFile() {
        return caFile;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A node's certificate; {@code file} names its files ({@code <file>.crt}, {@code <file>.key}). */
    public Identity node(String id, String file) throws GeneralSecurityException, IOException {
        return issue(file, new X500Name("O=distdb-node, CN=" + id), true);
    }

    /** The operator's client certificate, what an admin client presents on the admin port. */
    public Identity operator() throws GeneralSecurityException, IOException {
        return issue("operator", new X500Name("O=distdb-operator, CN=distdb-operator"), false);
    }

    /** The three settings that turn TLS on in a node that is {@code node}. */
    public Map<String, String> nodeEnv(Identity node) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISTDB_TLS_CERT_FILE", node.certFile().toString());
        env.put("DISTDB_TLS_KEY_FILE", node.keyFile().toString());
        env.put("DISTDB_TLS_CA_FILE", caFile.toString());
        return env;
    }

    /**
     * A client's TLS context that trusts this CA only and, unless {@code identity} is null, presents it as the
     * client certificate. Host names are checked by the HTTP clients (the JDK's and Apache's both do for https).
     */
    public SSLContext clientContext(Identity identity) throws GeneralSecurityException, IOException {
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

    private Identity issue(String file, X500Name subject, boolean node) throws GeneralSecurityException, IOException {
        KeyPair keys = ecKeys();
        KeyPurposeId[] purposes = node
                ? new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[]{KeyPurposeId.id_kp_clientAuth};
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                subject, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        if (node) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        X509Certificate certificate = sign(builder);
        Path certFile = dir.resolve(file + ".crt");
        Path keyFile = dir.resolve(file + ".key");
        writeCertificates(certFile, certificate, ca);
        // A JDK private key encodes as PKCS#8.
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new Identity(certFile, keyFile, keys.getPrivate(), new X509Certificate[]{certificate, ca});
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(7))), subject,
                keys.getPublic());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void writeCertificates(Path file, X509Certificate... certificates)
            throws IOException, GeneralSecurityException {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            out.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(file, out, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
