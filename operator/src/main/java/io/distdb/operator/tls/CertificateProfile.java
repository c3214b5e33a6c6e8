package io.distdb.operator.tls;

import java.time.Duration;
import java.util.List;

/**
 * What a leaf certificate must say: its subject, what it may be used for, and the names it answers to.
 *
 * @param subject     an X.500 name such as {@code O=distdb-node,CN=demo-0}
 * @param serverAuth  whether it may serve TLS (extended key usage serverAuth)
 * @param clientAuth  whether it may authenticate a TLS client (clientAuth)
 * @param dnsNames    subject alternative DNS names
 * @param ipAddresses subject alternative IP addresses
 * @param lifetime    from notBefore to notAfter (before the clock-skew backdating)
 */
public record CertificateProfile(String subject, boolean serverAuth, boolean clientAuth, List<String> dnsNames,
                                 List<String> ipAddresses, Duration lifetime) {

    public CertificateProfile {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }
}
