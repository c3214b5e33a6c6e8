package io.distdb.operator.nodes;

import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceState;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Data nodes as the admin API contract describes them, in memory: topologies accepted only forward (the same
 * epoch again only with the same content), rebalances that move a few ranges per {@link #tick()}, a LEAVING node
 * that reports DRAINED once its rebalance completes, and a node that reports DRAINED when a topology no longer
 * lists it. A node's state lives with its volume: a pod that comes back on a kept volume is the same node.
 */
public final class FakeNodes implements NodeAdmin {

    /** One node's durable state. */
    public static final class Node {
        final String id;
        Topology topology;
        RebalanceStatus rebalance;
        /** Whether this node ever owned ranges (NORMAL or LEAVING in an accepted topology). */
        boolean everOwner;
        boolean running;
        boolean reachable = true;

        Node(String id) {
            this.id = id;
        }

        public NodeState state() {
            if (topology == null) {
                return NodeState.NORMAL;
            }
            Optional<Member> self = topology.member(id);
            if (self.isEmpty()) {
                return NodeState.DRAINED;
            }
            return switch (self.get().state()) {
                case NORMAL -> NodeState.NORMAL;
                case JOINING -> NodeState.JOINING;
                case LEAVING -> rebalance != null && rebalance.epoch() == topology.epoch()
                        && rebalance.state() == RebalanceState.COMPLETED ? NodeState.DRAINED : NodeState.LEAVING;
            };
        }

        public boolean everOwner() {
            return everOwner;
        }

        public Optional<Topology> topology() {
            return Optional.ofNullable(topology);
        }
    }

    /** Ranges each rebalance moves, one per tick. */
    private final int rangesPerRebalance;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private final Set<String> failNextRebalance = new HashSet<>();
    public int publishes;
    public int rebalanceStarts;

    public FakeNodes(int rangesPerRebalance) {
        this.rangesPerRebalance = rangesPerRebalance;
    }

    /** A pod started: its node comes up with whatever its volume held. */
    public void start(String pod) {
        nodes.computeIfAbsent(pod, Node::new).running = true;
    }

    /** A pod stopped; its volume (and so the node's state) remains unless {@link #wipe} is called. */
    public void stop(String pod) {
        Node node = nodes.get(pod);
        if (node != null) {
            node.running = false;
        }
    }

    /** The volume was deleted: a pod started later begins empty. */
    public void wipe(String pod) {
        nodes.remove(pod);
    }

    public Node node(String pod) {
        return nodes.get(pod);
    }

    public void setReachable(String pod, boolean reachable) {
        nodes.get(pod).reachable = reachable;
    }

    public void failNextRebalance(String pod) {
        failNextRebalance.add(pod);
    }

    public List<String> conflicts() {
        return conflicts;
    }

    /** Moves every running rebalance one range forward. */
    public void tick() {
        for (Node node : nodes.values()) {
            RebalanceStatus r = node.rebalance;
            if (node.running && r != null && r.state() == RebalanceState.RUNNING) {
                if (failNextRebalance.remove(node.id)) {
                    node.rebalance = new RebalanceStatus(r.epoch(), RebalanceState.FAILED, r.rangesTotal(),
                            r.rangesDone(), r.bytesMoved(), r.bytesTotal(), null, "stream reset");
                    continue;
                }
                int done = r.rangesDone() + 1;
                node.rebalance = new RebalanceStatus(r.epoch(), done >= r.rangesTotal() ? RebalanceState.COMPLETED
                        : RebalanceState.RUNNING, r.rangesTotal(), done, done * 1000L, r.rangesTotal() * 1000L, null, null);
            }
        }
    }

    private Node reach(String pod) {
        Node node = nodes.get(pod);
        if (node == null || !node.running || !node.reachable) {
            throw new AdminException("GET http://" + pod + ":9090 failed: connection refused", new java.io.IOException());
        }
        return node;
    }

    @Override
    public NodeStatus status(String pod) {
        Node node = reach(pod);
        long epoch = node.topology == null ? 0 : node.topology.epoch();
        RebalanceStatus rebalance = node.rebalance == null ? RebalanceStatus.idle(epoch) : node.rebalance;
        return new NodeStatus(pod, epoch, node.state(), -1, 0, rebalance);
    }

    @Override
    public Topology topology(String pod) {
        Node node = reach(pod);
        if (node.topology == null) {
            throw new AdminException(404, "no_topology", "no topology");
        }
        return node.topology;
    }

    @Override
    public Topology putTopology(String pod, Topology topology) {
        Node node = reach(pod);
        publishes++;
        if (node.topology != null && (topology.epoch() < node.topology.epoch()
                || topology.epoch() == node.topology.epoch() && !topology.equals(node.topology))) {
            conflicts.add(pod + " has " + node.topology + ", was sent " + topology);
            throw new AdminException(409, "stale_epoch", "stale epoch " + topology.epoch());
        }
        node.topology = topology;
        topology.member(pod).ifPresent(m -> {
            if (m.state() == MemberState.NORMAL || m.state() == MemberState.LEAVING) {
                node.everOwner = true;
            }
        });
        return topology;
    }

    @Override
    public RebalanceStatus startRebalance(String pod, long epoch) {
        Node node = reach(pod);
        rebalanceStarts++;
        if (node.topology == null || node.topology.epoch() != epoch) {
            throw new AdminException(409, "stale_epoch", pod + " is not at epoch " + epoch);
        }
        RebalanceStatus r = node.rebalance;
        if (r != null && r.epoch() == epoch && r.state() != RebalanceState.FAILED) {
            return r;
        }
        boolean moves = node.topology.members().stream().anyMatch(m -> m.state() != MemberState.NORMAL);
        int total = moves ? rangesPerRebalance : 0;
        int done = r != null && r.epoch() == epoch ? r.rangesDone() : 0;
        node.rebalance = new RebalanceStatus(epoch, done >= total ? RebalanceState.COMPLETED : RebalanceState.RUNNING,
                total, done, done * 1000L, total * 1000L, null, null);
        return node.rebalance;
    }
}
