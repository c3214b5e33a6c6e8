package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.model.CaSecret;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.model.SecretData;
import io.distdb.operator.tls.CertificateAuthority;
import io.distdb.operator.tls.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CA that signs a cluster's certificates: the user's ({@code spec.tls.issuerSecret}), or the one the operator
 * generated into {@code <name>-ca}, generating it on first use. A user's CA that cannot sign is a spec problem,
 * reported as such.
 */
public final class CertificateIssuers {

    /** Either the CA or why there is none, in words for the Ready condition. */
    public record Result(Optional<CertificateAuthority> ca, Optional<String> problem) {

        static Result of(CertificateAuthority ca) {
            return new Result(Optional.of(ca), Optional.empty());
        }

        static Result problem(String problem) {
            return new Result(Optional.empty(), Optional.of(problem));
        }
    }

    private final KubernetesClient client;

    public CertificateIssuers(KubernetesClient client) {
        this.client = client;
    }

    public Result load(DistDBCluster cluster, Instant now) {
        String issuer = cluster.getSpec().getTls() == null ? null : cluster.getSpec().getTls().getIssuerSecret();
        return issuer == null || issuer.isBlank() ? generated(cluster, now) : userSupplied(cluster, issuer, now);
    }

    private Result generated(DistDBCluster cluster, Instant now) {
        ClusterNames names = ClusterNames.of(cluster);
        Secret secret = client.secrets().inNamespace(names.namespace()).withName(names.caSecret()).get();
        if (secret == null) {
            CertificateAuthority ca = CertificateAuthority.generate(names.namespace() + "/" + names.cluster(), now);
            client.resource(CaSecret.build(cluster, ca)).create();
            return Result.of(ca);
        }
        Map<String, String> files = SecretData.readAll(secret);
        try {
            return Result.of(parse(files.get(CaSecret.CERTIFICATE), files.get(CaSecret.KEY), null, now));
        } catch (IllegalArgumentException e) {
            return Result.problem("the generated CA in Secret " + names.caSecret() + " is unusable (" + e.getMessage()
                    + "); delete it to have a new one generated");
        }
    }

    private Result userSupplied(DistDBCluster cluster, String name, Instant now) {
        Secret secret = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(name).get();
        String where = "spec.tls.issuerSecret: Secret " + name;
        if (secret == null) {
            return Result.problem(where + " not found");
        }
        Map<String, String> files = SecretData.readAll(secret);
        try {
            if (files.containsKey("ca.key")) {
                return Result.of(parse(files.get("ca.crt"), files.get("ca.key"), null, now));
            }
            if (files.containsKey("tls.key")) {
                // cert-manager's CA issuer form: tls.crt signs, ca.crt (when present) is the root it chains to.
                return Result.of(parse(files.get("tls.crt"), files.get("tls.key"), files.get("ca.crt"), now));
            }
            return Result.problem(where + " has neither ca.crt and ca.key nor tls.crt and tls.key");
        } catch (IllegalArgumentException e) {
            return Result.problem(where + ": " + e.getMessage());
        }
    }

    private static CertificateAuthority parse(String certificatePem, String keyPem, String rootsPem, Instant now) {
        if (certificatePem == null || keyPem == null) {
            throw new IllegalArgumentException("the certificate or its key is missing");
        }
        List<X509Certificate> certificates = Pem.certificates(certificatePem);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the PEM text");
        }
        PrivateKey key = Pem.privateKey(keyPem);
        List<X509Certificate> roots = rootsPem == null ? List.of() : Pem.certificates(rootsPem);
        return CertificateAuthority.of(certificates.get(0), key, roots, now);
    }
}
