package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.TlsStatus;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.model.NodeTlsSecret;
import io.distdb.operator.model.OperatorTlsSecret;
import io.distdb.operator.model.SecretData;
import io.distdb.operator.nodes.NodeCredentials;
import io.distdb.operator.scaling.ClusterEvent;
import io.distdb.operator.tls.CertificateAuthority;
import io.distdb.operator.tls.CertificateLifetime;
import io.distdb.operator.tls.CertificateProfile;
import io.distdb.operator.tls.CertificateProfiles;
import io.distdb.operator.tls.IssuedCertificate;
import io.distdb.operator.tls.NodeCertificatePlan;
import io.distdb.operator.tls.Pem;
import io.distdb.operator.tls.RenewalPolicy;
import io.distdb.operator.tls.SslContexts;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Keeps a TLS cluster's certificates issued and fresh: the node certificates Secret (every ordinal the
 * StatefulSet may run, decided by {@link NodeCertificatePlan}) and the operator's own client certificate. It reads
 * only the Secrets it writes and the StatefulSet, by name.
 */
public final class ClusterCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCertificates.class);

    private final KubernetesClient client;
    private final OwnedResources resources;
    private final Clock clock;

    public ClusterCertificates(KubernetesClient client, OwnedResources resources, Clock clock) {
        this.client = client;
        this.resources = resources;
        this.clock = clock;
    }

    /**
     * What the rest of the pass needs.
     *
     * @param ordinals    node certificates exist for ordinals {@code 0..ordinals-1}
     * @param generation  the node certificates' generation, for the pod template
     * @param trustBundle the CAs nodes and clients trust, as PEM
     * @param waiting     a rotation waits for the pods to restart first
     */
    public record Result(int ordinals, String generation, String trustBundle, SSLContext operatorContext,
                         String operatorFingerprint, TlsStatus status, List<ClusterEvent> events, boolean waiting) {

        public NodeCredentials credentials(String adminToken) {
            return NodeCredentials.mutualTls(adminToken, operatorContext, operatorFingerprint);
        }
    }

    /** @param minimumOrdinals ordinals that need a certificate whatever the StatefulSet runs now */
    public Result ensure(DistDBCluster cluster, CertificateAuthority ca, int minimumOrdinals) {
        ClusterNames names = ClusterNames.of(cluster);
        Instant now = clock.instant();
        Duration lifetime = CertificateLifetime.parse(cluster.getSpec().getTls() == null ? null
                : cluster.getSpec().getTls().getCertificateLifetime());
        List<ClusterEvent> events = new ArrayList<>();

        Secret nodeSecret = get(names, names.nodeTlsSecret());
        Map<String, String> files = new TreeMap<>(SecretData.readAll(nodeSecret));
        List<X509Certificate> bundleBefore = files.containsKey(NodeTlsSecret.TRUST_BUNDLE)
                ? Pem.certificates(files.get(NodeTlsSecret.TRUST_BUNDLE)) : List.of();
        Map<Integer, X509Certificate> leaves = leaves(names, files);
        StatefulSet sts = client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet()).get();
        int ordinals = IntStream.of(minimumOrdinals, replicas(sts),
                leaves.keySet().stream().mapToInt(i -> i + 1).max().orElse(0)).max().orElse(0);
        Map<Integer, CertificateProfile> wanted = new TreeMap<>();
        for (int i = 0; i < ordinals; i++) {
            wanted.put(i, CertificateProfiles.node(names, i, lifetime));
        }
        String generationBefore = NodeTlsSecret.generation(nodeSecret);
        boolean rolledOut = rolledOut(sts, generationBefore);

        NodeCertificatePlan.Plan plan = NodeCertificatePlan.decide(bundleBefore, leaves, wanted, ca, now, rolledOut);
        files.put(NodeTlsSecret.TRUST_BUNDLE, Pem.write(plan.bundle()));
        for (int ordinal : plan.issue()) {
            IssuedCertificate issued = ca.issue(wanted.get(ordinal), now);
            files.put(NodeTlsSecret.certificateFile(names.pod(ordinal)), issued.chainPem());
            files.put(NodeTlsSecret.keyFile(names.pod(ordinal)), issued.keyPem());
            leaves.put(ordinal, issued.leaf());
        }
        String generation = plan.rotate() || generationBefore == null
                ? generation(plan.bundle(), leaves) : generationBefore;
        if (plan.changesSecret(bundleBefore) || !generation.equals(generationBefore)) {
            resources.writeSecret(NodeTlsSecret.build(cluster, files, generation), nodeSecret);
        }
        if (plan.rotate()) {
            LOG.info("{}/{}: node certificates rotated: {}", names.namespace(), names.cluster(), plan.reason());
            events.add(ClusterEvent.normal("CertificatesRotated", "Node certificates issued again (" + plan.reason()
                    + "); the nodes restart one at a time"));
        }

        // The operator moves to a new CA's certificate only once every node trusts that CA.
        boolean nodesTrustCa = bundleBefore.containsAll(ca.trustAnchors()) && rolledOut;
        Operator operator = ensureOperator(cluster, ca, lifetime, plan.bundle(), nodesTrustCa, now, events);

        Instant notAfter = leaves.entrySet().stream().filter(e -> e.getKey() < ordinals)
                .map(e -> e.getValue().getNotAfter().toInstant())
                .reduce(operator.leaf().getNotAfter().toInstant(), (a, b) -> a.isBefore(b) ? a : b);
        TlsStatus status = new TlsStatus(notAfter.toString(), ca.certificate().getNotAfter().toInstant().toString(),
                generation);
        return new Result(ordinals, generation, Pem.write(plan.bundle()),
                SslContexts.of(operator.chain(), operator.key(), plan.bundle()), operator.fingerprint(), status,
                events, plan.waiting());
    }

    private record Operator(List<X509Certificate> chain, PrivateKey key, String fingerprint) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    private Operator ensureOperator(DistDBCluster cluster, CertificateAuthority ca, Duration lifetime,
                                    List<X509Certificate> bundle, boolean nodesTrustCa, Instant now,
                                    List<ClusterEvent> events) {
        ClusterNames names = ClusterNames.of(cluster);
        Secret secret = get(names, names.operatorTlsSecret());
        Map<String, String> files = SecretData.readAll(secret);
        CertificateProfile profile = CertificateProfiles.operator(lifetime);
        List<X509Certificate> chain = files.containsKey(OperatorTlsSecret.CERTIFICATE)
                ? Pem.certificates(files.get(OperatorTlsSecret.CERTIFICATE)) : List.of();
        Optional<String> renew = chain.isEmpty() || !files.containsKey(OperatorTlsSecret.KEY)
                ? Optional.of("none yet") : RenewalPolicy.reasonToRenew(chain.get(0), profile, ca, now);
        if (renew.isPresent() && !chain.isEmpty() && !ca.signed(chain.get(0)) && !nodesTrustCa) {
            renew = Optional.empty();
        }
        String certificatePem = files.get(OperatorTlsSecret.CERTIFICATE);
        String keyPem = files.get(OperatorTlsSecret.KEY);
        if (renew.isPresent()) {
            IssuedCertificate issued = ca.issue(profile, now);
            certificatePem = issued.chainPem();
            keyPem = issued.keyPem();
            if (secret != null) {
                events.add(ClusterEvent.normal("CertificatesRotated", "The operator's client certificate issued "
                        + "again (" + renew.get() + ")"));
            }
        }
        String bundlePem = Pem.write(bundle);
        if (renew.isPresent() || !bundlePem.equals(files.get(OperatorTlsSecret.TRUST_BUNDLE))) {
            resources.writeSecret(OperatorTlsSecret.build(cluster, certificatePem, keyPem, bundlePem), secret);
        }
        return new Operator(Pem.certificates(certificatePem), Pem.privateKey(keyPem),
                sha256(certificatePem + bundlePem));
    }

    /** The node certificates by ordinal; an ordinal whose key or certificate is missing or unreadable has none. */
    private static Map<Integer, X509Certificate> leaves(ClusterNames names, Map<String, String> files) {
        Map<Integer, X509Certificate> leaves = new TreeMap<>();
        files.forEach((file, pem) -> {
            if (!file.endsWith(".crt") || file.equals(NodeTlsSecret.TRUST_BUNDLE)) {
                return;
            }
            String pod = file.substring(0, file.length() - ".crt".length());
            names.ordinalOf(pod).ifPresent(ordinal -> {
                try {
                    List<X509Certificate> chain = Pem.certificates(pem);
                    if (!chain.isEmpty() && files.containsKey(NodeTlsSecret.keyFile(pod))) {
                        Pem.privateKey(files.get(NodeTlsSecret.keyFile(pod)));
                        leaves.put(ordinal, chain.get(0));
                    }
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: {} is unreadable and is issued again: {}", names.nodeTlsSecret(), file, e.getMessage());
                }
            });
        });
        return leaves;
    }

    /**
     * Every pod runs the pod template that carries {@code generation}: the StatefulSet controller has seen its
     * latest spec and all its replicas are updated and ready. No StatefulSet: no pod to wait for.
     */
    static boolean rolledOut(StatefulSet sts, String generation) {
        if (sts == null) {
            return true;
        }
        Map<String, String> annotations = sts.getSpec().getTemplate().getMetadata() == null ? null
                : sts.getSpec().getTemplate().getMetadata().getAnnotations();
        if (annotations == null || !Objects.equals(annotations.get(NodeTlsSecret.GENERATION_ANNOTATION), generation)) {
            return false;
        }
        var status = sts.getStatus();
        int replicas = replicas(sts);
        return status != null && status.getObservedGeneration() != null && sts.getMetadata().getGeneration() != null
                && status.getObservedGeneration() >= sts.getMetadata().getGeneration()
                && Objects.equals(status.getUpdatedReplicas(), replicas)
                && Objects.equals(status.getReadyReplicas(), replicas);
    }

    private static int replicas(StatefulSet sts) {
        return sts == null || sts.getSpec().getReplicas() == null ? 0 : sts.getSpec().getReplicas();
    }

    /** A short hash of the trust bundle and the node certificates' serials: changes exactly when they do. */
    static String generation(List<X509Certificate> bundle, Map<Integer, X509Certificate> leaves) {
        StringBuilder text = new StringBuilder();
        bundle.forEach(c -> text.append("ca:").append(c.getSerialNumber().toString(16)).append('\n'));
        new TreeMap<>(leaves).forEach((ordinal, c) -> text.append(ordinal).append(':')
                .append(c.getSerialNumber().toString(16)).append('\n'));
        return sha256(text.toString()).substring(0, 16);
    }

    private Secret get(ClusterNames names, String name) {
        return client.secrets().inNamespace(names.namespace()).withName(name).get();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
