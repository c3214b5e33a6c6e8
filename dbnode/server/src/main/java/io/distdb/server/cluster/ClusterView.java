package io.distdb.server.cluster;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.Topology;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.errors.UnavailableException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's view of the cluster: the topology it last accepted and the {@link Placement} derived from
 * it. A node with neither a stored topology nor a static member list is a cluster of one (epoch 0), unless
 * it was told to await a published topology, in which case it serves no client data until then.
 */
@Singleton
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class);

    private final String selfId;
    private final TopologyStore store;
    private final boolean awaitTopology;
    private final List<Consumer<Placement>> listeners = new CopyOnWriteArrayList<>();
    private volatile Placement placement;

    public ClusterView(NodeConfig config, TopologyStore store) {
        this.selfId = config.nodeId();
        this.store = store;
        this.awaitTopology = config.cluster().awaitTopology();
        if (store.current().isEmpty() && config.cluster().nodes().isPresent()) {
            Topology initial = StaticMembers.parse(config.cluster().nodes().get(),
                    config.cluster().replicationFactor().orElse(null), config.cluster().vnodes());
            validate(initial);
            store.accept(initial);
            LOG.infof("static cluster of %d members, replication factor %d", initial.members().size(),
                    initial.replicationFactor());
        }
        this.placement = store.current().map(Placement::of).orElse(null);
    }

    public String selfId() {
        return selfId;
    }

    /** The placement client requests use; 503 while a node awaits its first topology. */
    private volatile Placement standalone;

    public Placement placement() {
        Placement current = placement;
        if (current != null) {
            return current;
        }
        if (awaitTopology) {
            throw new UnavailableException("node " + selfId + " is waiting for its cluster topology to be published");
        }
        return standalone();
    }

    /** The placement if this node has a published one. */
    public Optional<Placement> published() {
        return Optional.ofNullable(placement);
    }

    /** Whether every request is served by this node alone: a cluster of one. */
    public boolean isLocalOnly() {
        Placement current = placement;
        if (current == null) {
            return !awaitTopology;
        }
        List<Member> members = current.members();
        return members.size() == 1 && members.get(0).id().equals(selfId);
    }

    /** A cluster of this node alone, built once: building a ring per request cost a point read a fifth of its time. */
    private Placement standalone() {
        Placement alone = standalone;
        if (alone == null) {
            alone = Placement.of(new Topology(0, 1, 1, List.of(new Member(selfId, "localhost:0", MemberState.NORMAL))));
            standalone = alone;
        }
        return alone;
    }

    /** Validates and accepts a published topology; returns whether it changed anything. */
    public synchronized boolean accept(Topology proposed) {
        validate(proposed);
        boolean changed = store.accept(proposed);
        if (changed) {
            Placement next = Placement.of(proposed);
            placement = next;
            for (Consumer<Placement> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "topology listener failed for epoch %d", proposed.epoch());
                }
            }
        }
        return changed;
    }

    /** Calls {@code listener} with every newly accepted placement. */
    public void onChange(Consumer<Placement> listener) {
        listeners.add(listener);
    }

    private void validate(Topology proposed) {
        if (proposed.member(selfId).isEmpty()) {
            throw new InvalidTopologyException("unknown member: this node (" + selfId + ") is not a member of topology epoch "
                    + proposed.epoch());
        }
        long owners = proposed.members().stream()
                .filter(m -> m.state() == MemberState.NORMAL || m.state() == MemberState.JOINING).count();
        if (owners < proposed.replicationFactor()) {
            throw new InvalidTopologyException("replicationFactor " + proposed.replicationFactor() + " needs at least as many "
                    + "NORMAL or JOINING members, but the topology has " + owners);
        }
        for (Member m : proposed.members()) {
            int colon = m.address().lastIndexOf(':');
            if (colon <= 0 || colon == m.address().length() - 1) {
                throw new InvalidTopologyException("member " + m.id() + " has address '" + m.address()
                        + "'; expected host:adminPort");
            }
        }
    }
}
