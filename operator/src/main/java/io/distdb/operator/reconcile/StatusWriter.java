package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Replaces the status subresource, guarded by the resourceVersion that was observed: if the spec changed in the
 * meantime (a reversal), the write fails and no action is taken on a stale decision.
 */
public final class StatusWriter {

    private final KubernetesClient client;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** @return the updated resource, or empty when it changed since it was read */
    public Optional<DistDBCluster> write(DistDBCluster observed, DistDBClusterStatus status) {
        DistDBCluster update = new DistDBCluster();
        update.setMetadata(observed.getMetadata());
        update.setSpec(observed.getSpec());
        update.setStatus(status);
        try {
            return Optional.of(client.resource(update).updateStatus());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
