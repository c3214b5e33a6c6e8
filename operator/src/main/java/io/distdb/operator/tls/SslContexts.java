package io.distdb.operator.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** JDK TLS contexts from certificates held in memory: nothing is written to disk. */
public final class SslContexts {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private SslContexts() {
    }

    /**
     * A context that presents {@code chain} (leaf first) with {@code key} and trusts only {@code trust}: for the
     * operator as a client of the nodes, and for tests as a node.
     */
    public static SSLContext of(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trust) {
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("identity", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, IN_MEMORY);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trustManagers(trust), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** A context that presents no certificate and trusts only {@code trust}: a client of the client ports. */
    public static SSLContext trusting(List<X509Certificate> trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(trust), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(List<X509Certificate> trust)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (int i = 0; i < trust.size(); i++) {
            anchors.setCertificateEntry("ca-" + i, trust.get(i));
        }
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(anchors);
        return trusted.getTrustManagers();
    }
}
