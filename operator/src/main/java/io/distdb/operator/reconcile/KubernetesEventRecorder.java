package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.scaling.ClusterEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Core/v1 Events on the DistDBCluster, as {@code kubectl describe ddb} shows them. Failing to record is logged only. */
public final class KubernetesEventRecorder implements EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void record(DistDBCluster cluster, ClusterEvent event) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        Event k8sEvent = new EventBuilder()
                .withNewMetadata()
                .withName(cluster.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(cluster.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace())
                .withUid(cluster.getMetadata().getUid())
                .endInvolvedObject()
                .withType(event.type().name())
                .withReason(event.reason())
                .withMessage(event.message())
                .withNewSource().withComponent("distdb-operator").endSource()
                .withReportingComponent("distdb-operator")
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(k8sEvent).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} on {}: {}", event.reason(), cluster.getMetadata().getName(), e.getMessage());
        }
        LOG.info("{}/{} {} {}: {}", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(),
                event.type(), event.reason(), event.message());
    }
}
