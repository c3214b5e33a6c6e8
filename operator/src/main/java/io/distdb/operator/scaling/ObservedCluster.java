package io.distdb.operator.scaling;

import io.distdb.admin.api.Topology;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What exists right now: the StatefulSet's replica count (0 when there is none), the pods and volume claims by
 * ordinal, what each pod's node reports, and the newest topology any node holds when it is newer than the one
 * in status (an operator that crashed between publishing and recording, or a recreated resource), and where the
 * StatefulSet's rolling update stands.
 */
public record ObservedCluster(int statefulSetReplicas, Map<Integer, PodState> pods, Set<Integer> volumeClaims,
                              Map<String, NodeReport> nodes, Optional<Topology> newestNodeTopology,
                              StatefulSetRollout rollout) {

    public ObservedCluster {
        pods = Map.copyOf(new TreeMap<>(pods));
        volumeClaims = Set.copyOf(new TreeSet<>(volumeClaims));
        nodes = Map.copyOf(nodes);
        newestNodeTopology = newestNodeTopology == null ? Optional.empty() : newestNodeTopology;
        rollout = rollout == null ? StatefulSetRollout.NONE : rollout;
    }

    public ObservedCluster(int statefulSetReplicas, Map<Integer, PodState> pods, Set<Integer> volumeClaims,
                           Map<String, NodeReport> nodes, Optional<Topology> newestNodeTopology) {
        this(statefulSetReplicas, pods, volumeClaims, nodes, newestNodeTopology, StatefulSetRollout.NONE);
    }

    public boolean podExists(int ordinal) {
        return pods.containsKey(ordinal);
    }

    public boolean podReady(int ordinal) {
        PodState pod = pods.get(ordinal);
        return pod != null && pod.ready();
    }

    /** Why the pod's node container does not run, if the kubelet says so; empty otherwise. */
    public java.util.Optional<String> podProblem(int ordinal) {
        PodState pod = pods.get(ordinal);
        return pod == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(pod.problem());
    }

    public NodeReport node(String pod) {
        return nodes.getOrDefault(pod, NodeReport.unreachable("no report"));
    }

    public int readyPods() {
        return (int) pods.values().stream().filter(PodState::ready).count();
    }
}
