package io.distdb.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientPodsTest {

    @Test
    void mountsTheClientSecretInANonRootPodWithAReadOnlyRootFileSystem() {
        Pod pod = ClientPods.tlsClientPod("app", "distdb/psql:17", "demo", "/var/lib/writer");

        assertEquals("app", pod.getMetadata().getName());
        assertEquals(Boolean.TRUE, pod.getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals(10001L, pod.getSpec().getSecurityContext().getRunAsUser());
        Container container = pod.getSpec().getContainers().get(0);
        assertEquals("distdb/psql:17", container.getImage());
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());

        Map<String, Volume> volumes = pod.getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, Function.identity()));
        Map<String, VolumeMount> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, Function.identity()));
        VolumeMount client = mounts.get("/etc/distdb/client");
        assertEquals(Boolean.TRUE, client.getReadOnly());
        assertEquals("demo-client", volumes.get(client.getName()).getSecret().getSecretName());
        assertTrue(volumes.get(mounts.get("/tmp").getName()).getEmptyDir() != null);
        assertTrue(volumes.get(mounts.get("/var/lib/writer").getName()).getEmptyDir() != null);
        assertEquals(3, volumes.size());

        Map<String, EnvVar> env = container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
        assertEquals("demo", env.get("PGHOST").getValue());
        assertEquals("verify-full", env.get("PGSSLMODE").getValue());
        assertEquals("/etc/distdb/client/ca.crt", env.get("PGSSLROOTCERT").getValue());
        assertNull(env.get("PGPASSWORD").getValue(), "the token comes from the Secret, not the pod spec");
        assertEquals("demo-client", env.get("PGPASSWORD").getValueFrom().getSecretKeyRef().getName());
        assertEquals("token", env.get("PGPASSWORD").getValueFrom().getSecretKeyRef().getKey());
    }
}
