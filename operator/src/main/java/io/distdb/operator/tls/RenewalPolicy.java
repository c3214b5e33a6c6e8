package io.distdb.operator.tls;

import org.bouncycastle.asn1.x500.X500Name;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a certificate must be issued again: signed by another CA, another subject, a name or usage missing, valid
 * for longer than the lifetime now asked for, or less than a third of its lifetime left. A third leaves time for a rolling restart of every node and for a
 * failing pass to be retried long before anything expires (90 days: renewed with 30 days left).
 */
public final class RenewalPolicy {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    /** More than the backdating of a certificate's start (CertificateAuthority), less than any lifetime change. */
    private static final Duration LIFETIME_SLACK = Duration.ofMinutes(15);

    private RenewalPolicy() {
    }

    /** Why {@code certificate} must be replaced by one for {@code wanted} from {@code ca}; empty when it may stay. */
    public static Optional<String> reasonToRenew(X509Certificate certificate, CertificateProfile wanted,
                                                 CertificateAuthority ca, Instant now) {
        if (!ca.signed(certificate)) {
            return Optional.of("not signed by the current CA");
        }
        if (!X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                .equals(new X500Name(wanted.subject()))) {
            return Optional.of("subject " + certificate.getSubjectX500Principal() + " is not " + wanted.subject());
        }
        List<String> missing = missingNames(certificate, wanted);
        if (!missing.isEmpty()) {
            return Optional.of("lacks the names " + missing);
        }
        if (!hasUsages(certificate, wanted)) {
            return Optional.of("lacks an extended key usage");
        }
        if (outlivesTheLifetime(certificate, wanted.lifetime())) {
            return Optional.of("valid until " + certificate.getNotAfter().toInstant() + ", longer than the lifetime "
                    + wanted.lifetime() + " asked for");
        }
        if (expiresSoon(certificate, now)) {
            return Optional.of("expires at " + certificate.getNotAfter().toInstant());
        }
        return Optional.empty();
    }

    /**
     * Issued for longer than {@code lifetime} (beyond the few minutes its start is backdated for clock skew): the
     * user shortened spec.tls.certificateLifetime, and expects certificates that comply now, not in months.
     */
    static boolean outlivesTheLifetime(X509Certificate certificate, Duration lifetime) {
        Duration validity = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        return validity.compareTo(lifetime.plus(LIFETIME_SLACK)) > 0;
    }

    /** Less than a third of its lifetime (notBefore to notAfter) left at {@code now}. */
    public static boolean expiresSoon(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        return Duration.between(now, notAfter).compareTo(lifetime.dividedBy(3)) < 0;
    }

    private static List<String> missingNames(X509Certificate certificate, CertificateProfile wanted) {
        Set<String> dns = new HashSet<>();
        Set<String> ips = new HashSet<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (((Integer) name.get(0)) == DNS_NAME) {
                        dns.add((String) name.get(1));
                    } else if (((Integer) name.get(0)) == IP_ADDRESS) {
                        ips.add((String) name.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.copyOf(wanted.dnsNames());
        }
        List<String> missing = new ArrayList<>();
        wanted.dnsNames().stream().filter(n -> !dns.contains(n)).forEach(missing::add);
        wanted.ipAddresses().stream().filter(ip -> !ips.contains(ip)).forEach(missing::add);
        return missing;
    }

    private static boolean hasUsages(X509Certificate certificate, CertificateProfile wanted) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage() == null ? List.of() : certificate.getExtendedKeyUsage();
            return (!wanted.serverAuth() || usages.contains(SERVER_AUTH))
                    && (!wanted.clientAuth() || usages.contains(CLIENT_AUTH));
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
