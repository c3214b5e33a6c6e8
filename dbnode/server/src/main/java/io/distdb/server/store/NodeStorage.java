package io.distdb.server.store;

import io.distdb.server.config.NodeConfig;
import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.StoreLimits;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Owns the node's one engine: every namespace ({@link Namespace}) is a key range inside a single LSM
 * store, so one write batch can cover a row and its index entries atomically. Opened at start-up, which
 * replays the engine's log; closed at shutdown, which flushes it.
 */
@Singleton
public class NodeStorage {

    private static final Logger LOG = Logger.getLogger(NodeStorage.class);

    private final KvStore store;
    private final StoreLimits limits;

    public NodeStorage(NodeConfig config) {
        this.limits = new StoreLimits(config.limits().maxKeyBytes() + Namespace.MAX_OVERHEAD_BYTES,
                config.limits().maxValueBytes() + Namespace.MAX_OVERHEAD_BYTES);
        Path dir = config.dataDir().resolve("lsm");
        long started = System.nanoTime();
        this.store = LsmStore.open(dir, LsmOptions.builder()
                .durability(parseDurability(config.durability()))
                .syncIntervalMillis(config.syncIntervalMillis())
                .memtableBytes(config.memtableBytes())
                .blockCacheBytes(config.blockCacheBytes())
                .limits(limits)
                .build());
        LOG.infof("node %s opened %s in %d ms (durability %s)", config.nodeId(), dir.toAbsolutePath(),
                (System.nanoTime() - started) / 1_000_000, config.durability());
    }

    static Durability parseDurability(String value) {
        try {
            return Durability.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("distdb.durability must be sync, interval or none, not '" + value + "'");
        }
    }

    public KvStore store() {
        return store;
    }

    /** Opens the store eagerly so that a node with unreadable data fails at start, not on its first request. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        store.stats();
    }

    void onStop(@Observes ShutdownEvent event) {
        store.close();
        LOG.info("store closed");
    }
}
