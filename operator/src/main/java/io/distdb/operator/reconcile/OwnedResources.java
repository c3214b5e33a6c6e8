package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.SecretKeyRef;
import io.distdb.operator.model.AdminNetworkPolicy;
import io.distdb.operator.model.AdminTokenSecret;
import io.distdb.operator.model.ClientSecret;
import io.distdb.operator.model.ClientService;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.model.MetricsTokenSecret;
import io.distdb.operator.model.NodeConfigMap;
import io.distdb.operator.model.NodeDisruptionBudget;
import io.distdb.operator.model.NodeStatefulSet;
import io.distdb.operator.model.OperatorIdentity;
import io.distdb.operator.model.PeerService;
import io.distdb.operator.model.PeerTokenSecret;
import io.distdb.operator.model.SecretData;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Makes the owned objects match their builders: created when absent, else the fields the operator owns are
 * merged in, and an unchanged object is not written at all. The generated token Secrets are the exception: they
 * are created once and never rewritten. Secrets are only ever read by name (get), created and patched: the
 * operator neither lists nor watches them, nor deletes them (owner references do).
 */
public final class OwnedResources {

    private final KubernetesClient client;
    private final OperatorIdentity operator;

    public OwnedResources(KubernetesClient client, OperatorIdentity operator) {
        this.client = client;
        this.operator = operator;
    }

    /** The admin token, generating its Secret first when the cluster names none; empty if the named one is absent. */
    public Optional<String> ensureAdminToken(DistDBCluster cluster) {
        SecretKeyRef ref = AdminTokenSecret.reference(cluster);
        String ns = cluster.getMetadata().getNamespace();
        Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
        if (secret == null && AdminTokenSecret.isGenerated(cluster)) {
            secret = client.secrets().inNamespace(ns).resource(AdminTokenSecret.build(cluster)).create();
        }
        return secret == null ? Optional.empty() : read(secret, ref.getKey());
    }

    /** The node-to-node token Secret of a cluster without TLS, generated once. */
    public void ensurePeerToken(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        if (client.secrets().inNamespace(names.namespace()).withName(names.peerTokenSecret()).get() == null) {
            client.resource(PeerTokenSecret.build(cluster)).create();
        }
    }

    /** The read-only metrics token Secret a scraper presents, generated once. */
    public void ensureMetricsToken(DistDBCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        if (client.secrets().inNamespace(names.namespace()).withName(names.metricsTokenSecret()).get() == null) {
            client.resource(MetricsTokenSecret.build(cluster)).create();
        }
    }

    /**
     * Writes {@code <name>-client} when the cluster needs it: the generated client token, kept once made, and the
     * trust bundle.
     *
     * @param trustBundle the CAs as PEM; null without TLS
     * @return the name of the Secret holding the client token (the user's or the generated one); null when
     *         clients need none
     */
    public String ensureClientSecret(DistDBCluster cluster, String trustBundle) {
        ClusterNames names = ClusterNames.of(cluster);
        if (ClientSecret.wanted(cluster)) {
            Secret existing = client.secrets().inNamespace(names.namespace()).withName(names.clientSecret()).get();
            String token = ClientSecret.generatesToken(cluster)
                    ? SecretData.read(existing, ClientSecret.TOKEN).orElseGet(SecretData::randomHexToken) : null;
            writeSecret(ClientSecret.build(cluster, token, trustBundle), existing);
        }
        return ClientSecret.tokenReference(cluster).map(SecretKeyRef::getName).orElse(null);
    }

    /** Creates {@code desired}, or merges its data and annotations into {@code existing} when they differ. */
    public void writeSecret(Secret desired, Secret existing) {
        apply(desired, existing, (want, have) -> {
            have.setData(merged(have.getData(), want.getData()));
            have.getMetadata().setAnnotations(merged(have.getMetadata().getAnnotations(),
                    want.getMetadata().getAnnotations() == null ? Map.of() : want.getMetadata().getAnnotations()));
        });
    }

    public void applyServices(DistDBCluster cluster) {
        apply(NodeConfigMap.build(cluster), (want, have) -> have.setData(want.getData()));
        apply(PeerService.build(cluster), OwnedResources::copyServiceSpec);
        apply(ClientService.build(cluster), OwnedResources::copyServiceSpec);
        apply(NodeDisruptionBudget.build(cluster), (want, have) -> have.setSpec(want.getSpec()));
        apply(AdminNetworkPolicy.build(cluster, operator), (want, have) -> have.setSpec(want.getSpec()));
    }

    /**
     * Applies the StatefulSet with the decided replicas and RollingUpdate partition, except that a changed pod
     * template is written with the partition at the current replica count, so that the StatefulSet controller
     * replaces no pod before the operator releases it.
     *
     * @param certificatesGeneration the node certificates' generation (renewed certificates roll the nodes); null
     *                               without TLS
     * @return whether the pod template changed
     */
    public boolean applyStatefulSet(DistDBCluster cluster, int replicas, int partition, String certificatesGeneration) {
        StatefulSet desired = NodeStatefulSet.build(cluster, replicas, partition, certificatesGeneration);
        StatefulSet existing = client.resource(desired).get();
        boolean changed = existing != null && NodeStatefulSet.templateChanged(existing, desired);
        desired.getSpec().getUpdateStrategy().getRollingUpdate()
                .setPartition(NodeStatefulSet.partitionToWrite(existing, desired));
        // Only the fields a StatefulSet lets change; the rest (selector, volume claims) is fixed at creation.
        apply(desired, existing, (want, have) -> {
            have.getMetadata().setAnnotations(merged(have.getMetadata().getAnnotations(),
                    want.getMetadata().getAnnotations()));
            have.getSpec().setReplicas(want.getSpec().getReplicas());
            have.getSpec().setTemplate(want.getSpec().getTemplate());
            have.getSpec().setUpdateStrategy(want.getSpec().getUpdateStrategy());
            have.getSpec().setPersistentVolumeClaimRetentionPolicy(want.getSpec().getPersistentVolumeClaimRetentionPolicy());
        });
        return changed;
    }

    private static Map<String, String> merged(Map<String, String> have, Map<String, String> want) {
        Map<String, String> merged = new LinkedHashMap<>(have == null ? Map.of() : have);
        merged.putAll(want);
        return merged;
    }

    public void deleteVolumeClaim(DistDBCluster cluster, int ordinal) {
        ClusterNames names = ClusterNames.of(cluster);
        client.persistentVolumeClaims().inNamespace(names.namespace()).withName(names.volumeClaim(ordinal)).delete();
    }

    /**
     * Creates the object, or patches the fields we own into the existing one (a JSON patch of the difference,
     * nothing when there is none). Server-assigned fields such as a Service's clusterIP are left alone.
     */
    private <T extends HasMetadata> void apply(T desired, BiConsumer<T, T> copyOwnedFields) {
        apply(desired, client.resource(desired).get(), copyOwnedFields);
    }

    private <T extends HasMetadata> void apply(T desired, T existing, BiConsumer<T, T> copyOwnedFields) {
        if (existing == null) {
            client.resource(desired).create();
            return;
        }
        T edited = Serialization.clone(existing);
        edited.getMetadata().setLabels(desired.getMetadata().getLabels());
        edited.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
        copyOwnedFields.accept(desired, edited);
        // Compared as JSON trees: the model classes' equals is thrown off by equivalent representations.
        if (!Serialization.jsonMapper().valueToTree(edited).equals(Serialization.jsonMapper().valueToTree(existing))) {
            // Without a resourceVersion the merge patch is not refused because a controller touched the object.
            edited.getMetadata().setResourceVersion(null);
            client.resource(existing).patch(PatchContext.of(PatchType.JSON_MERGE), edited);
        }
    }

    private static void copyServiceSpec(Service want, Service have) {
        have.getSpec().setSelector(want.getSpec().getSelector());
        have.getSpec().setPorts(want.getSpec().getPorts());
        have.getSpec().setPublishNotReadyAddresses(want.getSpec().getPublishNotReadyAddresses());
    }

    private static Optional<String> read(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8).trim());
        }
        // stringData is write-only on a real API server; a test server may keep it as written.
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return Optional.of(secret.getStringData().get(key).trim());
        }
        return Optional.empty();
    }
}
