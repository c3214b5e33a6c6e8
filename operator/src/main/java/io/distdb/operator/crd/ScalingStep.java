package io.distdb.operator.crd;

/** The steps of a scale, in the order they happen (scale-up uses the first ones, scale-down the later ones). */
public enum ScalingStep {
    GrowStatefulSet,
    WaitPodsReady,
    PublishJoining,
    PublishLeaving,
    PublishReversal,
    PropagateTopology,
    Rebalancing,
    WaitDrained,
    ShrinkStatefulSet,
    ReleaseVolumes,
    PublishFinal
}
