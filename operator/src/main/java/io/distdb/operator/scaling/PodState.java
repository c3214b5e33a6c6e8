package io.distdb.operator.scaling;

/**
 * A data node pod as observed: whether it passes its readiness probe, and the StatefulSet revision (its
 * {@code controller-revision-hash} label) of the pod template it was made from, null when unknown.
 */
public record PodState(boolean ready, String revision) {

    public static final PodState READY = new PodState(true);
    public static final PodState NOT_READY = new PodState(false);

    public PodState(boolean ready) {
        this(ready, null);
    }
}
