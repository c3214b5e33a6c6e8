package io.distdb.operator.reconcile;

import io.distdb.admin.api.AdminException;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.nodes.NodeAdmin;
import io.distdb.operator.scaling.Action;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a decided action. Node calls go to every target even when one fails, so one slow node does not
 * hold up the others; the failures come back as messages for status.
 */
public final class ActionExecutor {

    private final OwnedResources resources;

    public ActionExecutor(OwnedResources resources) {
        this.resources = resources;
    }

    /** @return the failures, empty when everything succeeded */
    public List<String> execute(DistDBCluster cluster, Action action, NodeAdmin nodes) {
        List<String> failures = new ArrayList<>();
        if (action instanceof Action.PublishTopology publish) {
            for (String pod : publish.pods()) {
                call(failures, nodes, pod, n -> n.putTopology(pod, publish.topology()));
            }
        } else if (action instanceof Action.StartRebalance start) {
            for (String pod : start.pods()) {
                call(failures, nodes, pod, n -> n.startRebalance(pod, start.epoch()));
            }
        } else if (action instanceof Action.DeleteVolumeClaims delete) {
            delete.ordinals().forEach(o -> resources.deleteVolumeClaim(cluster, o));
        }
        // ScaleStatefulSet: the StatefulSet is applied with the decided replicas on every pass. Wait, Settled: nothing.
        return failures;
    }

    private interface NodeCall {
        void run(NodeAdmin nodes);
    }

    private static void call(List<String> failures, NodeAdmin nodes, String pod, NodeCall call) {
        if (nodes == null) {
            failures.add(pod + ": admin token not available");
            return;
        }
        try {
            call.run(nodes);
        } catch (AdminException e) {
            failures.add(pod + ": " + e.getMessage());
        }
    }
}
