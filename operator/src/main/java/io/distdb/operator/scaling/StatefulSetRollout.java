package io.distdb.operator.scaling;

/**
 * The StatefulSet's side of a rolling update: whether its controller has seen the latest spec (only then is
 * {@code updateRevision} the revision of the current pod template), that revision, and the RollingUpdate
 * partition (pods with an ordinal at or above it are replaced with the update revision).
 */
public record StatefulSetRollout(boolean controllerCaughtUp, String updateRevision, int partition) {

    /** No StatefulSet yet. */
    public static final StatefulSetRollout NONE = new StatefulSetRollout(false, null, 0);
}
