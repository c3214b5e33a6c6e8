package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.Map;

/**
 * The read-only token Prometheus presents to scrape the nodes' {@code /q/metrics} on their admin port: it opens
 * the metrics and nothing else, so a scraper never holds the admin token. A PodMonitor names this Secret
 * ({@code docs/metrics.md}). Generated once, never rewritten.
 */
public final class MetricsTokenSecret {

    public static final String KEY = "token";
    public static final String MOUNT_DIR = "/etc/distdb/metrics";

    private MetricsTokenSecret() {
    }

    public static Secret build(DistDBCluster cluster) {
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, ClusterNames.of(cluster).metricsTokenSecret()))
                .withType("Opaque")
                .withImmutable(true)
                .withData(SecretData.encode(Map.of(KEY, SecretData.randomHexToken())))
                .build();
    }
}
