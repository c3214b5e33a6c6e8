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
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** Annotation of the StatefulSet: a hash of the pod template it was last written with. */
    public static final String TEMPLATE_HASH_ANNOTATION = "distdb.io/pod-template-hash";
    /** Annotation of the pod template: a hash of the ConfigMap's settings, so that changing them rolls the nodes. */
    public static final String CONFIG_HASH_ANNOTATION = "distdb.io/config-hash";

    /** The StatefulSet with the RollingUpdate partition at 0: for a new cluster, where no pod runs an old template. */
    public static StatefulSet build(DistDBCluster cluster, int replicas) {
        return build(cluster, replicas, 0);
    }

    public static StatefulSet build(DistDBCluster cluster, int replicas, int partition) {
        return build(cluster, replicas, partition, null);
    }

    /**
     * @param partition              pods with an ordinal at or above it run the current template; those below keep
     *                               theirs until the operator lowers it (see {@code RollingUpdate})
     * @param certificatesGeneration the node certificates Secret's generation ({@link NodeTlsSecret}); a new one
     *                               changes the pod template, so renewed certificates reach the nodes through the
     *                               same one-at-a-time rolling update as a new image. Null without TLS.
     */
    public static StatefulSet build(DistDBCluster cluster, int replicas, int partition, String certificatesGeneration) {
        ClusterNames names = ClusterNames.of(cluster);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CONFIG_HASH_ANNOTATION, hash(NodeConfigMap.build(cluster).getData()));
        if (certificatesGeneration != null) {
            annotations.put(NodeTlsSecret.GENERATION_ANNOTATION, certificatesGeneration);
        }
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(names.labels())
                .withAnnotations(annotations)
                .endMetadata()
                .withSpec(podSpec(cluster))
                .build();
        StatefulSet sts = new StatefulSetBuilder()
                .withMetadata(Owners.metadata(cluster, names.statefulSet()))
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.peerService())
                // Nodes start together; order is kept where it matters (who leaves) by the operator, not here.
                .withPodManagementPolicy("Parallel")
                // The operator moves the partition down one pod at a time, once the last replaced node is Ready and
                // caught up; the StatefulSet controller never replaces a node on its own.
                .withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(partition).endRollingUpdate()
                .endUpdateStrategy()
                .withSelector(new LabelSelectorBuilder().withMatchLabels(names.selectorLabels()).build())
                // Volumes are released by the operator after a node has drained, never by the StatefulSet.
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenScaled("Retain").withWhenDeleted("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .withTemplate(template)
                .withVolumeClaimTemplates(volumeClaim(cluster.getSpec().getStorage()))
                .endSpec()
                .build();
        sts.getMetadata().setAnnotations(Map.of(TEMPLATE_HASH_ANNOTATION, hash(template)));
        return sts;
    }

    /**
     * The partition to write over {@code existing}: when the pod template changes, the current replica count, so
     * that the StatefulSet controller replaces no pod until the operator lowers it one ordinal at a time; otherwise
     * the partition the operator decided.
     */
    public static int partitionToWrite(StatefulSet existing, StatefulSet desired) {
        int decided = partitionOf(desired);
        if (existing == null) {
            return decided;
        }
        if (templateChanged(existing, desired)) {
            return Math.max(existing.getSpec().getReplicas() == null ? 0 : existing.getSpec().getReplicas(),
                    partitionOf(existing));
        }
        return decided;
    }

    /** Whether {@code desired} carries a pod template other than the one {@code existing} was written with. */
    public static boolean templateChanged(StatefulSet existing, StatefulSet desired) {
        return !Objects.equals(templateHash(existing), templateHash(desired));
    }

    public static String templateHash(StatefulSet sts) {
        return sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(TEMPLATE_HASH_ANNOTATION);
    }

    public static int partitionOf(StatefulSet sts) {
        if (sts.getSpec().getUpdateStrategy() == null || sts.getSpec().getUpdateStrategy().getRollingUpdate() == null
                || sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
    }

    /** A short hash of an object's JSON form (Fabric8's serializer writes fields in a fixed order). */
    static String hash(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static PodSpec podSpec(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        SchedulingSpec scheduling = cluster.getSpec().getScheduling() == null
                ? new SchedulingSpec() : cluster.getSpec().getScheduling();
        SecretKeyRef token = AdminTokenSecret.reference(cluster);
        PodSpecBuilder pod = new PodSpecBuilder()
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
                .addNewVolume().withName("metrics-token").withNewSecret()
                .withSecretName(names.metricsTokenSecret())
                .addNewItem().withKey(MetricsTokenSecret.KEY).withPath(MetricsTokenSecret.KEY).endItem()
                .withDefaultMode(0440)
                .endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .withAffinity(scheduling.getAffinity())
                .withTolerations(scheduling.getTolerations())
                .withNodeSelector(scheduling.getNodeSelector())
                .withPriorityClassName(scheduling.getPriorityClassName())
                .withTopologySpreadConstraints(spread(scheduling, names));
        NodeConfigMap.clientToken(cluster).ifPresent(client -> pod.addNewVolume().withName("client-token")
                .withNewSecret().withSecretName(client.getName())
                .addNewItem().withKey(client.getKey()).withPath(ClusterNames.CLIENT_TOKEN_FILE).endItem()
                .withDefaultMode(0400)
                .endSecret().endVolume());
        if (cluster.getSpec().tlsEnabled()) {
            // Owned by root with the group fsGroup (the node's group): 0440 lets the node read, nobody write.
            pod.addNewVolume().withName("tls").withNewSecret().withSecretName(names.nodeTlsSecret())
                    .withDefaultMode(0440).endSecret().endVolume();
        } else {
            pod.addNewVolume().withName("peer-token").withNewSecret().withSecretName(names.peerTokenSecret())
                    .addNewItem().withKey(PeerTokenSecret.KEY).withPath(PeerTokenSecret.KEY).endItem()
                    .withDefaultMode(0440).endSecret().endVolume();
        }
        return pod.build();
    }

    static Container container(DistDBCluster cluster) {
        DistDBClusterSpec spec = cluster.getSpec();
        ClusterNames names = ClusterNames.of(cluster);
        // With TLS the HTTP port speaks only HTTPS; the kubelet's HTTPS probe does not verify the certificate.
        String scheme = spec.tlsEnabled() ? "HTTPS" : "HTTP";
        ContainerBuilder container = new ContainerBuilder()
                .withName("node")
                .withImage(spec.getImage())
                .addNewPort().withName("http").withContainerPort(ClusterNames.HTTP_PORT).endPort()
                .addNewPort().withName("postgres").withContainerPort(ClusterNames.POSTGRES_PORT).endPort()
                .addNewPort().withName("admin").withContainerPort(ClusterNames.ADMIN_PORT).endPort()
                .addNewPort().withName("metadata").withContainerPort(ClusterNames.METADATA_PORT).endPort()
                .addNewEnv().withName("DISTDB_NODE_ID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                // Defined before the variables that refer to it: Kubernetes expands $(VAR) only from earlier ones.
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnvFrom().withNewConfigMapRef().withName(names.configMap()).endConfigMapRef().endEnvFrom()
                .withResources(spec.getResources())
                // Replaying a large log can take a while: the startup probe gives it ten minutes, liveness does not.
                // Asked every 2 s, so a restarted node takes traffic (and a rolling update moves on) without
                // waiting out a long period.
                .withStartupProbe(probe("/q/health/live", 2, 300, scheme))
                .withLivenessProbe(probe("/q/health/live", 10, 3, scheme))
                .withReadinessProbe(probe("/q/health/ready", 2, 3, scheme))
                .addNewVolumeMount().withName(ClusterNames.DATA_VOLUME).withMountPath(NodeConfigMap.DATA_DIR).endVolumeMount()
                .addNewVolumeMount().withName("admin-token").withMountPath(NodeConfigMap.ADMIN_TOKEN_DIR)
                .withReadOnly(true).endVolumeMount()
                // DISTDB_METRICS_TOKEN_FILE in the ConfigMap points into this directory.
                .addNewVolumeMount().withName("metrics-token").withMountPath(MetricsTokenSecret.MOUNT_DIR)
                .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext();
        if (NodeConfigMap.clientToken(cluster).isPresent()) {
            // DISTDB_CLIENT_TOKEN_FILE in the ConfigMap points into this directory.
            container.addNewVolumeMount().withName("client-token").withMountPath(NodeConfigMap.CLIENT_TOKEN_DIR)
                    .withReadOnly(true).endVolumeMount();
        }
        if (spec.tlsEnabled()) {
            String dir = NodeTlsSecret.MOUNT_DIR + "/";
            container.addNewEnv().withName("DISTDB_TLS_CERT_FILE").withValue(dir + NodeTlsSecret.certificateFile("$(POD_NAME)")).endEnv()
                    .addNewEnv().withName("DISTDB_TLS_KEY_FILE").withValue(dir + NodeTlsSecret.keyFile("$(POD_NAME)")).endEnv()
                    .addNewEnv().withName("DISTDB_TLS_CA_FILE").withValue(dir + NodeTlsSecret.TRUST_BUNDLE).endEnv()
                    .addNewVolumeMount().withName("tls").withMountPath(NodeTlsSecret.MOUNT_DIR).withReadOnly(true)
                    .endVolumeMount();
        } else {
            // DISTDB_PEER_TOKEN_FILE in the ConfigMap points into this directory.
            container.addNewVolumeMount().withName("peer-token").withMountPath(PeerTokenSecret.MOUNT_DIR)
                    .withReadOnly(true).endVolumeMount();
        }
        return container.build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold, String scheme) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("http")).withScheme(scheme).endHttpGet()
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
