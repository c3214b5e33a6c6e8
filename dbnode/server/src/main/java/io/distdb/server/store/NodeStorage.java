package io.distdb.server.store;

import io.distdb.admin.api.CompactionReport;
import io.distdb.server.config.NodeConfig;
import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.StoreLimits;
import io.distdb.storage.StoreStats;
import io.distdb.storage.SyncListener;
import io.distdb.storage.hashlog.HashLogOptions;
import io.distdb.storage.hashlog.HashLogStore;
import io.distdb.storage.lsm.Compression;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the node's engines and puts each namespace ({@link Namespace}) where it serves best, behind one
 * {@link RoutedStore}: the LSM tree keeps everything by default (one write batch can cover a SQL row and
 * its index entries atomically); the key-value entries may live in a hash log of their own, and the words
 * may be answered from a radix trie kept over their LSM copy. Opened at start-up, which replays the
 * engines' logs; closed at shutdown, which flushes them.
 */
@Singleton
public class NodeStorage {

    private static final Logger LOG = Logger.getLogger(NodeStorage.class);

    /** The engines a namespace can be kept in. */
    public enum KvEngine { HASHLOG, LSM }

    /** How word searches are answered. */
    public enum WordsIndex { TRIE, LSM }

    private final RoutedStore store;
    private final LsmStore lsm;
    /** The key-value entries' hash log, or {@code null} when they are kept in the LSM. */
    private final HashLogStore kvHashLog;
    /** The words' trie, or {@code null} when searches scan the LSM. */
    private final TrieNamespace wordsTrie;
    private final KvEngine kvEngine;
    private final WordsIndex wordsIndex;
    private final Duration fullCompactionInterval;
    private final ScheduledExecutorService fullCompactions = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "full-compaction");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param tombstones lets compactions and merges drop what the replication layer no longer needs (its
     *                   expired tombstones); the store knows nothing of what values mean
     */
    public NodeStorage(NodeConfig config, ExpiryPolicy tombstones) {
        StoreLimits limits = new StoreLimits(config.limits().maxKeyBytes() + Namespace.MAX_OVERHEAD_BYTES,
                config.limits().maxValueBytes() + Namespace.MAX_OVERHEAD_BYTES);
        Durability durability = parseDurability(config.durability());
        this.kvEngine = parse(KvEngine.class, "distdb.storage.kv-engine", config.storage().kvEngine());
        this.fullCompactionInterval = config.storage().fullCompactionInterval();
        this.wordsIndex = parse(WordsIndex.class, "distdb.storage.words-index", config.storage().wordsIndex());
        long started = System.nanoTime();
        Path lsmDir = config.dataDir().resolve("lsm");
        LsmStore lsm = LsmStore.open(lsmDir, LsmOptions.builder()
                .durability(durability)
                .syncIntervalMillis(config.syncIntervalMillis())
                .memtableBytes(config.memtableBytes())
                .blockCacheBytes(config.blockCacheBytes())
                .limits(limits)
                .compression(parse(Compression.class, "distdb.storage.compression", config.storage().compression()))
                .maxOpenTables(config.storage().maxOpenTables())
                .compactionFilter(tombstones)
                .build());
        HashLogStore hashLog = null;
        TrieNamespace words = null;
        List<RoutedStore.Route> routes = new ArrayList<>();
        try {
            Path hashLogDir = config.dataDir().resolve("kv-hashlog");
            HashLogOptions hashLogOptions = HashLogOptions.builder()
                    .durability(durability)
                    .syncIntervalMillis(config.syncIntervalMillis())
                    .limits(limits)
                    .compactionFilter(tombstones)
                    .build();
            boolean hashLogToMove = NamespaceMove.hashLogLeftToMove(hashLogDir); // finishes an interrupted removal first
            if (kvEngine == KvEngine.HASHLOG) {
                hashLog = HashLogStore.open(hashLogDir, hashLogOptions);
                NamespaceMove.fromOrderedEngine(Namespace.KV, lsm, hashLog);
                long maxKeys = config.storage().hashlogMaxKeys().orElse(
                        KeyDirectoryBudget.defaultMaxKeys(Runtime.getRuntime().maxMemory(), 64));
                routes.add(new RoutedStore.Route(Namespace.KV, "kvHashlog", new KeyDirectoryBudget(hashLog, maxKeys)));
            } else if (hashLogToMove) {
                NamespaceMove.fromHashLog(Namespace.KV, HashLogStore.open(hashLogDir, hashLogOptions), lsm, hashLogDir);
            }
            if (wordsIndex == WordsIndex.TRIE) {
                words = TrieNamespace.load(Namespace.WORDS, lsm, tombstones);
                routes.add(new RoutedStore.Route(Namespace.WORDS, "wordsTrie", words));
                LOG.infof("word index: %d words in a radix trie", words.size());
            }
        } catch (RuntimeException e) {
            for (RoutedStore.Route route : routes) {
                route.engine().close();
            }
            lsm.close();
            throw e;
        }
        this.lsm = lsm;
        this.kvHashLog = hashLog;
        this.wordsTrie = words;
        this.store = new RoutedStore(lsm, routes);
        LOG.infof("node %s opened %s in %d ms (durability %s, key-value entries on the %s, word search on the %s)",
                config.nodeId(), config.dataDir().toAbsolutePath(), (System.nanoTime() - started) / 1_000_000,
                config.durability(), name(kvEngine), name(wordsIndex));
    }

    static Durability parseDurability(String value) {
        try {
            return Durability.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("distdb.durability must be sync, interval or none, not '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String setting, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(name(constant));
            }
            throw new IllegalArgumentException(setting + " must be one of " + allowed + ", not '" + value + "'");
        }
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The node's whole keyspace, over every engine. */
    /** The LSM engine's counters (memtable, levels, caches, compactions), for the node's metrics. */
    public StoreStats lsmStats() {
        return lsm.stats();
    }

    /** The hash log's counters (keys, segments, merges) when it holds the key-value entries. */
    public Optional<StoreStats> hashLogStats() {
        return kvHashLog == null ? Optional.empty() : Optional.of(kvHashLog.stats());
    }

    /**
     * Reports the duration of every log fsync to a listener per engine: the LSM engine's write-ahead log, and
     * the hash log's group commits when it holds the key-value entries.
     */
    public void onLogSync(SyncListener lsmListener, SyncListener hashLogListener) {
        lsm.onLogSync(lsmListener);
        if (kvHashLog != null) {
            kvHashLog.onLogSync(hashLogListener);
        }
    }

    public KvStore store() {
        return store;
    }

    public KvEngine kvEngine() {
        return kvEngine;
    }

    public WordsIndex wordsIndex() {
        return wordsIndex;
    }

    /** Bytes the node's data takes on disk and in memtables, over every engine. */
    public long dataBytes() {
        var lsmStats = lsm.stats();
        long bytes = lsmStats.get("tableBytes") + lsmStats.get("memtableBytes");
        return kvHashLog == null ? bytes : bytes + kvHashLog.stats().get("diskBytes");
    }

    /**
     * Rewrites every engine's files now, synchronously: the LSM compacts every level into the bottom one,
     * the hash log merges its segments. Overwritten values, engine deletes and expired tombstones are dropped
     * on the way. For operators (reclaiming space at once after mass deletes) and tests.
     */
    public synchronized CompactionReport compact() {
        long before = dataBytes();
        long started = System.nanoTime();
        lsm.compactAll();
        if (kvHashLog != null) {
            kvHashLog.merge();
        }
        if (wordsTrie != null) {
            wordsTrie.dropExpired();
        }
        long after = dataBytes();
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("compacted the node's engines in %d ms: %d bytes before, %d after", millis, before, after);
        return new CompactionReport(before, after, millis);
    }

    /** Opens the store eagerly so that a node with unreadable data fails at start, not on its first request. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        store.stats();
        long every = fullCompactionInterval.toMillis();
        if (every > 0) {
            fullCompactions.scheduleWithFixedDelay(this::scheduledCompaction, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduledCompaction() {
        try {
            compact();
        } catch (RuntimeException e) {
            LOG.error("the scheduled full compaction failed; it runs again at the next interval", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        fullCompactions.shutdownNow();
        store.close();
        LOG.info("store closed");
    }
}
