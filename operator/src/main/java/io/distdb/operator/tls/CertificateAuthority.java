package io.distdb.operator.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Signs the certificates of one cluster: a CA the operator generated, or one the user supplied (possibly an
 * intermediate, whose certificate is then sent after each leaf so that peers trusting only the root verify it).
 *
 * <p>Keys the operator makes are EC P-256: generating one takes milliseconds where an RSA 2048 key takes a
 * noticeable fraction of a second, which matters when every node certificate of a cluster is re-issued in one
 * reconcile pass on a busy machine; the keys and signatures are small, and the JDK, OpenSSL (libpq) and Go all
 * speak ECDSA in TLS 1.2 and 1.3. A user's CA may hold an RSA key; it then signs with SHA256withRSA.
 */
public final class CertificateAuthority {

    /** Validity of a CA the operator generates. */
    public static final Duration CA_LIFETIME = Duration.ofDays(3650);
    /** notBefore is set this far in the past, so a node whose clock runs a little behind accepts a fresh certificate. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final List<X509Certificate> trustAnchors;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, List<X509Certificate> trustAnchors) {
        this.certificate = certificate;
        this.key = key;
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    /** A new self-signed CA, valid for {@link #CA_LIFETIME}: basicConstraints CA, keyUsage keyCertSign and cRLSign. */
    public static CertificateAuthority generate(String commonName, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("O=distdb, CN=" + commonName);
        Instant notBefore = now.minus(CLOCK_SKEW);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(notBefore), Date.from(now.plus(CA_LIFETIME)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate ca = sign(builder, keys.getPrivate());
            return new CertificateAuthority(ca, keys.getPrivate(), List.of(ca));
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CA the user supplied.
     *
     * @param trustAnchors the root(s) peers should trust; empty when {@code certificate} is itself the root
     * @throws IllegalArgumentException with a message for the user when it cannot sign: not a CA certificate,
     *                                  a key of another certificate, or outside its validity at {@code now}
     */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key,
                                          List<X509Certificate> trustAnchors, Instant now) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the certificate " + certificate.getSubjectX500Principal()
                    + " is not a CA certificate (basicConstraints CA is not set)");
        }
        if (certificate.getKeyUsage() != null && !certificate.getKeyUsage()[5]) {
            throw new IllegalArgumentException("the certificate " + certificate.getSubjectX500Principal()
                    + " may not sign certificates (keyUsage lacks keyCertSign)");
        }
        if (!keyMatches(certificate.getPublicKey(), key)) {
            throw new IllegalArgumentException("the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal());
        }
        if (now.isAfter(certificate.getNotAfter().toInstant()) || now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new IllegalArgumentException("the certificate " + certificate.getSubjectX500Principal()
                    + " is valid only from " + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant());
        }
        List<X509Certificate> trust = new ArrayList<>(trustAnchors);
        if (trust.isEmpty()) {
            trust.add(certificate);
        }
        return new CertificateAuthority(certificate, key, trust);
    }

    /**
     * Issues a leaf for {@code profile}: a new EC P-256 key, a random 128-bit serial, notBefore
     * {@link #CLOCK_SKEW} in the past, keyUsage digitalSignature, the profile's extended key usages and
     * alternative names. Its notAfter never passes the CA's own.
     */
    public IssuedCertificate issue(CertificateProfile profile, Instant now) {
        KeyPair keys = newKeyPair();
        Instant notAfter = now.plus(profile.lifetime());
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (profile.serverAuth()) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (profile.clientAuth()) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        List<GeneralName> names = new ArrayList<>();
        profile.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        profile.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter), new X500Name(profile.subject()),
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(sign(builder, key));
            chain.addAll(intermediates());
            return new IssuedCertificate(chain, keys.getPrivate());
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this CA signed {@code leaf} (its signature verifies with this CA's key). */
    public boolean signed(X509Certificate leaf) {
        if (!leaf.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            leaf.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The signing certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey key() {
        return key;
    }

    /** What peers trust: the root(s) this CA's certificates chain to. */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The signing certificate when it is an intermediate (not itself trusted): sent after each leaf. */
    private List<X509Certificate> intermediates() {
        return trustAnchors.contains(certificate) ? List.of() : List.of(certificate);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            String algorithm = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no EC P-256", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).add(BigInteger.ONE);
    }

    /** Signs a few bytes with the private key and checks them with the certificate's public key. */
    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        if (!Objects.equals(publicKey.getAlgorithm(), privateKey.getAlgorithm())) {
            return false;
        }
        try {
            String algorithm = "EC".equals(privateKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] probe = "distdb".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
