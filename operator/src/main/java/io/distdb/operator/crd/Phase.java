package io.distdb.operator.crd;

/** The one-word summary of a cluster shown by {@code kubectl get ddb}. */
public enum Phase {
    Creating,
    Ready,
    ScalingUp,
    ScalingDown,
    /** Stable membership; the nodes are being replaced one at a time with a new pod template (image). */
    Upgrading,
    /** Stable membership, but some data node is not ready or cannot be reached. */
    Degraded,
    Paused,
    /** The spec cannot be acted on; see the conditions. */
    Invalid
}
