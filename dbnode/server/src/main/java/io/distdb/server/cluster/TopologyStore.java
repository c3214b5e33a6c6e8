package io.distdb.server.cluster;

import io.distdb.admin.api.Topology;
import io.distdb.server.store.JsonValues;
import io.distdb.server.store.Namespace;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.KvStore;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The topology this node last accepted, kept durable in its store so that a restarted node rejoins with the
 * ring it had. Epochs only move forward: a newer epoch replaces the current one, the same epoch with the
 * same content is accepted again (a retried publish), anything else is a {@link StaleTopologyException}.
 */
@Singleton
public class TopologyStore {

    private static final byte[] KEY = Namespace.META.key().raw("topology").build();

    private final KvStore store;
    private final JsonValues json;
    private volatile Topology current;

    public TopologyStore(NodeStorage storage, JsonValues json) {
        this.store = storage.store();
        this.json = json;
        byte[] stored = store.get(KEY);
        this.current = stored == null ? null : json.read(stored, Topology.class);
    }

    public Optional<Topology> current() {
        return Optional.ofNullable(current);
    }

    public long epoch() {
        Topology topology = current;
        return topology == null ? 0 : topology.epoch();
    }

    /** Accepts {@code proposed} if it is newer, or the same as what this node has; returns whether it changed anything. */
    public synchronized boolean accept(Topology proposed) {
        Topology existing = current;
        if (existing != null) {
            if (proposed.epoch() < existing.epoch()) {
                throw new StaleTopologyException("this node already has topology epoch " + existing.epoch()
                        + "; epoch " + proposed.epoch() + " is older");
            }
            if (proposed.epoch() == existing.epoch()) {
                if (proposed.equals(existing)) {
                    return false;
                }
                throw new StaleTopologyException("epoch " + proposed.epoch()
                        + " was already published with different members or settings; publish a new epoch");
            }
        }
        store.put(KEY, json.toBytes(proposed));
        current = proposed;
        return true;
    }
}
