package io.distdb.operator;

import io.distdb.operator.model.OperatorIdentity;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The operator's settings, from environment variables the Helm chart sets. */
public record OperatorSettings(Set<String> watchNamespaces, String namespace, boolean leaderElection,
                               String leaseName, int httpPort) {

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new OperatorSettings(
                namespaces,
                env.getOrDefault("OPERATOR_NAMESPACE", "default"),
                Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION_ENABLED", "true")),
                env.getOrDefault("LEADER_ELECTION_LEASE_NAME", "distdb-operator-leader"),
                Integer.parseInt(env.getOrDefault("OPERATOR_HTTP_PORT", "8080")));
    }

    public boolean watchesAllNamespaces() {
        return watchNamespaces.isEmpty();
    }

    public OperatorIdentity identity() {
        return new OperatorIdentity(namespace, OperatorIdentity.DEFAULT_POD_LABELS);
    }
}
