package io.distdb.operator.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A leaf certificate with the certificates a peer needs to reach a trust anchor (the issuing CA when it is an
 * intermediate), and its private key.
 */
public record IssuedCertificate(List<X509Certificate> chain, PrivateKey key) {

    public IssuedCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The chain as the {@code tls.crt} / {@code <pod>.crt} file: leaf first. */
    public String chainPem() {
        return Pem.write(chain);
    }

    public String keyPem() {
        return Pem.write(key);
    }
}
