package io.distdb.operator.model;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterSpec;
import io.distdb.operator.crd.SchedulingSpec;
import io.distdb.operator.crd.SecretKeyRef;
import io.distdb.operator.crd.StorageSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import java.util.List;

/**
 * The data nodes. The replica count is not taken from the spec: the scaling state machine decides it, because
 * the StatefulSet may only shrink once the leaving nodes have handed their data over.
 */
public final class NodeStatefulSet {

    /** Non-root user and group of the data node image. */
    public static final long NODE_UID = 10001L;
    static final int TERMINATION_GRACE_SECONDS = 60;

    private NodeStatefulSet() {
    }

    public static StatefulSet build(DistDBCluster cluster, int replicas) {
        ClusterNames names = ClusterNames.of(cluster);
        return new StatefulSetBuilder()
                .withMetadata(Owners.metadata(cluster, names.statefulSet()))
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.peerService())
                // Nodes start together; order is kept where it matters (who leaves) by the operator, not here.
                .withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withSelector(new LabelSelectorBuilder().withMatchLabels(names.selectorLabels()).build())
                // Volumes are released by the operator after a node has drained, never by the StatefulSet.
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenScaled("Retain").withWhenDeleted("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(names.labels()).endMetadata()
                .withSpec(podSpec(cluster))
                .endTemplate()
                .withVolumeClaimTemplates(volumeClaim(cluster.getSpec().getStorage()))
                .endSpec()
                .build();
    }

    static PodSpec podSpec(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        SchedulingSpec scheduling = cluster.getSpec().getScheduling() == null
                ? new SchedulingSpec() : cluster.getSpec().getScheduling();
        SecretKeyRef token = AdminTokenSecret.reference(cluster);
        return new PodSpecBuilder()
                .withTerminationGracePeriodSeconds((long) TERMINATION_GRACE_SECONDS)
                .withEnableServiceLinks(false)
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(NODE_UID)
                .withRunAsGroup(NODE_UID)
                .withFsGroup(NODE_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(cluster))
                .addNewVolume().withName("admin-token").withNewSecret()
                .withSecretName(token.getName())
                .addNewItem().withKey(token.getKey()).withPath(ClusterNames.ADMIN_TOKEN_KEY).endItem()
                .withDefaultMode(0400)
                .endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .withAffinity(scheduling.getAffinity())
                .withTolerations(scheduling.getTolerations())
                .withNodeSelector(scheduling.getNodeSelector())
                .withPriorityClassName(scheduling.getPriorityClassName())
                .withTopologySpreadConstraints(spread(scheduling, names))
                .build();
    }

    static Container container(DistDBCluster cluster) {
        DistDBClusterSpec spec = cluster.getSpec();
        ClusterNames names = ClusterNames.of(cluster);
        return new ContainerBuilder()
                .withName("node")
                .withImage(spec.getImage())
                .addNewPort().withName("http").withContainerPort(ClusterNames.HTTP_PORT).endPort()
                .addNewPort().withName("admin").withContainerPort(ClusterNames.ADMIN_PORT).endPort()
                .addNewEnv().withName("DISTDB_NODE_ID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnvFrom().withNewConfigMapRef().withName(names.configMap()).endConfigMapRef().endEnvFrom()
                .withResources(spec.getResources())
                // Replaying a large log can take a while: the startup probe gives it time, liveness does not.
                .withStartupProbe(probe("/q/health/live", 5, 120))
                .withLivenessProbe(probe("/q/health/live", 10, 3))
                .withReadinessProbe(probe("/q/health/ready", 5, 3))
                .addNewVolumeMount().withName(ClusterNames.DATA_VOLUME).withMountPath(NodeConfigMap.DATA_DIR).endVolumeMount()
                .addNewVolumeMount().withName("admin-token").withMountPath(NodeConfigMap.ADMIN_TOKEN_DIR)
                .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /** The user's constraints; otherwise spread over hosts, preferring but not requiring it (one-node clusters). */
    static List<TopologySpreadConstraint> spread(SchedulingSpec scheduling, ClusterNames names) {
        if (scheduling.getTopologySpreadConstraints() != null) {
            return scheduling.getTopologySpreadConstraints();
        }
        if (scheduling.getAffinity() != null) {
            return null;
        }
        return List.of(new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(names.selectorLabels()).endLabelSelector()
                .build());
    }

    static PersistentVolumeClaim volumeClaim(StorageSpec storage) {
        StorageSpec s = storage == null ? new StorageSpec() : storage;
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(ClusterNames.DATA_VOLUME).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(s.getStorageClassName())
                .withNewResources().addToRequests("storage", new Quantity(s.getSize())).endResources()
                .endSpec()
                .build();
    }
}
