package io.distdb.operator.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to do with the node certificates Secret on this pass; pure, so every rule is unit-tested over times and
 * certificates.
 *
 * <ol>
 * <li>A CA the trust bundle lacks (the user changed {@code spec.tls.issuerSecret}) is added to the bundle first,
 * keeping the old CA, and the nodes restart to trust both; the node certificates stay as they are, since nodes
 * not yet restarted trust only the old CA.</li>
 * <li>Certificates of another CA are issued again only once every pod runs with that bundle
 * ({@code rolledOut}).</li>
 * <li>Otherwise, when any certificate must be renewed ({@link RenewalPolicy}), all are issued again at once, so one
 * rolling restart covers them all.</li>
 * <li>Ordinals without a certificate get one, without a restart: only pods yet to start read them.</li>
 * <li>Old CAs leave the bundle once every pod runs a certificate of the current CA, without a restart (nodes
 * read the bundle when they start).</li>
 * </ol>
 * Restarts ({@link Plan#rotate()}) go through the pod template, and so through the operator's rolling update.
 */
public final class NodeCertificatePlan {

    private NodeCertificatePlan() {
    }

    /**
     * @param bundle   the trust anchors in the Secret's {@code ca.crt}
     * @param rotate   whether running nodes must restart to load the Secret's new content
     * @param issue    the ordinals to issue a certificate for
     * @param reason   why, for the event and the log; empty when nothing rotates
     * @param waiting  a rotation waits for pods to restart first
     */
    public record Plan(List<X509Certificate> bundle, Set<Integer> issue, boolean rotate, String reason,
                       boolean waiting) {

        public Plan {
            bundle = List.copyOf(bundle);
            issue = Set.copyOf(new TreeSet<>(issue));
        }

        public boolean changesSecret(List<X509Certificate> current) {
            return !issue.isEmpty() || !bundle.equals(current);
        }
    }

    /**
     * @param bundle    the trust bundle in the Secret now (empty when there is no Secret)
     * @param leaves    the node certificates in the Secret now, by ordinal
     * @param wanted    the profile of every ordinal that needs a certificate
     * @param rolledOut every pod runs with the Secret's current content (the pod template that carries its
     *                  generation is fully rolled out)
     */
    public static Plan decide(List<X509Certificate> bundle, Map<Integer, X509Certificate> leaves,
                              Map<Integer, CertificateProfile> wanted, CertificateAuthority ca, Instant now,
                              boolean rolledOut) {
        List<X509Certificate> anchors = ca.trustAnchors();
        Set<Integer> missing = new TreeSet<>(wanted.keySet());
        missing.removeAll(leaves.keySet());

        if (!bundle.isEmpty() && !bundle.containsAll(anchors)) {
            List<X509Certificate> both = new ArrayList<>(new LinkedHashSet<>(anchors));
            bundle.stream().filter(c -> !both.contains(c) && c.getNotAfter().toInstant().isAfter(now)).forEach(both::add);
            return new Plan(both, missing, true, "the trust bundle gains the CA " + subject(anchors.get(0))
                    + "; the nodes restart to trust it before their certificates are issued by it", false);
        }
        List<Integer> foreign = leaves.entrySet().stream().filter(e -> wanted.containsKey(e.getKey())
                && !ca.signed(e.getValue())).map(Map.Entry::getKey).sorted().toList();
        if (!foreign.isEmpty() && !rolledOut) {
            return new Plan(bundle, missing, false, "", true);
        }
        Optional<String> renewal = wanted.entrySet().stream()
                .filter(e -> leaves.containsKey(e.getKey()))
                .flatMap(e -> RenewalPolicy.reasonToRenew(leaves.get(e.getKey()), e.getValue(), ca, now)
                        .map(r -> "the certificate of ordinal " + e.getKey() + " " + r).stream())
                .findFirst();
        if (renewal.isPresent()) {
            // Renewing away from an old CA keeps it in the bundle: pods not yet restarted still present its certificates.
            return new Plan(bundle.isEmpty() ? anchors : bundle, wanted.keySet(), true, renewal.get(), false);
        }
        // Old CAs leave the bundle once every pod runs a certificate of the current one.
        boolean oldCasUnused = rolledOut && foreign.isEmpty();
        return new Plan(bundle.isEmpty() || oldCasUnused ? anchors : bundle, missing, false, "", false);
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
