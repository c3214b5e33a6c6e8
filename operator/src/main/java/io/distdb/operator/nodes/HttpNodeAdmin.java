package io.distdb.operator.nodes;

import io.distdb.admin.api.AdminClient;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;
import io.distdb.operator.model.ClusterNames;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NodeAdmin} over the nodes' admin port, one {@link AdminClient} per pod, reached by its stable DNS name:
 * {@code https://<pod>.<peers>.<ns>.svc:9090} with the operator's client certificate and host name verification,
 * or {@code http://} when the cluster runs without TLS; the admin token either way.
 */
public final class HttpNodeAdmin implements NodeAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClusterNames names;
    private final String token;
    private final String scheme;
    private final HttpClient http;
    private final Map<String, AdminClient> clients = new ConcurrentHashMap<>();

    public HttpNodeAdmin(ClusterNames names, NodeCredentials credentials, HttpClient http) {
        this.names = names;
        this.token = credentials.adminToken();
        this.scheme = credentials.tls().isPresent() ? "https" : "http";
        this.http = http;
    }

    public static NodeAdminFactory factory() {
        HttpClients clients = new HttpClients();
        return (names, credentials) -> new HttpNodeAdmin(names, credentials, clients.forCluster(names, credentials));
    }

    /** The admin endpoint of a pod: its stable name under the headless peer Service, which its certificate names. */
    URI endpoint(String pod) {
        int ordinal = names.ordinalOf(pod).orElseThrow(() -> new IllegalArgumentException("not a pod of "
                + names.cluster() + ": " + pod));
        return URI.create(scheme + "://" + names.memberAddress(ordinal));
    }

    private AdminClient client(String pod) {
        return clients.computeIfAbsent(pod, p -> new AdminClient(endpoint(p), token, http, TIMEOUT));
    }

    @Override
    public NodeStatus status(String pod) {
        return client(pod).status();
    }

    @Override
    public Topology topology(String pod) {
        return client(pod).topology();
    }

    @Override
    public Topology putTopology(String pod, Topology topology) {
        return client(pod).putTopology(topology);
    }

    @Override
    public RebalanceStatus startRebalance(String pod, long epoch) {
        return client(pod).startRebalance(epoch);
    }
}
