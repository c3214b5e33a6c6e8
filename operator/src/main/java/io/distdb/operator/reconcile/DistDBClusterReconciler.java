package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.time.Duration;

/**
 * The Java Operator SDK entry point, kept thin: the work is in {@link ClusterReconciliation}. While a scale is
 * in progress the cluster is looked at again every few seconds (node progress is not a Kubernetes event); when
 * settled, every minute to catch drift. Owned objects are garbage-collected through owner references, so no
 * finalizer is needed.
 */
@ControllerConfiguration(name = DistDBClusterReconciler.NAME,
        // Generation awareness would drop an annotation-only change such as pausing; ReconcileTriggers keeps it.
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = ReconcileTriggers.class))
public class DistDBClusterReconciler implements Reconciler<DistDBCluster> {

    public static final String NAME = "distdbcluster";
    public static final Duration BUSY_INTERVAL = Duration.ofSeconds(5);
    static final Duration IDLE_INTERVAL = Duration.ofSeconds(60);

    private final ClusterReconciliation reconciliation;
    private final Duration busyInterval;

    public DistDBClusterReconciler(ClusterReconciliation reconciliation) {
        this(reconciliation, BUSY_INTERVAL);
    }

    /** @param busyInterval how soon to look again while work remains (tests shorten it) */
    public DistDBClusterReconciler(ClusterReconciliation reconciliation, Duration busyInterval) {
        this.reconciliation = reconciliation;
        this.busyInterval = busyInterval;
    }

    @Override
    public UpdateControl<DistDBCluster> reconcile(DistDBCluster cluster, Context<DistDBCluster> context) {
        ClusterReconciliation.Outcome outcome = reconciliation.reconcile(cluster);
        return UpdateControl.<DistDBCluster>noUpdate()
                .rescheduleAfter(outcome.inProgress() ? busyInterval : IDLE_INTERVAL);
    }
}
