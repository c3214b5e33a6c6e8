package io.distdb.operator.packaging;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.model.ClientSecret;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.model.NodeConfigMap;
import io.distdb.operator.reconcile.SpecValidator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /**
     * The psql pod reaches production.yaml's cluster: its client Service, the PostgreSQL port, the client token and
     * the CA from the one Secret the operator writes, verifying the node's certificate and name.
     */
    @Test
    void psqlClientConnectsToTheProductionExampleWithItsClientToken() throws IOException {
        String production = Files.readString(RepoPaths.root().resolve("examples/production.yaml"));
        DistDBCluster cluster = Serialization.unmarshal(List.of(production.split("(?m)^---\\s*$")).stream()
                .filter(d -> d.contains("kind: DistDBCluster")).findFirst().orElseThrow(), DistDBCluster.class);
        Pod pod = Serialization.unmarshal(Files.readString(RepoPaths.root().resolve("examples/psql-client.yaml")), Pod.class);
        Map<String, EnvVar> env = pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
        ClusterNames names = ClusterNames.of(cluster);
        assertEquals(names.clientService(), env.get("PGHOST").getValue());
        assertEquals(Integer.toString(ClusterNames.POSTGRES_PORT), env.get("PGPORT").getValue());
        var password = env.get("PGPASSWORD").getValueFrom().getSecretKeyRef();
        var token = NodeConfigMap.clientToken(cluster).orElseThrow();
        assertEquals(token.getName(), password.getName());
        assertEquals(token.getKey(), password.getKey());
        assertEquals(names.clientSecret(), token.getName(), "the generated token, next to the CA");
        assertTrue(cluster.getSpec().tlsEnabled());
        assertEquals("verify-full", env.get("PGSSLMODE").getValue());
        String rootCert = env.get("PGSSLROOTCERT").getValue();
        var mount = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> rootCert.equals(m.getMountPath() + "/" + ClientSecret.CA)).findFirst().orElseThrow();
        var volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                .findFirst().orElseThrow();
        assertEquals(names.clientSecret(), volume.getSecret().getSecretName());
    }
}
