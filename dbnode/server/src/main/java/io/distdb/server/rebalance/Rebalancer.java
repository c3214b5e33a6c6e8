package io.distdb.server.rebalance;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.RebalanceState;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.replication.Coordinator;
import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Mutation;
import io.distdb.server.replication.Partitioner;
import io.distdb.server.replication.ReplicaTransport;
import io.distdb.server.replication.Versioned;
import io.distdb.server.store.Namespace;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Moves data for a topology in transition ({@code POST /admin/v1/rebalance?epoch=N}): one ordered pass over
 * this node's keyspace streams every key of a range this node hands over to the member that gains it, in
 * checksummed batches, throttled to {@code distdb.rebalance.bytes-per-second}. Writes keep flowing to old and
 * new owners meanwhile, and streamed versions are last-write-wins applies, so a batch sent twice or after a
 * newer write changes nothing. The last fully sent key is kept durable, so a rebalance that failed (this
 * node restarted, or a target stopped answering) resumes where it stopped when started again; a restarted
 * node resumes it by itself.
 */
@Singleton
public class Rebalancer {

    private static final Logger LOG = Logger.getLogger(Rebalancer.class);
    private static final long CHECKPOINT_BYTES = 8L * 1024 * 1024;
    private static final long GIVE_UP_AFTER_MILLIS = 120_000;

    private final ClusterView cluster;
    /** The node's own keyspace: checkpoints and completion markers. */
    private final KvStore store;
    private final LocalReplica local;
    private final Partitioner partitioner;
    private final ReplicaTransport peers;
    private final long bytesPerSecond;
    private final RebalanceStats stats;
    private final int batchBytes;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rebalance");
        t.setDaemon(true);
        return t;
    });
    private volatile Progress progress;

    public Rebalancer(ClusterView cluster, NodeStorage storage, Coordinator coordinator, ReplicaTransport peers, NodeConfig config,
                      RebalanceStats stats) {
        this.stats = stats;
        this.cluster = cluster;
        this.store = storage.store();
        this.local = coordinator.local();
        this.partitioner = coordinator.partitioner();
        this.peers = peers;
        this.bytesPerSecond = config.rebalance().bytesPerSecond();
        this.batchBytes = config.rebalance().batchBytes();
        long epoch = cluster.published().map(Placement::epoch).orElse(0L);
        this.progress = store.get(doneKey(epoch)) != null ? Progress.completed(epoch, 0) : Progress.idle(epoch);
    }

    /** A node that stopped mid-rebalance resumes it from its checkpoint. */
    void resume(@Observes StartupEvent event) {
        cluster.published().ifPresent(placement -> {
            if (store.get(checkpointKey(placement.epoch())) != null && store.get(doneKey(placement.epoch())) == null) {
                LOG.infof("resuming the rebalance of epoch %d from its checkpoint", placement.epoch());
                start(placement.epoch());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** The rebalance of the node's current epoch, or the last one. */
    public RebalanceStatus status() {
        long epoch = cluster.published().map(Placement::epoch).orElse(0L);
        Progress current = progress;
        if (current.epoch != epoch) {
            return store.get(doneKey(epoch)) != null ? Progress.completed(epoch, 0).toStatus() : RebalanceStatus.idle(epoch);
        }
        return current.toStatus();
    }

    /** Whether this node finished streaming everything it hands over in {@code epoch}. */
    public boolean isCompleted(long epoch) {
        RebalanceStatus status = status();
        return status.epoch() == epoch && status.state() == RebalanceState.COMPLETED;
    }

    /**
     * Starts, resumes or confirms the rebalance of {@code epoch}, which must be this node's current epoch.
     * Idempotent: a running or completed rebalance of that epoch is reported as it is.
     */
    public synchronized RebalanceStatus start(long epoch) {
        Placement placement = cluster.published().orElseThrow(() -> new RebalanceRefusedException("no_topology",
                "no topology has been published to this node; publish one before rebalancing"));
        if (epoch != placement.epoch()) {
            throw new RebalanceRefusedException("stale_epoch", "this node has topology epoch " + placement.epoch()
                    + "; a rebalance can only run for the current epoch, not " + epoch);
        }
        RebalanceStatus current = status();
        if (current.epoch() == epoch && (current.state() == RebalanceState.RUNNING || current.state() == RebalanceState.COMPLETED)) {
            return current;
        }
        Progress started = Progress.running(epoch);
        progress = started;
        worker.submit(() -> run(placement, started));
        return started.toStatus();
    }

    private void run(Placement placement, Progress p) {
        try {
            StreamPlan plan = StreamPlan.of(placement, cluster.selfId());
            p.rangesTotal = plan.streams();
            byte[] checkpoint = store.get(checkpointKey(p.epoch));
            byte[] from = checkpoint == null ? null : Bytes.successor(checkpoint);
            if (plan.size() > 0) {
                p.bytesTotal = measure(plan, from);
                stream(placement, plan, from, p);
            }
            store.put(doneKey(p.epoch), new byte[] {1});
            stats.rangesMoved(p.rangesTotal - p.rangesDone);
            p.rangesDone = p.rangesTotal;
            p.state = RebalanceState.COMPLETED;
            LOG.infof("rebalance of epoch %d completed: %d ranges, %d bytes streamed in %d ms", p.epoch, p.rangesTotal,
                    p.bytesMoved, (System.nanoTime() - p.startedNanos) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.fail("interrupted (the node is stopping); start the rebalance again to resume");
        } catch (RuntimeException e) {
            LOG.errorf(e, "rebalance of epoch %d failed", p.epoch);
            p.fail(e.getMessage());
        }
    }

    /** Bytes this node will stream from {@code from} on, for progress and the time estimate. */
    private long measure(StreamPlan plan, byte[] from) {
        long total = 0;
        try (KvIterator it = local.scanAll(from)) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                int targets = plan.targetsOf(partitioner.token(entry.key())).size();
                total += (long) targets * (entry.key().length + entry.value().length);
            }
        }
        return total;
    }

    private void stream(Placement placement, StreamPlan plan, byte[] from, Progress p) throws InterruptedException {
        Map<String, Batch> batches = new HashMap<>();
        Throttle throttle = new Throttle(bytesPerSecond);
        long sinceCheckpoint = 0;
        try (KvIterator it = local.scanAll(from)) {
            while (it.hasNext()) {
                if (cluster.published().map(Placement::epoch).orElse(0L) != p.epoch) {
                    throw new IllegalStateException("the topology changed to epoch "
                            + cluster.published().map(Placement::epoch).orElse(0L) + " during the rebalance of epoch " + p.epoch);
                }
                KeyValue entry = it.next();
                List<String> targets = plan.targetsOf(partitioner.token(entry.key()));
                if (targets.isEmpty()) {
                    continue;
                }
                Mutation mutation = new Mutation(entry.key(), Versioned.decode(entry.value()));
                for (String target : targets) {
                    Batch batch = batches.computeIfAbsent(target, id -> new Batch());
                    batch.add(mutation);
                    if (batch.bytes >= batchBytes) {
                        sinceCheckpoint += send(placement.member(target), batch, throttle, p);
                    }
                }
                if (sinceCheckpoint >= CHECKPOINT_BYTES) {
                    for (Map.Entry<String, Batch> pending : batches.entrySet()) {
                        send(placement.member(pending.getKey()), pending.getValue(), throttle, p);
                    }
                    store.put(checkpointKey(p.epoch), entry.key());
                    sinceCheckpoint = 0;
                }
            }
        }
        for (Map.Entry<String, Batch> pending : batches.entrySet()) {
            send(placement.member(pending.getKey()), pending.getValue(), throttle, p);
        }
    }

    /** Sends a batch, retrying a target that does not answer for up to two minutes; returns its bytes. */
    private long send(Member target, Batch batch, Throttle throttle, Progress p) throws InterruptedException {
        if (batch.mutations.isEmpty()) {
            return 0;
        }
        long bytes = batch.bytes;
        throttle.acquire(bytes);
        long firstFailure = 0;
        while (true) {
            try {
                peers.stream(target, batch.mutations).get();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                long now = System.currentTimeMillis();
                firstFailure = firstFailure == 0 ? now : firstFailure;
                p.error = "streaming to " + target.id() + " failed, retrying: " + e.getCause().getMessage();
                if (now - firstFailure > GIVE_UP_AFTER_MILLIS) {
                    throw new IllegalStateException("streaming to " + target.id() + " failed for "
                            + GIVE_UP_AFTER_MILLIS / 1000 + " s: " + e.getCause().getMessage());
                }
                TimeUnit.SECONDS.sleep(1);
            }
        }
        p.error = null;
        p.bytesMoved += bytes;
        stats.bytesMoved(bytes);
        batch.clear();
        return bytes;
    }

    private static byte[] checkpointKey(long epoch) {
        return Namespace.META.key().raw(("rebalance/" + epoch + "/checkpoint").getBytes(StandardCharsets.UTF_8)).build();
    }

    private static byte[] doneKey(long epoch) {
        return Namespace.META.key().raw(("rebalance/" + epoch + "/done").getBytes(StandardCharsets.UTF_8)).build();
    }

    private static final class Batch {
        final List<Mutation> mutations = new ArrayList<>();
        long bytes;

        void add(Mutation m) {
            mutations.add(m);
            bytes += m.sizeBytes();
        }

        void clear() {
            mutations.clear();
            bytes = 0;
        }
    }

    /** The live progress of one rebalance, read by status requests while the worker updates it. */
    private static final class Progress {
        final long epoch;
        final long startedNanos = System.nanoTime();
        volatile RebalanceState state;
        volatile int rangesTotal;
        volatile int rangesDone;
        volatile long bytesMoved;
        volatile long bytesTotal;
        volatile String error;

        private Progress(long epoch, RebalanceState state) {
            this.epoch = epoch;
            this.state = state;
        }

        static Progress idle(long epoch) {
            return new Progress(epoch, RebalanceState.IDLE);
        }

        static Progress running(long epoch) {
            return new Progress(epoch, RebalanceState.RUNNING);
        }

        static Progress completed(long epoch, long bytes) {
            Progress p = new Progress(epoch, RebalanceState.COMPLETED);
            p.bytesMoved = bytes;
            return p;
        }

        void fail(String message) {
            error = message;
            state = RebalanceState.FAILED;
        }

        RebalanceStatus toStatus() {
            Long remaining = null;
            if (state == RebalanceState.RUNNING && bytesMoved > 0 && bytesTotal > bytesMoved) {
                double seconds = (System.nanoTime() - startedNanos) / 1e9;
                remaining = Math.round((bytesTotal - bytesMoved) / (bytesMoved / seconds));
            }
            return new RebalanceStatus(epoch, state, rangesTotal, rangesDone, bytesMoved, Math.max(bytesTotal, bytesMoved),
                    remaining, error);
        }
    }
}
