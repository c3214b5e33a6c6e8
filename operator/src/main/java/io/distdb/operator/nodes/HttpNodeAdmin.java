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

/** {@link NodeAdmin} over the nodes' admin port, one {@link AdminClient} per pod, reached by its stable DNS name. */
public final class HttpNodeAdmin implements NodeAdmin {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClusterNames names;
    private final String token;
    private final Map<String, AdminClient> clients = new ConcurrentHashMap<>();

    public HttpNodeAdmin(ClusterNames names, String token) {
        this.names = names;
        this.token = token;
    }

    public static NodeAdminFactory factory() {
        return HttpNodeAdmin::new;
    }

    private AdminClient client(String pod) {
        return clients.computeIfAbsent(pod, p -> {
            int ordinal = names.ordinalOf(p).orElseThrow(() -> new IllegalArgumentException("not a pod of "
                    + names.cluster() + ": " + p));
            return new AdminClient(URI.create("http://" + names.memberAddress(ordinal)), token, HTTP, TIMEOUT);
        });
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
