package io.distdb.server.admin;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;
import io.distdb.server.cluster.TopologyStore;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.rebalance.Rebalancer;
import io.distdb.server.store.NodeStorage;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Builds this node's {@link NodeStatus} from its topology and its store. */
@Singleton
public class NodeStatusReporter {

    private final NodeConfig config;
    private final TopologyStore topology;
    private final NodeStorage storage;
    private final Rebalancer rebalancer;
    private final io.distdb.server.replication.HintStore hints;

    public NodeStatusReporter(NodeConfig config, TopologyStore topology, NodeStorage storage, Rebalancer rebalancer,
                              io.distdb.server.replication.HintStore hints) {
        this.hints = hints;
        this.config = config;
        this.topology = topology;
        this.storage = storage;
        this.rebalancer = rebalancer;
    }

    public NodeStatus status() {
        long bytes = storage.dataBytes();
        long epoch = topology.epoch();
        // The LSM engine does not count live keys; -1 says so rather than guessing.
        RebalanceStatus rebalance = rebalancer.status();
        return new NodeStatus(config.nodeId(), epoch, state(rebalance), -1, bytes, rebalance, config.version());
    }

    /**
     * A LEAVING member that has streamed everything it held and delivered every write it keeps for another replica
     * (hints) is DRAINED: safe to stop and delete.
     */
    private NodeState state(RebalanceStatus rebalance) {
        Optional<Topology> current = topology.current();
        if (current.isEmpty()) {
            return NodeState.NORMAL;
        }
        Optional<Member> self = current.get().member(config.nodeId());
        if (self.isEmpty()) {
            return NodeState.DRAINED;
        }
        MemberState state = self.get().state();
        return switch (state) {
            case NORMAL -> NodeState.NORMAL;
            case JOINING -> NodeState.JOINING;
            case LEAVING -> rebalance.epoch() == current.get().epoch() && rebalance.isFinished()
                    && hints.pending() == 0 ? NodeState.DRAINED : NodeState.LEAVING;
        };
    }
}
