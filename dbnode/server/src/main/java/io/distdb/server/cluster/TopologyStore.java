package io.distdb.server.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.Topology;
import io.distdb.server.store.Namespace;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.KvStore;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    private final ObjectMapper json;
    private volatile Topology current;

    public TopologyStore(NodeStorage storage, ObjectMapper json) {
        this.store = storage.store();
        this.json = json;
        byte[] stored = store.get(KEY);
        this.current = stored == null ? null : read(stored);
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
        store.put(KEY, write(proposed));
        current = proposed;
        return true;
    }

    private byte[] write(Topology topology) {
        try {
            return json.writeValueAsBytes(topology);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Topology read(byte[] stored) {
        try {
            return json.readValue(stored, Topology.class);
        } catch (IOException e) {
            throw new IllegalStateException("the stored topology is not readable", e);
        }
    }
}
