package io.distdb.operator;

import com.sun.net.httpserver.HttpServer;
import io.distdb.operator.nodes.HttpNodeAdmin;
import io.distdb.operator.reconcile.ClusterReconciliation;
import io.distdb.operator.reconcile.DistDBClusterReconciler;
import io.distdb.operator.reconcile.KubernetesEventRecorder;
import io.distdb.operator.reconcile.OwnedResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
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
 * reconciles), and an HTTP port with Prometheus metrics ({@code /metrics}) and health ({@code /healthz}).
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

        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build())
                    .withStopOnInformerErrorDuringStartup(true);
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(settings.leaseName(), settings.namespace()));
            }
        });
        Clock clock = Clock.systemUTC();
        ClusterReconciliation reconciliation = new ClusterReconciliation(client,
                new OwnedResources(client, settings.identity()), HttpNodeAdmin.factory(),
                new KubernetesEventRecorder(client, clock), clock);
        operator.register(new DistDBClusterReconciler(reconciliation), c -> {
            if (settings.watchesAllNamespaces()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.watchNamespaces());
            }
        });
        startHttp(settings.httpPort(), registry, operator);
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
        LOG.info("DistDB operator started; watching {}", settings.watchesAllNamespaces() ? "all namespaces"
                : settings.watchNamespaces());
    }

    private static void startHttp(int port, PrometheusMeterRegistry registry, Operator operator) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape()));
        server.createContext("/healthz", exchange -> {
            boolean healthy = operator.getRuntimeInfo().allEventSourcesAreHealthy();
            respond(exchange, healthy ? 200 : 503, healthy ? "ok" : "event sources unhealthy");
        });
        server.setExecutor(null);
        server.start();
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
