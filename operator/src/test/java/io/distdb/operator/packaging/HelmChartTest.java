package io.distdb.operator.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helm lint and helm template of the chart, with the helm library bundled in a Maven artifact (no download). */
class HelmChartTest {

    @Test
    void chartLintsCleanly() {
        LintResult result = new Helm(RepoPaths.chart()).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void renderedChartHasTheDeploymentRbacAndCrd() {
        String rendered = new Helm(RepoPaths.chart()).template().withName("distdb").withNamespace("distdb-system")
                .call();
        assertTrue(rendered.contains("kind: Deployment"));
        assertTrue(rendered.contains("kind: ServiceAccount"));
        assertTrue(rendered.contains("kind: ClusterRole\n"));
        assertTrue(rendered.contains("kind: ClusterRoleBinding"), "cluster-wide when no namespaces are listed");
        assertTrue(rendered.contains("resources: [\"leases\"]"), "leader election Lease access");
        // helm template leaves crds/ out (helm install applies it first): helm show crds is what gets installed.
        String crds = Helm.show(RepoPaths.chart().toString()).crds().call();
        assertTrue(crds.contains("name: \"distdbclusters.distdb.io\""), "the CRD");
        assertTrue(crds.contains("self.replicationFactor <= self.replicas"));
        assertTrue(rendered.contains("value: \"true\"") && rendered.contains("LEADER_ELECTION_ENABLED"));
    }

    @Test
    void watchedNamespacesGetRoleBindingsInsteadOfClusterWideAccess() {
        String rendered = new Helm(RepoPaths.chart()).template().withName("distdb").withNamespace("distdb-system")
                .set("watchNamespaces[0]", "team-a").set("watchNamespaces[1]", "team-b").call();
        assertFalse(rendered.contains("kind: ClusterRoleBinding"));
        assertTrue(rendered.contains("namespace: team-a") && rendered.contains("namespace: team-b"));
        assertTrue(rendered.contains("value: \"team-a,team-b\""));
    }
}
