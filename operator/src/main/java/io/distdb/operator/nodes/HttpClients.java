package io.distdb.operator.nodes;

import io.distdb.operator.model.ClusterNames;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JDK HTTP client per cluster and TLS identity, kept across reconcile passes: a client per pass would open a
 * new TLS session (and, before Java 21, a selector thread that lives until the client is collected) every few
 * seconds. A new certificate replaces the cluster's client.
 */
final class HttpClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private record Entry(String fingerprint, HttpClient client) {
    }

    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Map<String, Entry> tls = new ConcurrentHashMap<>();

    HttpClient forCluster(ClusterNames names, NodeCredentials credentials) {
        if (credentials.tls().isEmpty()) {
            return plain;
        }
        String key = names.namespace() + "/" + names.cluster();
        return tls.compute(key, (k, current) -> current != null && current.fingerprint().equals(credentials.tlsFingerprint())
                ? current
                // The JDK client verifies the node's host name against its certificate by default.
                : new Entry(credentials.tlsFingerprint(), HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                        .sslContext(credentials.sslContext()).build())).client();
    }
}
