package io.distdb.operator.reconcile;

import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.distdb.operator.crd.Phase;
import io.distdb.operator.model.ClusterNames;
import io.distdb.operator.nodes.NodeAdmin;
import io.distdb.operator.nodes.NodeAdminFactory;
import io.distdb.operator.nodes.NodeCredentials;
import io.distdb.operator.tls.CertificateAuthority;
import io.distdb.operator.scaling.ClusterEvent;
import io.distdb.operator.scaling.Conditions;
import io.distdb.operator.scaling.Decision;
import io.distdb.operator.scaling.DesiredCluster;
import io.distdb.operator.scaling.ObservedCluster;
import io.distdb.operator.scaling.RollingUpdate;
import io.distdb.operator.scaling.ScalingInput;
import io.distdb.operator.scaling.ScalingStateMachine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One reconciliation of one cluster, as a straight line of small idempotent steps:
 * <ol>
 * <li>pause: a paused cluster only gets its Paused condition;</li>
 * <li>validate the spec, and load the CA that signs the cluster's certificates (TLS);</li>
 * <li>ensure the admin token; with TLS the node certificates for every ordinal the StatefulSet may run and the
 * operator's client certificate, renewed before they expire, else the peer token; the client Secret;</li>
 * <li>ensure the ConfigMap, Services, PodDisruptionBudget and NetworkPolicy;</li>
 * <li>observe the StatefulSet, pods, volume claims and nodes;</li>
 * <li>decide with the scaling state machine, then the rolling update's partition;</li>
 * <li>record the decision's status (stop here if the resource changed meanwhile);</li>
 * <li>apply the StatefulSet with the decided replica count and partition, and the node certificates'
 * generation in its pod template (issuing certificates first for any ordinal it is to grow to);</li>
 * <li>carry out the decided action and emit the events.</li>
 * </ol>
 * Any step may fail; the next pass starts again from the top and finds the work already done.
 */
public final class ClusterReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciliation.class);

    private final KubernetesClient client;
    private final OwnedResources resources;
    private final ClusterObserver observer;
    private final NodeAdminFactory nodeAdmins;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final ActionExecutor executor;
    private final ScalingStateMachine machine;
    private final Conditions conditions;
    private final RollingUpdate rollingUpdate;
    private final CertificateIssuers issuers;
    private final ClusterCertificates certificates;
    private final Clock clock;

    public ClusterReconciliation(KubernetesClient client, OwnedResources resources, NodeAdminFactory nodeAdmins,
                                 EventRecorder events, Clock clock) {
        this.client = client;
        this.resources = resources;
        this.observer = new ClusterObserver(client);
        this.nodeAdmins = nodeAdmins;
        this.statusWriter = new StatusWriter(client);
        this.events = events;
        this.executor = new ActionExecutor(resources);
        this.machine = new ScalingStateMachine(clock);
        this.conditions = new Conditions(clock);
        this.rollingUpdate = new RollingUpdate(clock);
        this.issuers = new CertificateIssuers(client);
        this.certificates = new ClusterCertificates(client, resources, clock);
        this.clock = clock;
    }

    /** What the pass found: whether work remains (look again soon) and the status it recorded. */
    public record Outcome(boolean inProgress, DistDBClusterStatus status) {
    }

    public Outcome reconcile(DistDBCluster cluster) {
        DistDBClusterStatus status = copy(cluster.getStatus());
        status.setObservedGeneration(cluster.getMetadata().getGeneration());

        if (cluster.isPaused()) {
            if (conditions.set(status, Condition.PAUSED, true, "Annotated",
                    DistDBCluster.PAUSE_ANNOTATION + " is set; nothing is changed")) {
                events.record(cluster, ClusterEvent.normal("Paused", "Reconciliation paused by annotation"));
            }
            status.setPhase(Phase.Paused);
            statusWriter.write(cluster, status);
            return new Outcome(false, status);
        }
        conditions.set(status, Condition.PAUSED, false, "NotAnnotated", "");

        List<String> problems = new ArrayList<>(SpecValidator.problems(cluster.getSpec()));
        Optional<CertificateAuthority> ca = Optional.empty();
        if (problems.isEmpty() && cluster.getSpec().tlsEnabled()) {
            CertificateIssuers.Result issuer = issuers.load(cluster, clock.instant());
            issuer.problem().ifPresent(problems::add);
            ca = issuer.ca();
        }
        if (!problems.isEmpty()) {
            String message = String.join("; ", problems);
            if (status.getPhase() != Phase.Invalid) {
                events.record(cluster, ClusterEvent.warning("InvalidSpec", message));
            }
            status.setPhase(Phase.Invalid);
            status.setLastError(message);
            conditions.set(status, Condition.READY, false, "InvalidSpec", message);
            statusWriter.write(cluster, status);
            return new Outcome(false, status);
        }

        ClusterNames names = ClusterNames.of(cluster);
        Optional<String> token = resources.ensureAdminToken(cluster);
        resources.ensureMetricsToken(cluster);
        ClusterCertificates.Result tls = ca.map(c -> certificates.ensure(cluster, c, ordinalsToCertify(cluster)))
                .orElse(null);
        if (tls == null) {
            resources.ensurePeerToken(cluster);
        } else {
            tls.events().forEach(e -> events.record(cluster, e));
        }
        status.setClientSecret(resources.ensureClientSecret(cluster, tls == null ? null : tls.trustBundle()));
        status.setTls(tls == null ? null : tls.status());
        resources.applyServices(cluster);
        NodeAdmin nodes = token.map(t -> nodeAdmins.connect(names,
                tls == null ? NodeCredentials.plain(t) : tls.credentials(t))).orElse(null);
        ObservedCluster observed = observer.observe(cluster, nodes, "admin token Secret "
                + io.distdb.operator.model.AdminTokenSecret.reference(cluster).getName() + " not found");

        Decision decision = machine.decide(new ScalingInput(names, DesiredCluster.of(cluster.getSpec()), status, observed));
        RollingUpdate.Result update = rollingUpdate.decide(names, observed, decision);
        boolean inProgress = decision.inProgress() || update.inProgress() || (tls != null && tls.waiting());
        Optional<DistDBCluster> written = statusWriter.write(cluster, update.status());
        if (written.isEmpty()) {
            LOG.debug("{} changed while reconciling; deciding again", cluster.getMetadata().getName());
            return new Outcome(true, update.status());
        }
        if (decision.statefulSetReplicas() > 0 || observed.statefulSetReplicas() > 0) {
            String generation = tls == null ? null : tls.generation();
            if (tls != null && decision.statefulSetReplicas() > tls.ordinals()) {
                // A new pod must find its certificate when it starts.
                generation = certificates.ensure(cluster, ca.get(), decision.statefulSetReplicas()).generation();
            }
            if (resources.applyStatefulSet(cluster, decision.statefulSetReplicas(), update.partition(), generation)) {
                events.record(cluster, ClusterEvent.normal("PodTemplateChanged", "Pod template changed (image "
                        + cluster.getSpec().getImage() + (generation == null ? "" : ", certificates " + generation)
                        + "); the nodes are replaced one at a time"));
                inProgress = true;
            }
        }
        decision.events().forEach(e -> events.record(cluster, e));
        update.events().forEach(e -> events.record(cluster, e));
        List<String> failures = executor.execute(cluster, decision.action(), nodes);
        if (!failures.isEmpty()) {
            DistDBClusterStatus failed = copy(written.get().getStatus());
            failed.setLastError(String.join("; ", failures));
            statusWriter.write(written.get(), failed);
            events.record(cluster, ClusterEvent.warning("NodeCallFailed", failed.getLastError()));
        }
        return new Outcome(inProgress, update.status());
    }

    /**
     * Every ordinal the StatefulSet may run on this pass: the spec's size, and the members of the topology in force
     * (a scale-down keeps them until they drained). The StatefulSet's own size is added by the certificates step.
     */
    private static int ordinalsToCertify(DistDBCluster cluster) {
        int replicas = cluster.getSpec().getReplicas() == null ? 0 : cluster.getSpec().getReplicas();
        DistDBClusterStatus status = cluster.getStatus();
        int target = status == null || status.getTargetReplicas() == null ? 0 : status.getTargetReplicas();
        int members = status == null || status.getTopology() == null || status.getTopology().getMembers() == null
                ? 0 : status.getTopology().getMembers().size();
        return Math.max(replicas, Math.max(target, members));
    }

    private static DistDBClusterStatus copy(DistDBClusterStatus status) {
        return status == null ? new DistDBClusterStatus()
                : Serialization.unmarshal(Serialization.asJson(status), DistDBClusterStatus.class);
    }
}
