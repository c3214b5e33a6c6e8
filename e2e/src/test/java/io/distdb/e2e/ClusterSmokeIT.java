package io.distdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster does what the data node's StatefulSet will need: a pod from a locally built
 * image becomes Ready with a volume from a PersistentVolumeClaim, and another pod reaches
 * it by its stable DNS name through a headless Service.
 */
@K3sTest
class ClusterSmokeIT {

    @Test
    void statefulSetPodIsReachableByDnsNameAndKeepsItsVolume(K3sCluster cluster, KubernetesClient client) {
        String image = E2eImages.busyboxImage();
        cluster.loadImage(image);
        String ns = cluster.createNamespace("smoke");
        Map<String, String> labels = Map.of("app", "web");

        client.services().inNamespace(ns).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("None").withSelector(labels)
                .addNewPort().withName("http").withPort(8080).endPort()
                .endSpec().build()).create();

        // The page is written to the volume, so serving it proves the claim is mounted.
        StatefulSet web = new StatefulSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withServiceName("web").withReplicas(1)
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("web").withImage(image).withImagePullPolicy("IfNotPresent")
                .withCommand("sh", "-c", "hostname > /data/index.html && exec httpd -f -p 8080 -h /data")
                .addNewPort().withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/index.html").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(1).endReadinessProbe()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer()
                .endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("local-path")
                .withNewResources().addToRequests("storage", new Quantity("16Mi")).endResources()
                .endSpec().endVolumeClaimTemplate()
                .endSpec().build();
        client.apps().statefulSets().inNamespace(ns).resource(web).create();

        // The probe resolves names with glibc (Debian's static busybox cannot): the Java base image.
        String probeImage = E2eImages.jreImage();
        cluster.loadImage(probeImage);
        Pod probe = new PodBuilder()
                .withNewMetadata().withName("probe").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("probe").withImage(probeImage).withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "infinity").endContainer()
                .endSpec().build();
        client.pods().inNamespace(ns).resource(probe).create();

        client.pods().inNamespace(ns).withName("web-0").waitUntilReady(3, TimeUnit.MINUTES);
        client.pods().inNamespace(ns).withName("probe").waitUntilReady(2, TimeUnit.MINUTES);

        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns).withName("data-web-0").get();
        assertEquals("Bound", claim.getStatus().getPhase(), "the claim of web-0 is bound");
        assertEquals("local-path", claim.getSpec().getStorageClassName());

        String host = "web-0.web." + ns + ".svc.cluster.local";
        InClusterHttp.Response page = new InClusterHttp(cluster, ns, "probe").get(host, 8080, "/index.html");
        assertEquals(200, page.status());
        assertEquals("web-0", page.body().trim(), "web-0 answers at its stable DNS name " + host);

        String podIp = client.pods().inNamespace(ns).withName("web-0").get().getStatus().getPodIP();
        String resolved = cluster.execInPod(ns, "probe", "getent", "hosts", "web." + ns + ".svc.cluster.local");
        assertTrue(resolved.startsWith(podIp + " "), "the headless Service resolves to the pod's address " + podIp + ": " + resolved);
    }
}
