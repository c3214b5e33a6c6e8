package io.distdb.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Application pods that use a cluster as its clients do: with the client Secret {@code <cluster>-client}
 * ({@code token}, {@code ca.crt}) that the operator writes, mounted at {@link #CLIENT_DIR}, over TLS. Like the
 * data node pods they run as uid 10001 on a read-only root file system without capabilities.
 */
public final class ClientPods {

    /** Where the client Secret is mounted: {@code ca.crt} and {@code token}. */
    public static final String CLIENT_DIR = "/etc/distdb/client";
    /** The uid and gid of the project's images' non-root user. */
    public static final long APP_UID = 10001L;

    private ClientPods() {
    }

    /** The Secret the operator writes for a cluster's clients: keys {@code token} and {@code ca.crt}. */
    public static String clientSecret(String cluster) {
        return cluster + "-client";
    }

    /**
     * A pod {@code name} of {@code image} that sleeps, with {@code cluster}'s client Secret at {@link #CLIENT_DIR}
     * and libpq set for its client Service's PostgreSQL port over verified TLS ({@code PGHOST=<cluster>},
     * {@code PGSSLMODE=verify-full}, {@code PGSSLROOTCERT=<CLIENT_DIR>/ca.crt}, {@code PGPASSWORD} the token), so
     * that {@code psql} needs no options, and {@link InClusterHttp#tls} sends HTTPS requests from it. With
     * {@code distdb/psql:17} ({@link E2eImages#psqlImage()}) it has psql, curl and bash. {@code /tmp} and each of
     * {@code writableDirs} are empty directories; the rest of the file system is read-only. The pod stays pending
     * until the Secret exists.
     */
    public static Pod tlsClientPod(String name, String image, String cluster, String... writableDirs) {
        String secret = clientSecret(cluster);
        ContainerBuilder container = new ContainerBuilder()
                .withName(name).withImage(image).withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "infinity")
                .addNewEnv().withName("PGHOST").withValue(cluster).endEnv()
                .addNewEnv().withName("PGPORT").withValue("5432").endEnv()
                .addNewEnv().withName("PGUSER").withValue("distdb").endEnv()
                .addNewEnv().withName("PGSSLMODE").withValue("verify-full").endEnv()
                .addNewEnv().withName("PGSSLROOTCERT").withValue(CLIENT_DIR + "/ca.crt").endEnv()
                .addNewEnv().withName("PGCONNECT_TIMEOUT").withValue("10").endEnv()
                .addNewEnv().withName("PGPASSWORD").withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey("token").endSecretKeyRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("client").withMountPath(CLIENT_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(1L)
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(APP_UID).withRunAsGroup(APP_UID).withFsGroup(APP_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolume().withName("client").withNewSecret().withSecretName(secret).withDefaultMode(0440)
                .endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec();
        for (int i = 0; i < writableDirs.length; i++) {
            String volume = "work-" + i;
            container.addNewVolumeMount().withName(volume).withMountPath(writableDirs[i]).endVolumeMount();
            pod.editSpec().addNewVolume().withName(volume).withNewEmptyDir().endEmptyDir().endVolume().endSpec();
        }
        return pod.editSpec().withContainers(List.of(container.build())).endSpec().build();
    }

    /** Creates {@code pod} in {@code namespace} and waits until it is ready. */
    public static void start(KubernetesClient client, String namespace, Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).create();
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).waitUntilReady(3, TimeUnit.MINUTES);
    }
}
