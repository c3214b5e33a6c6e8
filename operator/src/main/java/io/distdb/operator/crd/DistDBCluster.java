package io.distdb.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A DistDB cluster: a StatefulSet of data nodes that the operator scales without losing data. */
@Group(DistDBCluster.GROUP)
@Version(DistDBCluster.VERSION)
@ShortNames("ddb")
@Plural("distdbclusters")
@Singular("distdbcluster")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rebalance", jsonPath = ".status.rebalance.summary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Epoch", jsonPath = ".status.topologyEpoch", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Client-Secret", jsonPath = ".status.clientSecret", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
// A string, not a date: kubectl prints a date column as the age since it, and a future one as <invalid>.
@AdditionalPrinterColumn(name = "Certificates-Expire", jsonPath = ".status.tls.notAfter",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DistDBCluster extends CustomResource<DistDBClusterSpec, DistDBClusterStatus> implements Namespaced {

    public static final String GROUP = "distdb.io";
    public static final String VERSION = "v1alpha1";
    /** Set to {@code "true"} to stop the operator from changing anything of this cluster. */
    public static final String PAUSE_ANNOTATION = "distdb.io/pause-reconciliation";

    public DistDBCluster() {
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPaused() {
        return getMetadata() != null && getMetadata().getAnnotations() != null
                && "true".equalsIgnoreCase(getMetadata().getAnnotations().get(PAUSE_ANNOTATION));
    }
}
