package io.distdb.server.rebalance;

import io.distdb.admin.api.DataReport;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.replication.Coordinator;
import io.distdb.server.replication.HintStore;
import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Partitioner;
import io.distdb.server.replication.Versioned;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import jakarta.inject.Singleton;

/** Counts what this node holds of the replicated keyspace, and how much of it the topology does not give it. */
@Singleton
public class DataInventory {

    private final ClusterView cluster;
    private final LocalReplica local;
    private final Partitioner partitioner;
    private final HintStore hints;

    public DataInventory(ClusterView cluster, Coordinator coordinator, HintStore hints) {
        this.cluster = cluster;
        this.local = coordinator.local();
        this.partitioner = coordinator.partitioner();
        this.hints = hints;
    }

    public DataReport report() {
        Placement placement = cluster.published().orElse(null);
        String self = cluster.selfId();
        long keys = 0;
        long tombstones = 0;
        long notOwned = 0;
        long bytes = 0;
        try (KvIterator it = local.scanAll(null)) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                bytes += entry.key().length + entry.value().length;
                if (Versioned.decode(entry.value()).tombstone()) {
                    tombstones++;
                } else {
                    keys++;
                }
                if (placement != null && !placement.owns(self, partitioner.token(entry.key()))) {
                    notOwned++;
                }
            }
        }
        return new DataReport(placement == null ? 0 : placement.epoch(), keys, tombstones, notOwned, hints.pending(),
                bytes);
    }
}
