package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Names, labels and node addresses of one cluster's objects, derived from the cluster's name alone. */
public record ClusterNames(String cluster, String namespace) {

    public static final String ADMIN_TOKEN_KEY = "token";
    /** File name of the client token in its mounted directory, and the default key in the user's Secret. */
    public static final String CLIENT_TOKEN_FILE = "token";
    public static final String DATA_VOLUME = "data";
    public static final int HTTP_PORT = 8080;
    /** The client SQL endpoint: the PostgreSQL wire protocol (v3), open to the same clients as {@link #HTTP_PORT}. */
    public static final int POSTGRES_PORT = 5432;
    public static final int ADMIN_PORT = 9090;
    /** The nodes' metadata group (Raft) port: node to node only. */
    public static final int METADATA_PORT = 9190;

    public static ClusterNames of(DistDBCluster cluster) {
        return new ClusterNames(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace());
    }

    public String statefulSet() {
        return cluster;
    }

    public String peerService() {
        return cluster + "-peers";
    }

    public String clientService() {
        return cluster;
    }

    public String configMap() {
        return cluster + "-config";
    }

    public String generatedAdminTokenSecret() {
        return cluster + "-admin-token";
    }

    /** The CA the operator generated (when the spec names no issuer); never mounted into pods. */
    public String caSecret() {
        return cluster + "-ca";
    }

    /** The nodes' certificates and keys, one pair per ordinal, and the trust bundle. */
    public String nodeTlsSecret() {
        return cluster + "-node-tls";
    }

    /** The operator's client certificate towards this cluster's admin ports. */
    public String operatorTlsSecret() {
        return cluster + "-operator-tls";
    }

    /** The node-to-node token, only without TLS. */
    public String peerTokenSecret() {
        return cluster + "-peer-token";
    }

    /** The read-only token that opens the nodes' Prometheus metrics (docs/metrics.md). */
    public String metricsTokenSecret() {
        return cluster + "-metrics-token";
    }

    /** What an application mounts: the generated client token and, with TLS, the CA. */
    public String clientSecret() {
        return cluster + "-client";
    }

    public String disruptionBudget() {
        return cluster;
    }

    public String networkPolicy() {
        return cluster + "-admin";
    }

    /** The pod of ordinal {@code i}; it is also the member id of that node in the topology. */
    public String pod(int ordinal) {
        return cluster + "-" + ordinal;
    }

    /** The PVC the StatefulSet's volume claim template gives ordinal {@code i}. */
    public String volumeClaim(int ordinal) {
        return DATA_VOLUME + "-" + pod(ordinal);
    }

    /** A member's {@code host:port}: the pod's stable DNS name under the headless peer service, admin port. */
    public String memberAddress(int ordinal) {
        return pod(ordinal) + "." + peerService() + "." + namespace + ".svc:" + ADMIN_PORT;
    }

    /** The ordinal of a pod (or member) name of this cluster, if it is one. */
    public OptionalInt ordinalOf(String podName) {
        return suffixOrdinal(podName, cluster + "-");
    }

    /** The ordinal of a volume claim name of this cluster ({@code data-<cluster>-<i>}), if it is one. */
    public OptionalInt claimOrdinalOf(String claimName) {
        return suffixOrdinal(claimName, DATA_VOLUME + "-" + cluster + "-");
    }

    private static OptionalInt suffixOrdinal(String name, String prefix) {
        if (name == null || !name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String rest = name.substring(prefix.length());
        if (rest.isEmpty() || rest.length() > 6 || !rest.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(rest));
    }

    /** Labels that select this cluster's data node pods. */
    /** {@link #selectorLabels()} as a label selector string ({@code k=v,k=v}). */
    public String selector() {
        return selectorLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "distdb");
        labels.put("app.kubernetes.io/instance", cluster);
        labels.put("app.kubernetes.io/component", "node");
        return labels;
    }

    /** Labels of every object the operator makes for this cluster. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put("app.kubernetes.io/managed-by", "distdb-operator");
        return labels;
    }
}
