package io.distdb.operator.reconcile;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.SecretKeyRef;
import io.distdb.operator.model.AdminNetworkPolicy;
import io.distdb.operator.model.AdminTokenSecret;
import io.distdb.operator.model.ClientService;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.model.NodeConfigMap;
import io.distdb.operator.model.NodeDisruptionBudget;
import io.distdb.operator.model.NodeStatefulSet;
import io.distdb.operator.model.OperatorIdentity;
import io.distdb.operator.model.PeerService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Makes the owned objects match their builders, each with server-side apply under one field manager, so a
 * repeated apply of an unchanged object changes nothing. The generated token Secret is the exception: it is
 * created once and never rewritten.
 */
public final class OwnedResources {

    static final String FIELD_MANAGER = "distdb-operator";

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

    public void applyServices(DistDBCluster cluster) {
        apply(NodeConfigMap.build(cluster));
        apply(PeerService.build(cluster));
        apply(ClientService.build(cluster));
        apply(NodeDisruptionBudget.build(cluster));
        apply(AdminNetworkPolicy.build(cluster, operator));
    }

    public void applyStatefulSet(DistDBCluster cluster, int replicas) {
        apply(NodeStatefulSet.build(cluster, replicas));
    }

    public void deleteVolumeClaim(DistDBCluster cluster, int ordinal) {
        ClusterNames names = ClusterNames.of(cluster);
        client.persistentVolumeClaims().inNamespace(names.namespace()).withName(names.volumeClaim(ordinal)).delete();
    }

    private void apply(HasMetadata desired) {
        client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
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
