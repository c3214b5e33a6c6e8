package io.distdb.e2e;

import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;
import io.distdb.operator.nodes.FakeNodes;
import io.distdb.operator.nodes.NodeAdmin;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Stands in for the kubelet and the data node processes on a control plane without nodes: every few hundred
 * milliseconds it marks the namespace's new pods Running and Ready (as a kubelet would once the readiness probe
 * passes),
 * starts the {@link FakeNodes} node of each new pod, stops the node of a pod that went away (its state stays,
 * as on a kept volume), and moves running rebalances forward. The nodes are reached through {@link #nodeAdmin()},
 * which the operator uses as its {@code NodeAdmin}.
 */
final class FakeKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final FakeNodes nodes;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    /** pod name -> uid of the pod the node runs in */
    private final Map<String, String> running = new HashMap<>();
    private final Map<String, Boolean> drainedWhenStopped = new HashMap<>();
    private final Set<String> laggingNodes = new HashSet<>();
    /** pod name -> how many status calls the operator made while the node was lagging */
    private final Map<String, Integer> laggingAnswers = new HashMap<>();
    private final Set<String> everStarted = new HashSet<>();
    private boolean lagAfterRestart;
    private final List<String> log = new ArrayList<>();
    private volatile Predicate<Pod> holdReadiness = p -> false;

    FakeKubelet(KubernetesClient client, String namespace, FakeNodes nodes) {
        this.client = client;
        this.namespace = namespace;
        this.nodes = nodes;
    }

    void start() {
        loop.scheduleWithFixedDelay(this::step, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Pods matching this are left not Ready (a node that does not come up). */
    void holdReadiness(Predicate<Pod> hold) {
        this.holdReadiness = hold;
    }

    /**
     * While set, the node of {@code pod} reports itself still STARTING: restarted, but not yet caught up.
     */
    synchronized void setLagging(String pod, boolean lagging) {
        if (lagging) {
            laggingNodes.add(pod);
        } else {
            laggingNodes.remove(pod);
        }
    }

    /** How many times the operator asked the node of {@code pod} for its status while it was lagging. */
    synchronized int laggingAnswers(String pod) {
        return laggingAnswers.getOrDefault(pod, 0);
    }

    /** While set, a node whose pod is replaced comes back lagging (see {@link #setLagging}) until released. */
    synchronized void lagAfterRestart(boolean lag) {
        this.lagAfterRestart = lag;
    }

    /** Whether the node of {@code pod} reported DRAINED when its pod went away; false if it has not gone. */
    synchronized boolean drainedBeforeStopped(String pod) {
        return drainedWhenStopped.getOrDefault(pod, false);
    }

    synchronized long epochOf(String pod) {
        return nodes.node(pod).topology().map(Topology::epoch).orElse(0L);
    }

    /** What happened, in order: "start db-0 <revision>", "stop db-0". */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    private void step() {
        try {
            List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
            Set<String> present = new HashSet<>();
            for (Pod pod : pods) {
                String name = pod.getMetadata().getName();
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                present.add(name);
                synchronized (this) {
                    String uid = running.get(name);
                    if (uid != null && !uid.equals(pod.getMetadata().getUid())) {
                        stop(name);
                    }
                    if (!running.containsKey(name)) {
                        if (!everStarted.add(name) && lagAfterRestart) {
                            laggingNodes.add(name);
                        }
                        nodes.start(name);
                        running.put(name, pod.getMetadata().getUid());
                        log.add("start " + name + " " + pod.getMetadata().getLabels().get("controller-revision-hash"));
                    }
                }
                if (!isReady(pod) && !holdReadiness.test(pod)) {
                    markReady(pod);
                }
            }
            synchronized (this) {
                for (String name : new ArrayList<>(running.keySet())) {
                    if (!present.contains(name)) {
                        stop(name);
                    }
                }
                nodes.tick();
            }
        } catch (KubernetesClientException e) {
            // a conflict with another writer of the pod status: next round
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private void stop(String name) {
        FakeNodes.Node node = nodes.node(name);
        drainedWhenStopped.put(name, node != null && node.state() == NodeState.DRAINED);
        nodes.stop(name);
        running.remove(name);
        log.add("stop " + name);
    }

    /** Running and Ready: what the StatefulSet controller counts as healthy before it replaces the next pod. */
    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void markReady(Pod pod) {
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
            List<PodCondition> conditions = new ArrayList<>(p.getStatus() == null || p.getStatus().getConditions() == null
                    ? List.of() : p.getStatus().getConditions());
            conditions.removeIf(c -> "Ready".equals(c.getType()) || "ContainersReady".equals(c.getType()));
            conditions.add(new PodConditionBuilder().withType("ContainersReady").withStatus("True").build());
            conditions.add(new PodConditionBuilder().withType("Ready").withStatus("True").build());
            return new PodBuilder(p).editOrNewStatus().withPhase("Running").withConditions(conditions).endStatus().build();
        });
    }

    /** The nodes' admin API for the operator: each call under the same lock as the kubelet's changes. */
    NodeAdmin nodeAdmin() {
        return new NodeAdmin() {
            @Override
            public NodeStatus status(String pod) {
                synchronized (FakeKubelet.this) {
                    NodeStatus status = nodes.status(pod);
                    if (laggingNodes.contains(pod)) {
                        laggingAnswers.merge(pod, 1, Integer::sum);
                        return new NodeStatus(status.nodeId(), 0, NodeState.STARTING, status.keys(), status.bytes(),
                                RebalanceStatus.idle(0));
                    }
                    return status;
                }
            }

            @Override
            public Topology topology(String pod) {
                synchronized (FakeKubelet.this) {
                    return nodes.topology(pod);
                }
            }

            @Override
            public Topology putTopology(String pod, Topology topology) {
                synchronized (FakeKubelet.this) {
                    return nodes.putTopology(pod, topology);
                }
            }

            @Override
            public RebalanceStatus startRebalance(String pod, long epoch) {
                synchronized (FakeKubelet.this) {
                    return nodes.startRebalance(pod, epoch);
                }
            }
        };
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
