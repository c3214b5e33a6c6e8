package io.distdb.writer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/** TLS for {@code https://} targets, with the JDK alone: the CA certificates to trust, read from a PEM file. */
final class Tls {

    private Tls() {
    }

    /**
     * An {@link SSLContext} that trusts exactly the certificates of {@code caFile} (PEM, one or more
     * {@code -----BEGIN CERTIFICATE-----} blocks, e.g. the {@code ca.crt} of a cluster's client Secret).
     * Host names are still checked: the JDK's HTTP client verifies that the server's certificate names the host of
     * the URL.
     *
     * @return the context, or {@code null} when {@code caFile} is {@code null} (the JDK's default trust store)
     * @throws UsageException when the file cannot be read or holds no certificate
     */
    static SSLContext trusting(String caFile) {
        if (caFile == null) {
            return null;
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new UsageException("cannot read CA file " + caFile + ": " + e);
        } catch (CertificateException e) {
            throw new UsageException("CA file " + caFile + " is not PEM X.509 certificates: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new UsageException("CA file " + caFile + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // Every JDK has these algorithms and an empty key store loads: not the user's fault.
            throw new IllegalStateException("cannot set up TLS with the certificates of " + caFile, e);
        }
    }

    /** The failed TLS handshake in {@code failure}'s causes, or {@code null} when it is not one. */
    static SSLHandshakeException handshakeFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException handshake) {
                return handshake;
            }
        }
        return null;
    }
}
