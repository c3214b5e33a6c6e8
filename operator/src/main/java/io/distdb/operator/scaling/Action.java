package io.distdb.operator.scaling;

import io.distdb.admin.api.Topology;

import java.util.List;

/** The one thing the reconciler does next, after it has recorded the decision's status. */
public sealed interface Action {

    /** Nothing to do until something changes (pods start, a rebalance progresses); look again soon. */
    record Wait(String reason, String message) implements Action {
    }

    /** The cluster is where the spec wants it. */
    record Settled() implements Action {
    }

    /** Set the StatefulSet's replicas (the decision's {@code statefulSetReplicas}). */
    record ScaleStatefulSet(int replicas) implements Action {
    }

    /** PUT {@code topology} to these pods' nodes. */
    record PublishTopology(Topology topology, List<String> pods) implements Action {
        public PublishTopology {
            pods = List.copyOf(pods);
        }
    }

    /** Ask these pods' nodes to start (or resume) the rebalance of {@code epoch}. */
    record StartRebalance(long epoch, List<String> pods) implements Action {
        public StartRebalance {
            pods = List.copyOf(pods);
        }
    }

    /** Delete the volume claims of these ordinals: their nodes have left and handed their data over. */
    record DeleteVolumeClaims(List<Integer> ordinals) implements Action {
        public DeleteVolumeClaims {
            ordinals = List.copyOf(ordinals);
        }
    }
}
