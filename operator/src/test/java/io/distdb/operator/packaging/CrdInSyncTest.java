package io.distdb.operator.packaging;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CRD committed under crds/ (and in the chart) is exactly what the classes generate, and says what we mean. */
class CrdInSyncTest {

    static String generated;

    @BeforeAll
    static void generate(@TempDir Path dir) throws IOException {
        generated = CrdFiles.generate(dir);
        if (Boolean.getBoolean("distdb.crd.update")) {
            for (Path target : List.of(RepoPaths.committedCrd(), RepoPaths.chartCrd())) {
                Files.createDirectories(target.getParent());
                Files.writeString(target, generated);
            }
        }
    }

    @Test
    void committedCrdMatchesTheGeneratedOne() throws IOException {
        assertEquals(generated, Files.readString(RepoPaths.committedCrd()),
                "crds/ is stale: run ./mvnw -pl operator test -Dtest=CrdInSyncTest -Ddistdb.crd.update=true");
    }

    @Test
    void chartCarriesTheSameCrd() throws IOException {
        assertEquals(generated, Files.readString(RepoPaths.chartCrd()));
    }

    @Test
    void crdHasShortNamePrinterColumnsAndStatusSubresource() {
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        assertEquals("distdbclusters.distdb.io", crd.getMetadata().getName());
        assertEquals(List.of("ddb"), crd.getSpec().getNames().getShortNames());
        var version = crd.getSpec().getVersions().get(0);
        assertEquals("v1alpha1", version.getName());
        assertTrue(version.getSubresources().getStatus() != null);
        assertEquals(java.util.Set.of("Replicas", "Ready", "Phase", "Rebalance", "Epoch", "Age", "Client-Secret",
                        "Certificates-Expire"),
                version.getAdditionalPrinterColumns().stream().map(c -> c.getName()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(java.util.Set.of("Client-Secret", "Certificates-Expire"), version.getAdditionalPrinterColumns().stream()
                .filter(c -> c.getPriority() != null && c.getPriority() > 0).map(c -> c.getName())
                .collect(java.util.stream.Collectors.toSet()), "kubectl get -o wide shows them; the default view stays narrow");
    }

    /** {@code kubectl scale ddb/NAME --replicas=N} and a HorizontalPodAutoscaler drive spec.replicas. */
    @Test
    void crdHasTheScaleSubresource() {
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        var scale = crd.getSpec().getVersions().get(0).getSubresources().getScale();
        assertEquals(".spec.replicas", scale.getSpecReplicasPath());
        assertEquals(".status.readyReplicas", scale.getStatusReplicasPath());
        assertEquals(".status.selector", scale.getLabelSelectorPath());
    }

    @Test
    void specCarriesCelRulesDefaultsAndBounds() {
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec");
        assertTrue(spec.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList()
                .contains("self.replicationFactor <= self.replicas"));
        assertEquals(List.of("image"), spec.getRequired());
        assertEquals("3", spec.getProperties().get("replicationFactor").getDefault().asText());
        assertEquals(1.0, spec.getProperties().get("replicas").getMinimum());
        assertEquals(List.of("self == oldSelf"), spec.getProperties().get("vnodes").getXKubernetesValidations()
                .stream().map(ValidationRule::getRule).toList());
        JSONSchemaProps storage = spec.getProperties().get("storage");
        assertTrue(storage.getXKubernetesValidations().stream()
                .anyMatch(r -> r.getRule().contains("self.storageClassName == oldSelf.storageClassName")
                        && r.getMessage().equals("storageClassName is immutable")));
        assertTrue(spec.getProperties().get("scheduling").getProperties().containsKey("topologySpreadConstraints"));
    }

    /** TLS and client authentication are on unless the spec turns them off, and TLS cannot be switched later. */
    @Test
    void tlsAndClientAuthenticationDefaultToOn() {
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec");
        JSONSchemaProps tls = spec.getProperties().get("tls");
        assertEquals("true", tls.getProperties().get("enabled").getDefault().asText());
        assertEquals(List.of("self == oldSelf"), tls.getProperties().get("enabled").getXKubernetesValidations()
                .stream().map(ValidationRule::getRule).toList());
        assertEquals("2160h", tls.getProperties().get("certificateLifetime").getDefault().asText());
        assertTrue("2160h".matches(tls.getProperties().get("certificateLifetime").getPattern()));
        assertTrue(!"90d".matches(tls.getProperties().get("certificateLifetime").getPattern()));
        assertEquals("string", tls.getProperties().get("issuerSecret").getType());
        assertEquals("true", spec.getProperties().get("auth").getProperties().get("clientAuthentication")
                .getDefault().asText());
        JSONSchemaProps status = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("status");
        assertTrue(status.getProperties().containsKey("clientSecret"));
        assertTrue(status.getProperties().get("tls").getProperties().containsKey("notAfter"));
    }
}
