package io.distdb.operator.tls;

import io.distdb.operator.model.ClusterNames;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenewalPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final CertificateAuthority ca = CertificateAuthority.generate("ns/demo", T0);

    @Test
    void aCertificateIsRenewedWithAThirdOfItsLifetimeLeft() {
        X509Certificate cert = ca.issue(CertificateProfiles.operator(Duration.ofHours(3)), T0).leaf();
        // Lifetime 3h05m with the backdating: renewal from 1h01m40s before notAfter.
        Instant notAfter = T0.plus(Duration.ofHours(3));
        assertFalse(RenewalPolicy.expiresSoon(cert, notAfter.minus(Duration.ofMinutes(62))));
        assertTrue(RenewalPolicy.expiresSoon(cert, notAfter.minus(Duration.ofMinutes(61))));
        assertTrue(RenewalPolicy.expiresSoon(cert, notAfter.plusSeconds(1)));
    }

    @Test
    void reasonsNameWhatIsWrong() {
        CertificateProfile operator = CertificateProfiles.operator(Duration.ofDays(90));
        X509Certificate cert = ca.issue(operator, T0).leaf();
        assertEquals(Optional.empty(), RenewalPolicy.reasonToRenew(cert, operator, ca, T0));
        assertEquals(Optional.of("not signed by the current CA"), RenewalPolicy.reasonToRenew(cert, operator,
                CertificateAuthority.generate("other", T0), T0));
        CertificateProfile node = CertificateProfiles.node(new ClusterNames("demo", "ns"), 0, Duration.ofDays(90));
        assertTrue(RenewalPolicy.reasonToRenew(cert, node, ca, T0).orElseThrow().startsWith("subject"));
        X509Certificate clientOnly = ca.issue(new CertificateProfile(node.subject(), false, true, node.dnsNames(),
                node.ipAddresses(), Duration.ofDays(90)), T0).leaf();
        assertEquals(Optional.of("lacks an extended key usage"), RenewalPolicy.reasonToRenew(clientOnly, node, ca, T0));
    }

    /** spec.tls.certificateLifetime shortened: certificates issued for the old, longer lifetime go now. */
    @Test
    void aCertificateIssuedForALongerLifetimeThanAskedIsRenewed() {
        CertificateProfile ninetyDays = CertificateProfiles.operator(Duration.ofDays(90));
        X509Certificate cert = ca.issue(ninetyDays, T0).leaf();
        assertEquals(Optional.empty(), RenewalPolicy.reasonToRenew(cert, ninetyDays, ca, T0.plus(Duration.ofDays(1))));
        CertificateProfile oneHour = CertificateProfiles.operator(Duration.ofHours(1));
        assertTrue(RenewalPolicy.reasonToRenew(cert, oneHour, ca, T0.plus(Duration.ofDays(1))).orElseThrow()
                .contains("longer than the lifetime"));
        X509Certificate hourLong = ca.issue(oneHour, T0).leaf();
        assertEquals(Optional.empty(), RenewalPolicy.reasonToRenew(hourLong, oneHour, ca, T0), "backdating is not a longer lifetime");
        assertEquals(Optional.empty(), RenewalPolicy.reasonToRenew(hourLong, ninetyDays, ca, T0), "a longer lifetime asked for waits");
    }

    @Test
    void lifetimesAreGoDurationsOfAtLeastAnHour() {
        assertEquals(Duration.ofDays(90), CertificateLifetime.parse(null));
        assertEquals(Duration.ofDays(90), CertificateLifetime.parse("2160h"));
        assertEquals(Duration.ofMinutes(90), CertificateLifetime.parse("1h30m"));
        assertEquals(Duration.ofHours(1), CertificateLifetime.parse("3600s"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CertificateLifetime.parse("10m")).getMessage()
                .contains("at least 1h"));
        for (String bad : new String[] {"90d", "", "P90D", "h", "1.5h", "99999999999h"}) {
            assertThrows(IllegalArgumentException.class, () -> CertificateLifetime.parse(bad), bad);
        }
    }
}
