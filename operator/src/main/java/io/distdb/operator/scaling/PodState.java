package io.distdb.operator.scaling;

/** A data node pod as observed: whether it passes its readiness probe. */
public record PodState(boolean ready) {

    public static final PodState READY = new PodState(true);
    public static final PodState NOT_READY = new PodState(false);
}
