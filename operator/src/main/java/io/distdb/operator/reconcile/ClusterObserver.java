package io.distdb.operator.reconcile;

import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.Topology;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.model.NodeStatefulSet;
import io.distdb.operator.nodes.NodeAdmin;
import io.distdb.operator.scaling.NodeReport;
import io.distdb.operator.scaling.ObservedCluster;
import io.distdb.operator.scaling.PodState;
import io.distdb.operator.scaling.StatefulSetRollout;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads what exists for a cluster: its StatefulSet (size, rolling update), pods (readiness, template revision),
 * volume claims, and each pod's node report.
 */
public final class ClusterObserver {

    /** The label the StatefulSet controller puts on each pod: the revision of the template it was made from. */
    static final String REVISION_LABEL = "controller-revision-hash";

    private final KubernetesClient client;

    public ClusterObserver(KubernetesClient client) {
        this.client = client;
    }

    /** @param nodes null when the admin token is not available: every node is then reported unreachable */
    public ObservedCluster observe(DistDBCluster cluster, NodeAdmin nodes, String whyNoNodes) {
        ClusterNames names = ClusterNames.of(cluster);
        String ns = names.namespace();
        StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(names.statefulSet()).get();
        int replicas = sts == null || sts.getSpec().getReplicas() == null ? 0 : sts.getSpec().getReplicas();

        Map<Integer, PodState> pods = new HashMap<>();
        for (Pod pod : client.pods().inNamespace(ns).withLabels(names.selectorLabels()).list().getItems()) {
            OptionalInt ordinal = names.ordinalOf(pod.getMetadata().getName());
            if (ordinal.isPresent()) {
                pods.put(ordinal.getAsInt(), new PodState(isReady(pod), pod.getMetadata().getLabels() == null ? null
                        : pod.getMetadata().getLabels().get(REVISION_LABEL), problem(pod)));
            }
        }
        Set<Integer> claims = new HashSet<>();
        for (PersistentVolumeClaim pvc : client.persistentVolumeClaims().inNamespace(ns).list().getItems()) {
            names.claimOrdinalOf(pvc.getMetadata().getName()).ifPresent(claims::add);
        }

        Map<String, NodeReport> reports = new HashMap<>();
        String newestPod = null;
        long newestEpoch = -1;
        for (int ordinal : pods.keySet()) {
            String pod = names.pod(ordinal);
            NodeReport report = report(nodes, pod, whyNoNodes);
            reports.put(pod, report);
            if (report.epoch() > newestEpoch) {
                newestEpoch = report.epoch();
                newestPod = pod;
            }
        }
        Optional<Topology> newest = Optional.empty();
        long recorded = cluster.getStatus() == null || cluster.getStatus().getTopologyEpoch() == null
                ? 0 : cluster.getStatus().getTopologyEpoch();
        if (newestPod != null && newestEpoch > recorded) {
            try {
                newest = Optional.of(nodes.topology(newestPod));
            } catch (AdminException e) {
                reports.put(newestPod, NodeReport.unreachable(e.getMessage()));
            }
        }
        return new ObservedCluster(replicas, pods, claims, reports, newest, rollout(sts));
    }

    private static StatefulSetRollout rollout(StatefulSet sts) {
        if (sts == null) {
            return StatefulSetRollout.NONE;
        }
        int partition = NodeStatefulSet.partitionOf(sts);
        StatefulSetStatus status = sts.getStatus();
        boolean caughtUp = status != null && status.getObservedGeneration() != null
                && sts.getMetadata().getGeneration() != null
                && status.getObservedGeneration() >= sts.getMetadata().getGeneration();
        return new StatefulSetRollout(caughtUp, status == null ? null : status.getUpdateRevision(), partition);
    }

    private static NodeReport report(NodeAdmin nodes, String pod, String whyNoNodes) {
        if (nodes == null) {
            return NodeReport.unreachable(whyNoNodes);
        }
        try {
            return NodeReport.of(nodes.status(pod));
        } catch (AdminException e) {
            return NodeReport.unreachable(e.getMessage());
        }
    }

    /**
     * Why the node container is not running, in the kubelet's words: its waiting reason (CrashLoopBackOff,
     * ErrImagePull, CreateContainerConfigError...) and how it last ended. Null while it runs or starts normally.
     */
    static String problem(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (var container : pod.getStatus().getContainerStatuses()) {
            var waiting = container.getState() == null ? null : container.getState().getWaiting();
            if (waiting == null || waiting.getReason() == null || "ContainerCreating".equals(waiting.getReason())) {
                continue;
            }
            var last = container.getLastState() == null ? null : container.getLastState().getTerminated();
            return waiting.getReason() + (last == null ? "" : ", last exit " + last.getExitCode()
                    + (last.getReason() == null ? "" : " (" + last.getReason() + ")"));
        }
        return null;
    }

    private static boolean isReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
