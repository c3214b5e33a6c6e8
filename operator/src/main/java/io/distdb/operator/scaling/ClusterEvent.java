package io.distdb.operator.scaling;

/** A Kubernetes Event to record on the cluster resource. */
public record ClusterEvent(Type type, String reason, String message) {

    public enum Type { Normal, Warning }

    public static ClusterEvent normal(String reason, String message) {
        return new ClusterEvent(Type.Normal, reason, message);
    }

    public static ClusterEvent warning(String reason, String message) {
        return new ClusterEvent(Type.Warning, reason, message);
    }
}
