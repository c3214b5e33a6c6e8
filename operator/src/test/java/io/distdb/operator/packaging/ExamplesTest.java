package io.distdb.operator.packaging;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.reconcile.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples a user applies as they are parse into valid DistDBClusters. */
class ExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"minimal.yaml", "production.yaml"})
    void exampleIsAValidCluster(String file) throws IOException {
        String yaml = Files.readString(RepoPaths.root().resolve("examples").resolve(file));
        List<String> documents = List.of(yaml.split("(?m)^---\\s*$"));
        String clusterYaml = documents.stream().filter(d -> d.contains("kind: DistDBCluster")).findFirst().orElseThrow();
        DistDBCluster cluster = Serialization.unmarshal(clusterYaml, DistDBCluster.class);
        assertEquals(List.of(), SpecValidator.problems(cluster.getSpec()));
        assertTrue(cluster.getSpec().getReplicationFactor() <= cluster.getSpec().getReplicas());
        for (String document : documents) {
            HasMetadata object = Serialization.unmarshal(document);
            assertTrue(object.getMetadata().getName() != null);
        }
    }
}
