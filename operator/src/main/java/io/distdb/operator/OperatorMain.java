package io.distdb.operator;

import com.sun.net.httpserver.HttpServer;
import io.distdb.operator.nodes.HttpNodeAdmin;
import io.distdb.operator.nodes.NodeAdminFactory;
import io.distdb.operator.reconcile.ClusterReconciliation;
import io.distdb.operator.reconcile.DistDBClusterReconciler;
import io.distdb.operator.reconcile.KubernetesEventRecorder;
import io.distdb.operator.reconcile.OwnedResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Starts the operator: one reconciler for DistDBCluster, leader election on a Lease (only the leader
 * reconciles), and an HTTP port with Prometheus metrics ({@code /metrics}), liveness ({@code /healthz}) and
 * readiness ({@code /readyz}).
 */
public final class OperatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws IOException {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);

        LeaderElectionConfiguration leaderElection = settings.leaderElection()
                // Identity: the pod name (HOSTNAME); a replica that loses the lease exits and is restarted.
                ? LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseNamespace(settings.namespace()).build()
                : null;
        Operator operator = create(client, settings, HttpNodeAdmin.factory(), registry,
                DistDBClusterReconciler.BUSY_INTERVAL, leaderElection);
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        startHttp(settings.httpPort(), registry, operator, started::get);
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
        started.set(true);
        LOG.info("DistDB operator started; watching {}", settings.watchesAllNamespaces() ? "all namespaces"
                : settings.watchNamespaces());
    }

    /**
     * The operator as deployed, not started: the DistDBCluster reconciler on {@code client}, watching the
     * settings' namespaces, its metrics in {@code registry}, and leader election when {@code leaderElection} is
     * given. Tests pass a fake node admin API and a shorter interval between passes while work remains.
     */
    public static Operator create(KubernetesClient client, OperatorSettings settings, NodeAdminFactory nodeAdmins,
                                  MeterRegistry registry, Duration busyInterval,
                                  LeaderElectionConfiguration leaderElection) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build())
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCloseClientOnStop(false);
            if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection);
            }
        });
        Clock clock = Clock.systemUTC();
        ClusterReconciliation reconciliation = new ClusterReconciliation(client,
                new OwnedResources(client, settings.identity()), nodeAdmins,
                new KubernetesEventRecorder(client, clock), clock);
        operator.register(new DistDBClusterReconciler(reconciliation, busyInterval), c -> {
            if (settings.watchesAllNamespaces()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.watchNamespaces());
            }
        });
        return operator;
    }

    /**
     * Serves {@code /metrics} (Prometheus), {@code /healthz} and {@code /readyz} on {@code port} (0: any free port).
     * Ready means started with healthy event sources, not leading: a replica waiting for the Lease is ready, or a
     * rolling update of a one-replica Deployment would wait forever for a new pod that cannot lead before the old
     * one has gone.
     */
    public static HttpServer startHttp(int port, PrometheusMeterRegistry registry, Operator operator,
                                       java.util.function.BooleanSupplier started) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape()));
        server.createContext("/healthz", exchange -> {
            boolean healthy = operator.getRuntimeInfo().allEventSourcesAreHealthy();
            respond(exchange, healthy ? 200 : 503, healthy ? "ok" : "event sources unhealthy");
        });
        server.createContext("/readyz", exchange -> {
            boolean ready = started.getAsBoolean() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
            respond(exchange, ready ? 200 : 503, ready ? "ok" : "starting");
        });
        server.setExecutor(null);
        server.start();
        return server;
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
