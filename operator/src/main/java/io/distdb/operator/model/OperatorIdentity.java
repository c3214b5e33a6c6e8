package io.distdb.operator.model;

import java.util.Map;

/** Where the operator runs and how its pods are labelled: the NetworkPolicy admits the admin port from them. */
public record OperatorIdentity(String namespace, Map<String, String> podLabels) {

    public static final Map<String, String> DEFAULT_POD_LABELS = Map.of("app.kubernetes.io/name", "distdb-operator");

    public OperatorIdentity {
        podLabels = Map.copyOf(podLabels);
    }
}
