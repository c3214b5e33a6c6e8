package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.distdb.operator.packaging.RepoPaths;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart as the real {@code helm} CLI (v4, built from the Go module proxy by
 * e2e/images/build-helm.sh) lints and renders it. Needs no cluster and no Docker. Without Go it is
 * skipped, unless {@code CI} is set: then it fails.
 *
 * <p>That the chart's {@code crds/} file is byte-identical to the generated one at the repository
 * root is {@code CrdInSyncTest} in the operator module; here, that helm ships that CRD.
 */
class HelmChartIT {

    private static final String NAMESPACE = "distdb-system";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Helm helm;

    @BeforeAll
    static void buildHelm() {
        helm = Helm.offline("helm-home");
    }

    @Test
    void isTheHelmVersionTheProjectPins() {
        assertTrue(helm("version", "--short").startsWith("v4.3.2"), "helm version --short");
    }

    @Test
    void chartLintsStrictly() {
        String out = helm("lint", "--strict", chart());
        assertTrue(out.contains("1 chart(s) linted, 0 chart(s) failed"), out);
        out = helm("lint", "--strict", chart(), "--set", "watchNamespaces={team-a,team-b}", "--set", "replicas=2");
        assertTrue(out.contains("1 chart(s) linted, 0 chart(s) failed"), out);
    }

    @Test
    void defaultsRunTheAppVersionImageHardenedWithLeaderElection() throws IOException {
        List<HasMetadata> objects = template();
        Deployment deployment = one(objects, Deployment.class);
        String appVersion = YAML.readTree(helm("show", "chart", chart())).get("appVersion").asText();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("distdb/distdb-operator:" + appVersion, container.getImage());
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals(NAMESPACE, deployment.getMetadata().getNamespace());

        assertEquals(Boolean.TRUE, deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/readyz", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());

        assertEquals("true", env(container, "LEADER_ELECTION_ENABLED"));
        assertEquals("distdb-operator-leader", env(container, "LEADER_ELECTION_LEASE_NAME"));
        assertEquals(NAMESPACE, env(container, "WATCH_NAMESPACES"), "by default the release's namespace only");
        assertLeaderElectionRbac(objects, deployment);
    }

    @Test
    void byDefaultTheOperatorHoldsLeastPrivilegeInItsOwnNamespaceOnly() {
        List<HasMetadata> objects = template();
        Deployment deployment = one(objects, Deployment.class);
        ServiceAccount account = one(objects, ServiceAccount.class);
        assertEquals(account.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals(NAMESPACE, account.getMetadata().getNamespace());

        assertTrue(of(objects, ClusterRole.class).isEmpty(), "no ClusterRole by default");
        assertTrue(of(objects, ClusterRoleBinding.class).isEmpty(), "no ClusterRoleBinding by default");
        Role role = operatorRoles(objects).get(0);
        assertEquals(1, operatorRoles(objects).size());
        assertEquals(NAMESPACE, role.getMetadata().getNamespace());
        assertLeastPrivilege(role.getRules());

        RoleBinding binding = of(objects, RoleBinding.class).stream()
                .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName())).findFirst().orElseThrow();
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(NAMESPACE, binding.getMetadata().getNamespace());
        assertBindsTheServiceAccount(binding.getSubjects(), account);
    }

    @Test
    void clusterWideOnlyWhenAskedWithTheSameRules() {
        List<HasMetadata> objects = template("--set", "clusterWide=true");
        ClusterRole role = one(objects, ClusterRole.class);
        assertEquals(operatorRoles(template()).get(0).getRules(), role.getRules(), "the same rules, granted everywhere");
        assertLeastPrivilege(role.getRules());
        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertBindsTheServiceAccount(binding.getSubjects(), one(objects, ServiceAccount.class));
        assertTrue(operatorRoles(objects).isEmpty(), "no namespaced Role besides leader election");
        Container container = one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("", env(container, "WATCH_NAMESPACES"), "every namespace");

        Helm.Result refused = helm.run(java.time.Duration.ofMinutes(2), "template", "distdb", chart(), "--namespace", NAMESPACE,
                "--set", "clusterWide=true", "--set", "watchNamespaces={team-a}");
        assertNotEquals(0, refused.exit(), "clusterWide and watchNamespaces together must be refused");
        assertTrue(refused.stderr().contains("either clusterWide=true or watchNamespaces"), refused.stderr());
    }

    @Test
    void theOperatorPodHasANetworkPolicy() {
        NetworkPolicy policy = one(template(), NetworkPolicy.class);
        assertEquals(NAMESPACE, policy.getMetadata().getNamespace());
        assertEquals(Map.of("app.kubernetes.io/name", "distdb-operator", "app.kubernetes.io/instance", "distdb"),
                policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        assertEquals(1, policy.getSpec().getIngress().size());
        assertEquals(List.of(8080), policy.getSpec().getIngress().get(0).getPorts().stream()
                .map(p -> p.getPort().getIntVal()).toList(), "ingress to the health and metrics port only");
        Set<Integer> egressPorts = new java.util.TreeSet<>();
        policy.getSpec().getEgress().forEach(rule -> rule.getPorts().forEach(p -> egressPorts.add(p.getPort().getIntVal())));
        assertEquals(Set.of(53, 443, 6443, 9090), egressPorts, "DNS, the API server and the nodes' admin port");
        var toNodes = policy.getSpec().getEgress().stream().filter(r -> r.getPorts().get(0).getPort().getIntVal() == 9090)
                .findFirst().orElseThrow();
        assertEquals("node", toNodes.getTo().get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
        assertTrue(of(template("--set", "networkPolicy.enabled=false"), NetworkPolicy.class).isEmpty());
    }

    @Test
    void changedValuesAreRendered() {
        List<HasMetadata> objects = template("--set", "image.tag=0.2.0-rc1", "--set", "image.repository=registry.example/distdb-operator",
                "--set", "replicas=3", "--set", "leaderElection.leaseName=my-lease", "--set", "image.pullPolicy=Always");
        Deployment deployment = one(objects, Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.example/distdb-operator:0.2.0-rc1", container.getImage());
        assertEquals("Always", container.getImagePullPolicy());
        assertEquals(3, deployment.getSpec().getReplicas());
        assertEquals("true", env(container, "LEADER_ELECTION_ENABLED"));
        assertEquals("my-lease", env(container, "LEADER_ELECTION_LEASE_NAME"));
        assertLeaderElectionRbac(objects, deployment);
    }

    @Test
    void leaderElectionOffHasNoLeaseAccessAndOnlyOneReplica() {
        List<HasMetadata> objects = template("--set", "leaderElection.enabled=false");
        Container container = one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("false", env(container, "LEADER_ELECTION_ENABLED"));
        assertTrue(of(objects, Role.class).stream().noneMatch(r -> r.getMetadata().getName().endsWith("-leader-election")),
                "no leader election Role");
        assertTrue(of(objects, RoleBinding.class).stream().noneMatch(r -> r.getMetadata().getName().endsWith("-leader-election")),
                "no leader election RoleBinding");

        Helm.Result refused = helm.run(java.time.Duration.ofMinutes(2), "template", "distdb", chart(), "--namespace", NAMESPACE,
                "--set", "leaderElection.enabled=false", "--set", "replicas=2");
        assertNotEquals(0, refused.exit(), "two replicas without leader election must be refused");
        assertTrue(refused.stderr().contains("needs leaderElection.enabled=true"), refused.stderr());
    }

    @Test
    void watchedNamespacesGetARoleEachAndNothingElse() {
        List<HasMetadata> objects = template("--set", "watchNamespaces={team-a,team-b}");
        assertTrue(of(objects, ClusterRole.class).isEmpty());
        assertTrue(of(objects, ClusterRoleBinding.class).isEmpty());
        assertEquals(List.of("team-a", "team-b"), operatorRoles(objects).stream().map(r -> r.getMetadata().getNamespace()).toList());
        ServiceAccount account = one(objects, ServiceAccount.class);
        List<RoleBinding> grants = of(objects, RoleBinding.class).stream()
                .filter(b -> !b.getMetadata().getName().endsWith("-leader-election")).toList();
        grants.forEach(b -> assertEquals("Role", b.getRoleRef().getKind()));
        assertEquals(List.of("team-a", "team-b"), grants.stream().map(b -> b.getMetadata().getNamespace()).toList());
        grants.forEach(b -> assertBindsTheServiceAccount(b.getSubjects(), account));
        Container container = one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("team-a,team-b", env(container, "WATCH_NAMESPACES"));
    }

    @Test
    void helmInstallsTheCommittedCrd() throws IOException {
        assertTrue(of(template(), HasMetadata.class).stream().noneMatch(o -> "CustomResourceDefinition".equals(o.getKind())),
                "helm template leaves crds/ out by default");
        JsonNode shipped = YAML.readTree(helm("show", "crds", chart()));
        JsonNode committed = YAML.readTree(RepoPaths.committedCrd().toFile());
        assertEquals(committed, shipped, "helm show crds is the CRD at crds/ in the repository root");
        List<HasMetadata> withCrds = template("--include-crds");
        assertEquals(1, withCrds.stream().filter(o -> "CustomResourceDefinition".equals(o.getKind())).count());
    }

    @Test
    void monitorsAndTheDashboardRenderOnlyWhenAsked() throws IOException {
        assertTrue(rendered().stream().noneMatch(o -> o.path("kind").asText().endsWith("Monitor")), "none by default");
        String[] all = {"--set", "metrics.podMonitor.enabled=true", "--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.nodes.podMonitor.enabled=true",
                "--set", "metrics.nodes.podMonitor.clusters[0].name=demo",
                "--set", "metrics.nodes.podMonitor.clusters[0].namespace=db",
                "--set", "metrics.grafanaDashboard.enabled=true"};
        List<String> lint = new ArrayList<>(List.of("lint", "--strict", chart()));
        lint.addAll(List.of(all));
        String out = helm(lint.toArray(String[]::new));
        assertTrue(out.contains("1 chart(s) linted, 0 chart(s) failed"), out);
        List<JsonNode> objects = rendered(all);

        JsonNode nodes = named(objects, "PodMonitor", "distdb-demo");
        assertEquals("db", nodes.at("/metadata/namespace").asText());
        assertEquals("demo", nodes.at("/spec/selector/matchLabels/app.kubernetes.io~1instance").asText());
        assertEquals("node", nodes.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());
        JsonNode endpoint = nodes.at("/spec/podMetricsEndpoints/0");
        assertEquals("admin", endpoint.path("port").asText(), "the node container's port name");
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("http", endpoint.path("scheme").asText());
        assertEquals("demo-metrics-token", endpoint.at("/authorization/credentials/name").asText(),
                "the read-only token the operator generates, never the admin token");
        JsonNode admit = named(objects, "NetworkPolicy", "distdb-demo-metrics");
        assertEquals("db", admit.at("/metadata/namespace").asText());
        assertEquals(9090, admit.at("/spec/ingress/0/ports/0/port").asInt());

        JsonNode operator = named(objects, "PodMonitor", "distdb-operator");
        assertEquals("http", operator.at("/spec/podMetricsEndpoints/0/port").asText());
        assertEquals("/metrics", operator.at("/spec/podMetricsEndpoints/0/path").asText());
        assertEquals("http", named(objects, "ServiceMonitor", "distdb-operator").at("/spec/endpoints/0/port").asText());
        named(objects, "Service", "distdb-operator-metrics");

        JsonNode dashboard = named(objects, "ConfigMap", "distdb-operator-dashboard");
        assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
        assertEquals(new ObjectMapper().readTree(RepoPaths.chart().resolve("dashboards/distdb-cluster.json").toFile()),
                new ObjectMapper().readTree(dashboard.at("/data/distdb-cluster.json").asText()));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The operator's Roles, apart from the leader election's. */
    private static List<Role> operatorRoles(List<HasMetadata> objects) {
        return of(objects, Role.class).stream().filter(r -> !r.getMetadata().getName().endsWith("-leader-election")).toList();
    }

    private static void assertLeastPrivilege(List<PolicyRule> rules) {
        assertFalse(rules.isEmpty());
        for (PolicyRule rule : rules) {
            assertFalse(rule.getVerbs().contains("*"), "wildcard verbs in " + rule);
            assertFalse(rule.getResources().contains("*"), "wildcard resources in " + rule);
            assertFalse(rule.getApiGroups().contains("*"), "wildcard API groups in " + rule);
            assertTrue(rule.getVerbs().stream().noneMatch(Set.of("escalate", "bind", "impersonate")::contains),
                    "privilege-granting verbs in " + rule);
            if (rule.getResources().contains("secrets")) {
                assertTrue(rule.getVerbs().stream().noneMatch(Set.of("list", "watch", "delete")::contains),
                        "the operator must not read every Secret: " + rule);
            }
        }
        assertTrue(rules.stream().anyMatch(r -> r.getApiGroups().contains("distdb.io")
                && r.getResources().contains("distdbclusters") && r.getVerbs().contains("watch")));
    }

    private static void assertLeaderElectionRbac(List<HasMetadata> objects, Deployment deployment) {
        Role role = of(objects, Role.class).stream().filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
                .findFirst().orElseThrow(() -> new AssertionError("no leader election Role"));
        assertEquals(NAMESPACE, role.getMetadata().getNamespace());
        assertEquals(1, role.getRules().size());
        PolicyRule rule = role.getRules().get(0);
        assertEquals(List.of("coordination.k8s.io"), rule.getApiGroups());
        assertEquals(List.of("leases"), rule.getResources());
        // Fabric8's leader elector renews and takes over the Lease with PATCH: without it a new operator pod (after
        // helm upgrade, or a crash) never leads.
        assertEquals(Set.of("get", "create", "update", "patch"), Set.copyOf(rule.getVerbs()));
        RoleBinding binding = of(objects, RoleBinding.class).stream()
                .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName())).findFirst().orElseThrow();
        assertEquals(NAMESPACE, binding.getMetadata().getNamespace());
        assertEquals(deployment.getSpec().getTemplate().getSpec().getServiceAccountName(),
                binding.getSubjects().get(0).getName());
    }

    private static void assertBindsTheServiceAccount(List<Subject> subjects, ServiceAccount account) {
        assertEquals(1, subjects.size());
        assertEquals("ServiceAccount", subjects.get(0).getKind());
        assertEquals(account.getMetadata().getName(), subjects.get(0).getName());
        assertEquals(NAMESPACE, subjects.get(0).getNamespace());
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(o -> o.getClass() == type || type == HasMetadata.class).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = of(objects, type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + objects.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        return found.get(0);
    }

    /** helm template of the chart as release "distdb" in {@link #NAMESPACE}, parsed. */
    private static List<HasMetadata> template(String... args) {
        List<String> command = new ArrayList<>(List.of("template", "distdb", chart(), "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        String rendered = helm(command.toArray(String[]::new));
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : rendered.split("(?m)^---\\s*$")) {
            boolean empty = doc.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                objects.add(Serialization.unmarshal(doc));
            }
        }
        return objects;
    }

    /** helm template as plain documents, for kinds (the Prometheus Operator's) that Fabric8 does not model. */
    private static List<JsonNode> rendered(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("template", "distdb", chart(), "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        List<JsonNode> objects = new ArrayList<>();
        for (String doc : helm(command.toArray(String[]::new)).split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(doc);
            if (node != null && node.has("kind")) {
                objects.add(node);
            }
        }
        return objects;
    }

    private static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String chart() {
        return RepoPaths.chart().toString();
    }

    private static String helm(String... args) {
        return helm.ok(args);
    }
}
