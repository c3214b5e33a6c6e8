package io.distdb.operator.tls;

import io.distdb.operator.model.ClusterNames;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rotation decision, over certificates issued at chosen times. */
class NodeCertificatePlanTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(90);
    static final ClusterNames DEMO = new ClusterNames("demo", "ns");

    final CertificateAuthority ca = CertificateAuthority.generate("ns/demo", T0);

    Map<Integer, CertificateProfile> wanted(int n) {
        Map<Integer, CertificateProfile> wanted = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            wanted.put(i, CertificateProfiles.node(DEMO, i, LIFETIME));
        }
        return wanted;
    }

    Map<Integer, X509Certificate> issued(CertificateAuthority by, int n, Instant at) {
        Map<Integer, X509Certificate> leaves = new TreeMap<>();
        wanted(n).forEach((i, p) -> leaves.put(i, by.issue(p, at).leaf()));
        return leaves;
    }

    @Test
    void aNewClusterGetsACertificatePerOrdinalAndNoRestart() {
        var plan = NodeCertificatePlan.decide(List.of(), Map.of(), wanted(3), ca, T0, true);
        assertEquals(Set.of(0, 1, 2), plan.issue());
        assertEquals(ca.trustAnchors(), plan.bundle());
        assertFalse(plan.rotate());
    }

    @Test
    void freshCertificatesStayAsTheyAre() {
        var leaves = issued(ca, 3, T0);
        var plan = NodeCertificatePlan.decide(ca.trustAnchors(), leaves, wanted(3), ca, T0.plus(Duration.ofDays(59)), true);
        assertEquals(Set.of(), plan.issue());
        assertFalse(plan.rotate());
        assertFalse(plan.changesSecret(ca.trustAnchors()));
    }

    @Test
    void aScaleUpIssuesOnlyTheNewOrdinalsWithoutRestartingTheOthers() {
        var plan = NodeCertificatePlan.decide(ca.trustAnchors(), issued(ca, 3, T0), wanted(5), ca, T0, false);
        assertEquals(Set.of(3, 4), plan.issue());
        assertFalse(plan.rotate());
    }

    @Test
    void withLessThanAThirdOfTheLifetimeLeftAllAreIssuedAgainAndTheNodesRestart() {
        var leaves = issued(ca, 3, T0);
        leaves.put(3, ca.issue(CertificateProfiles.node(DEMO, 3, LIFETIME), T0.plus(Duration.ofDays(40))).leaf());
        // notBefore is backdated by the clock skew: 60 days after T0 is just past two thirds.
        Instant renewal = T0.plus(Duration.ofDays(60));
        var plan = NodeCertificatePlan.decide(ca.trustAnchors(), leaves, wanted(4), ca, renewal, false);
        assertTrue(plan.rotate());
        assertEquals(Set.of(0, 1, 2, 3), plan.issue(), "one rolling restart for all, the younger one too");
        assertTrue(plan.reason().contains("expires at"), plan.reason());
        assertFalse(NodeCertificatePlan.decide(ca.trustAnchors(), leaves, wanted(4), ca,
                renewal.minus(Duration.ofHours(1)), false).rotate());
    }

    @Test
    void aCertificateLackingANameIsIssuedAgain() {
        var leaves = issued(ca, 2, T0);
        CertificateProfile old = CertificateProfiles.node(DEMO, 1, LIFETIME);
        leaves.put(1, ca.issue(new CertificateProfile(old.subject(), true, true, old.dnsNames().subList(0, 3),
                List.of(), LIFETIME), T0).leaf());
        var plan = NodeCertificatePlan.decide(ca.trustAnchors(), leaves, wanted(2), ca, T0, true);
        assertTrue(plan.rotate());
        assertTrue(plan.reason().contains("lacks the names"), plan.reason());
    }

    @Test
    void aNewCaIsTrustedFirstThenSignsOnceEveryPodRestartedThenTheOldOneGoes() {
        CertificateAuthority old = CertificateAuthority.generate("ns/demo", T0);
        var leaves = issued(old, 3, T0);
        Instant now = T0.plus(Duration.ofDays(1));

        var trustFirst = NodeCertificatePlan.decide(old.trustAnchors(), leaves, wanted(3), ca, now, true);
        assertTrue(trustFirst.rotate(), "the nodes restart to load the bundle");
        assertEquals(Set.of(), trustFirst.issue(), "nodes not yet restarted trust only the old CA");
        assertEquals(List.of(ca.certificate(), old.certificate()), trustFirst.bundle());

        var waiting = NodeCertificatePlan.decide(trustFirst.bundle(), leaves, wanted(3), ca, now, false);
        assertTrue(waiting.waiting());
        assertFalse(waiting.rotate());
        assertEquals(Set.of(), waiting.issue());

        var reissue = NodeCertificatePlan.decide(trustFirst.bundle(), leaves, wanted(3), ca, now, true);
        assertTrue(reissue.rotate());
        assertEquals(Set.of(0, 1, 2), reissue.issue());
        assertEquals(trustFirst.bundle(), reissue.bundle(), "pods not yet restarted still present the old CA's");

        var renewed = issued(ca, 3, now);
        var rolling = NodeCertificatePlan.decide(reissue.bundle(), renewed, wanted(3), ca, now, false);
        assertEquals(reissue.bundle(), rolling.bundle());
        var done = NodeCertificatePlan.decide(reissue.bundle(), renewed, wanted(3), ca, now, true);
        assertEquals(ca.trustAnchors(), done.bundle());
        assertFalse(done.rotate(), "dropping a CA no certificate uses needs no restart");
    }
}
