package io.distdb.server.rebalance;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.NodeStatus;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.replication.Coordinator;
import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Partitioner;
import io.distdb.storage.KvIterator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drops the data this node no longer owns, once it is safe: the topology is settled (nobody joining or
 * leaving) and every member reports that epoch or a newer one, so no node still reads from, or streams
 * from, this node's old ranges. Never during a move. Checked every two seconds until done for the epoch.
 */
@Singleton
public class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class);
    private static final int BATCH = 1000;

    private final ClusterView cluster;
    private final LocalReplica local;
    private final Partitioner partitioner;
    private final PeerStatuses peers;
    private volatile long cleanedEpoch = -1;
    private ScheduledExecutorService timer;

    public Cleanup(ClusterView cluster, Coordinator coordinator, PeerStatuses peers) {
        this.cluster = cluster;
        this.local = coordinator.local();
        this.partitioner = coordinator.partitioner();
        this.peers = peers;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cleanup");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::maybeClean, 2, 2, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void maybeClean() {
        Placement placement = cluster.published().orElse(null);
        if (placement == null || !placement.isSettled() || cleanedEpoch == placement.epoch()) {
            return;
        }
        try {
            if (!everyMemberHasReached(placement)) {
                return;
            }
            long removed = clean(placement);
            cleanedEpoch = placement.epoch();
            if (removed > 0) {
                LOG.infof("cleanup after epoch %d removed %d keys this node no longer owns", placement.epoch(), removed);
            }
        } catch (RuntimeException e) {
            LOG.debugf("cleanup of epoch %d postponed: %s", placement.epoch(), e.getMessage());
        }
    }

    private boolean everyMemberHasReached(Placement placement) {
        for (Member member : placement.members()) {
            if (member.id().equals(cluster.selfId())) {
                continue;
            }
            Optional<NodeStatus> status = peers.status(member).join();
            if (status.isEmpty() || status.get().topologyEpoch() < placement.epoch()) {
                return false;
            }
        }
        return true;
    }

    private long clean(Placement placement) {
        String self = cluster.selfId();
        long removed = 0;
        List<byte[]> doomed = new ArrayList<>();
        try (KvIterator it = local.scanAll(null)) {
            while (it.hasNext()) {
                byte[] key = it.next().key();
                if (!placement.owns(self, partitioner.token(key))) {
                    doomed.add(key);
                    if (doomed.size() == BATCH) {
                        removed += purge(placement, doomed);
                    }
                }
            }
        }
        return removed + purge(placement, doomed);
    }

    private long purge(Placement placement, List<byte[]> keys) {
        if (cluster.published().map(Placement::epoch).orElse(-1L) != placement.epoch()) {
            throw new IllegalStateException("the topology changed during cleanup");
        }
        int n = keys.size();
        local.purge(keys);
        keys.clear();
        return n;
    }
}
