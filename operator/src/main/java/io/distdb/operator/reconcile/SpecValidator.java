package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.tls.CertificateLifetime;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks the CRD schema also makes, repeated here for API servers without CEL and for objects written
 * before the schema had a rule. Whether the issuer Secret can sign is checked when it is loaded
 * ({@code CertificateIssuers}), and reported the same way. Scale-down below the replication factor is not here: it is refused by the
 * state machine, which keeps the cluster running at its current size.
 */
public final class SpecValidator {

    private SpecValidator() {
    }

    public static List<String> problems(DistDBClusterSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return List.of("spec is missing");
        }
        if (spec.getImage() == null || spec.getImage().isBlank()) {
            problems.add("spec.image is required");
        }
        if (spec.getReplicas() != null && spec.getReplicas() < 1) {
            problems.add("spec.replicas must be at least 1");
        }
        if (spec.getReplicationFactor() != null && spec.getReplicationFactor() < 1) {
            problems.add("spec.replicationFactor must be at least 1");
        }
        if (spec.getVnodes() != null && spec.getVnodes() < 1) {
            problems.add("spec.vnodes must be at least 1");
        }
        if (spec.getStorage() != null && spec.getStorage().getSize() != null) {
            try {
                if (Quantity.getAmountInBytes(new Quantity(spec.getStorage().getSize())).signum() <= 0) {
                    problems.add("spec.storage.size must be positive");
                }
            } catch (IllegalArgumentException e) {
                problems.add("spec.storage.size is not a quantity: " + spec.getStorage().getSize());
            }
        }
        if (spec.tlsEnabled() && spec.getTls() != null) {
            try {
                CertificateLifetime.parse(spec.getTls().getCertificateLifetime());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (spec.getTls().getIssuerSecret() != null && spec.getTls().getIssuerSecret().isBlank()) {
                problems.add("spec.tls.issuerSecret must name a Secret or be left out");
            }
        }
        return problems;
    }
}
