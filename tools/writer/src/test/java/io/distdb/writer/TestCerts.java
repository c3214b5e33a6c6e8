package io.distdb.writer;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Certificates made for one test run: a CA, and server certificates it signs for the fake node's HTTPS. */
final class TestCerts {

    /** A certificate and its private key. */
    record Issued(X509Certificate certificate, KeyPair keys) {

        /** The certificate as PEM, what a {@code ca.crt} file holds. */
        String pem() {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(encoded()) + "\n"
                    + "-----END CERTIFICATE-----\n";
        }

        private byte[] encoded() {
            try {
                return certificate.getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private TestCerts() {
    }

    /** A self-signed CA. */
    static Issued ca(String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            X509v3CertificateBuilder builder = builder(subject, subject, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Issued(sign(builder, keys), keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server certificate signed by {@code ca} for the names {@code sans} (IPv4 addresses or DNS names). */
    static Issued server(Issued ca, String... sans) {
        KeyPair keys = keyPair();
        GeneralName[] names = new GeneralName[sans.length];
        for (int i = 0; i < sans.length; i++) {
            names[i] = new GeneralName(sans[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName,
                    sans[i]);
        }
        try {
            X509v3CertificateBuilder builder = builder(
                    X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + sans[0]), keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            return new Issued(sign(builder, ca.keys()), keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server side {@link SSLContext} that presents {@code server} with the chain up to {@code ca}. */
    static SSLContext serverContext(Issued server, Issued ca) {
        try {
            char[] password = "test".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", server.keys().getPrivate(), password,
                    new Certificate[] {server.certificate(), ca.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
