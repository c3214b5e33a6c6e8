package io.distdb.operator.scaling;

/**
 * A data node pod as observed: whether it passes its readiness probe, the StatefulSet revision (its
 * {@code controller-revision-hash} label) of the pod template it was made from, null when unknown, and why its node
 * container does not run, as the kubelet says it ({@code CrashLoopBackOff, last exit 1}), null when it does.
 */
public record PodState(boolean ready, String revision, String problem) {

    public static final PodState READY = new PodState(true);
    public static final PodState NOT_READY = new PodState(false);

    public PodState(boolean ready) {
        this(ready, null, null);
    }

    public PodState(boolean ready, String revision) {
        this(ready, revision, null);
    }
}
