package io.distdb.server.replication;

import io.distdb.admin.api.Member;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.store.Namespace;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hinted handoff: a write a replica did not acknowledge is kept here, durable in the node's own keyspace,
 * and replayed to that replica once it answers again. Replays are last-write-wins applies, so a hint that
 * arrives after a newer write changes nothing. Hints for a member that left the topology are dropped.
 *
 * <p>Hints live on the coordinator that took the write, and a coordinator may be a node on its way out (leaving,
 * or joining and dropped by a reversed scale): its hints would go with its volume. So a stopping node first
 * delivers what it holds ({@link #HAND_OFF}), and a leaving node reports DRAINED only once it holds none.
 */
@Singleton
public class HintStore {

    private static final Logger LOG = Logger.getLogger(HintStore.class);
    private static final byte[] PREFIX = Namespace.META.key().raw("hint/").build();
    private static final int REPLAY_BATCH = 512;
    /** How long a stopping node tries to deliver its hints: well inside a pod's 60 s grace period. */
    static final java.time.Duration HAND_OFF = java.time.Duration.ofSeconds(20);

    private final KvStore store;
    private final ClusterView cluster;
    private final ReplicaTransport replicas;
    private final ReplicationStats stats;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() << 20);
    private final AtomicLong pending = new AtomicLong();
    private ScheduledExecutorService replayer;

    @jakarta.inject.Inject
    public HintStore(NodeStorage storage, ClusterView cluster, ReplicaTransport replicas, ReplicationStats stats) {
        this(storage.store(), cluster, replicas, stats);
    }

    HintStore(KvStore store, ClusterView cluster, ReplicaTransport replicas, ReplicationStats stats) {
        this.stats = stats;
        this.store = store;
        this.cluster = cluster;
        this.replicas = replicas;
        try (KvIterator it = store.scan(ScanRange.prefix(PREFIX))) {
            while (it.hasNext()) {
                it.next();
                pending.incrementAndGet();
            }
        }
    }

    void start(@Observes StartupEvent event) {
        replayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hint-replay");
            t.setDaemon(true);
            return t;
        });
        replayer.scheduleWithFixedDelay(this::replayAll, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (replayer != null) {
            replayer.shutdownNow();
            try {
                replayer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        handOff(HAND_OFF);
    }

    /** Delivers every hint this node holds, retrying until none is left or {@code within} has passed. */
    void handOff(java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            replayAll();
            if (pending.get() > 0) {
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (pending.get() > 0) {
            LOG.warnf("stopping with %d hinted writes not delivered; their replicas are repaired by reads",
                    pending.get());
        }
    }

    /**
     * Keeps {@code mutations} for {@code targetId} until it can take them; a hint this node cannot store (its
     * disk is full, say) is counted and logged, not thrown. The write it belongs to was acknowledged by the
     * replicas that answered, at its consistency level; the replica that missed it catches up by read repair
     * or a repair. Called off the I/O threads, where nothing else would see the failure.
     *
     * @return whether the hint is kept
     */
    public boolean offer(String targetId, List<Mutation> mutations) {
        try {
            add(targetId, mutations);
            return true;
        } catch (RuntimeException e) {
            stats.hintsDropped(mutations.size());
            LOG.warnf("could not keep %d hinted write(s) for %s: %s; that replica catches up by read repair or a repair",
                    mutations.size(), targetId, e.getMessage());
            return false;
        }
    }

    /** Keeps {@code mutations} for {@code targetId} until it can take them; throws when they cannot be stored. */
    public void add(String targetId, List<Mutation> mutations) {
        byte[] prefix = prefixOf(targetId);
        WriteBatch batch = new WriteBatch();
        for (Mutation m : mutations) {
            byte[] key = ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(sequence.incrementAndGet()).array();
            batch.put(key, Wire.encodeMutations(List.of(m)));
        }
        store.write(batch);
        pending.addAndGet(mutations.size());
        stats.hintsQueued(mutations.size());
    }

    public long pending() {
        return pending.get();
    }

    private void replayAll() {
        if (pending.get() == 0) {
            return;
        }
        Placement placement = cluster.published().orElse(null);
        if (placement == null) {
            return;
        }
        for (String target : targetsWithHints()) {
            Member member = placement.member(target);
            try {
                if (member == null) {
                    drop(target);
                } else {
                    replay(member);
                }
            } catch (RuntimeException e) {
                LOG.debugf("hints for %s not replayed yet: %s", target, e.getMessage());
            }
        }
    }

    private void replay(Member member) {
        byte[] prefix = prefixOf(member.id());
        while (true) {
            List<byte[]> keys = new ArrayList<>();
            List<Mutation> mutations = new ArrayList<>();
            try (KvIterator it = store.scan(ScanRange.prefix(prefix).limit(REPLAY_BATCH))) {
                while (it.hasNext()) {
                    KeyValue hint = it.next();
                    keys.add(hint.key());
                    mutations.addAll(Wire.decodeMutations(hint.value()));
                }
            }
            if (keys.isEmpty()) {
                return;
            }
            replicas.stream(member, mutations).join();
            delete(keys);
            stats.hintsDelivered(keys.size());
            LOG.infof("replayed %d hinted writes to %s", keys.size(), member.id());
        }
    }

    private void drop(String target) {
        List<byte[]> keys = new ArrayList<>();
        try (KvIterator it = store.scan(ScanRange.prefix(prefixOf(target)))) {
            while (it.hasNext()) {
                keys.add(it.next().key());
            }
        }
        delete(keys);
        LOG.infof("dropped %d hints for %s, which is no longer a member", keys.size(), target);
    }

    private void delete(List<byte[]> keys) {
        WriteBatch batch = new WriteBatch();
        keys.forEach(batch::delete);
        store.write(batch);
        pending.addAndGet(-keys.size());
    }

    private List<String> targetsWithHints() {
        List<String> targets = new ArrayList<>();
        byte[] from = PREFIX;
        while (true) {
            String target = null;
            try (KvIterator it = store.scan(ScanRange.between(from, Bytes.prefixEnd(PREFIX)).limit(1))) {
                if (it.hasNext()) {
                    byte[] key = it.next().key();
                    int end = PREFIX.length;
                    while (end < key.length && key[end] != 0) {
                        end++;
                    }
                    target = new String(key, PREFIX.length, end - PREFIX.length, StandardCharsets.UTF_8);
                }
            }
            if (target == null) {
                return targets;
            }
            targets.add(target);
            from = Bytes.prefixEnd(prefixOf(target));
        }
    }

    /** {@code hint/<target id> 00}: target ids are member ids, which never contain a zero byte. */
    private static byte[] prefixOf(String targetId) {
        byte[] id = targetId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(PREFIX.length + id.length + 1).put(PREFIX).put(id).put((byte) 0).array();
    }
}
