package io.distdb.server.replication;

import io.distdb.admin.api.Member;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.errors.UnavailableException;
import io.distdb.server.ring.TokenRange;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Any node coordinates any request: it finds the replicas of each key from the {@link Placement}, sends
 * them the versioned write or the read, and answers once the request's {@link Consistency} is met. Writes
 * to a replica that does not answer become hints; reads that see replicas disagree repair the stale ones.
 */
@Singleton
public class Coordinator {

    private static final Logger LOG = Logger.getLogger(Coordinator.class);
    /**
     * Fails reads whose replicas did not answer in time; one thread for the node, and a timer is removed from
     * its queue as soon as its read completes, so the queue holds only the reads in flight.
     */
    private static final ScheduledThreadPoolExecutor READ_TIMEOUTS = readTimeouts();
    /**
     * Stores hints and applies read repairs: writes the coordinator decides on the I/O thread that brought the
     * deciding answer, and which must not block it.
     */
    private static final ExecutorService BACKGROUND_WRITES = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "hints-and-repairs");
        t.setDaemon(true);
        return t;
    });

    private final ClusterView cluster;
    private final LocalReplica local;
    private final ReplicaTransport remote;
    private final HintStore hints;
    private final ReplicationStats stats;
    private final Partitioner partitioner;
    private final long timeoutMillis;

    public Coordinator(ClusterView cluster, NodeStorage storage, ReplicaTransport remote, HintStore hints, NodeConfig config,
                       ReplicationStats stats) {
        this.stats = stats;
        this.cluster = cluster;
        this.local = new LocalReplica(storage.store(), new HybridClock());
        this.remote = remote;
        this.hints = hints;
        this.partitioner = new Partitioner(config.cluster().wordShardPrefix());
        this.timeoutMillis = config.cluster().requestTimeoutMillis();
    }

    private static ScheduledThreadPoolExecutor readTimeouts() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "read-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    public LocalReplica local() {
        return local;
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    public ClusterView cluster() {
        return cluster;
    }

    /** A fresh timestamp for a write this node coordinates. */
    public long now() {
        return local.clock().now();
    }

    // ---- writes

    /**
     * Sends every mutation to the write replicas of its key and waits until, for each key, the consistency
     * level is met on its natural replicas plus one acknowledgement per pending replica.
     */
    public void write(List<Mutation> mutations, Consistency consistency) {
        if (mutations.isEmpty()) {
            return;
        }
        if (cluster.isLocalOnly()) {
            local.apply(mutations);
            return;
        }
        Placement placement = cluster.placement();
        Map<List<String>, WriteGroup> groups = new LinkedHashMap<>();
        for (Mutation m : mutations) {
            Placement.WriteTargets targets = placement.writeTargets(partitioner.token(m.key()));
            WriteGroup group = groups.computeIfAbsent(targets.all(), all -> new WriteGroup(all,
                    consistency.required(targets.natural().size()) + targets.pending().size()));
            group.mutations.add(m);
        }
        Map<String, List<Mutation>> perMember = new LinkedHashMap<>();
        Map<String, List<WriteGroup>> groupsOf = new HashMap<>();
        for (WriteGroup group : groups.values()) {
            for (String id : group.targets) {
                perMember.computeIfAbsent(id, k -> new ArrayList<>()).addAll(group.mutations);
                groupsOf.computeIfAbsent(id, k -> new ArrayList<>()).add(group);
            }
        }
        Acks acks = new Acks(groups.values());
        String self = cluster.selfId();
        for (Map.Entry<String, List<Mutation>> entry : perMember.entrySet()) {
            String id = entry.getKey();
            if (id.equals(self)) {
                continue;
            }
            Member member = placement.member(id);
            List<Mutation> batch = entry.getValue();
            remote.apply(member, batch).whenComplete((ok, error) -> {
                if (error == null) {
                    acks.acknowledged(groupsOf.get(id));
                } else {
                    acks.failed(id, rootMessage(error));
                    // The answer may come on an I/O thread; storing the hint writes to disk.
                    BACKGROUND_WRITES.execute(() -> hints.offer(id, batch));
                }
            });
        }
        if (perMember.containsKey(self)) {
            try {
                local.apply(perMember.get(self));
                acks.acknowledged(groupsOf.get(self));
            } catch (RuntimeException e) {
                acks.failed(self, e.getMessage());
                throw e;
            }
        }
        try {
            acks.await(timeoutMillis, perMember.size(), consistency);
        } catch (UnavailableException e) {
            stats.refused(ReplicationStats.Operation.WRITE);
            throw e;
        }
    }

    private static final class WriteGroup {
        final List<String> targets;
        final int required;
        final List<Mutation> mutations = new ArrayList<>();
        int acknowledged;

        WriteGroup(List<String> targets, int required) {
            this.targets = targets;
            this.required = Math.min(required, targets.size());
        }
    }

    /** Counts acknowledgements per group until every group has its required count or cannot get it. */
    private static final class Acks {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final List<WriteGroup> groups;
        private final Map<String, String> failures = new LinkedHashMap<>();
        private int answered;

        Acks(java.util.Collection<WriteGroup> groups) {
            this.groups = List.copyOf(groups);
        }

        void acknowledged(List<WriteGroup> of) {
            lock.lock();
            try {
                for (WriteGroup g : of) {
                    g.acknowledged++;
                }
                answered++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void failed(String member, String why) {
            lock.lock();
            try {
                failures.put(member, why);
                answered++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await(long timeoutMillis, int members, Consistency consistency) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            lock.lock();
            try {
                while (true) {
                    WriteGroup short_ = groups.stream().filter(g -> g.acknowledged < g.required).findFirst().orElse(null);
                    if (short_ == null) {
                        return;
                    }
                    long left = deadline - System.nanoTime();
                    if (answered == members || left <= 0) {
                        throw new UnavailableException(consistency + " not met for a write: " + short_.acknowledged + " of "
                                + short_.required + " required replicas " + short_.targets + " acknowledged"
                                + describe(failures, left <= 0 && answered < members)
                                + "; the write may be on some replicas");
                    }
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while waiting for replicas");
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- point reads

    /** The newest version of {@code key} among the replicas that answered, tombstones included, or {@code null}. */
    public Versioned read(byte[] key, Consistency consistency) {
        try {
            return readAsync(key, consistency, Runnable::run).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * {@link #read} without a thread waiting for the replicas: this node's own replica answers from memory
     * when it can, else on {@code diskReads}; other replicas answer over the network. The future completes
     * on whichever thread brought the deciding answer (an I/O thread, or {@code diskReads}), so callers
     * must not block in its callbacks. It fails with {@link UnavailableException} when the consistency level
     * cannot be met. Read repair runs on a background thread after every replica answered.
     */
    public CompletableFuture<Versioned> readAsync(byte[] key, Consistency consistency, Executor diskReads) {
        if (cluster.isLocalOnly()) {
            return local.readAsync(key, diskReads);
        }
        Placement placement = cluster.placement();
        List<String> replicas = placement.readReplicas(partitioner.token(key));
        ReadQuorum quorum = new ReadQuorum(consistency.required(replicas.size()), consistency, replicas);
        List<CompletableFuture<Versioned>> answers = new ArrayList<>(replicas.size());
        String self = cluster.selfId();
        for (String id : replicas) {
            CompletableFuture<Versioned> answer = id.equals(self) ? local.readAsync(key, diskReads)
                    : remote.read(placement.member(id), key);
            answers.add(answer);
            answer.whenComplete((version, error) -> {
                if (error == null) {
                    quorum.answered(id, version);
                } else {
                    quorum.failed(id, rootMessage(error));
                }
            });
        }
        ScheduledFuture<?> timeout = READ_TIMEOUTS.schedule(quorum::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        quorum.result().whenComplete((version, error) -> {
            timeout.cancel(false);
            if (error instanceof UnavailableException) {
                stats.refused(ReplicationStats.Operation.READ);
            }
        });
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            Map<String, Versioned> seen = quorum.snapshot();
            if (needsRepair(seen)) {
                BACKGROUND_WRITES.execute(() -> repair(placement, key, seen));
            }
        });
        return quorum.result();
    }

    private static boolean needsRepair(Map<String, Versioned> answers) {
        Versioned newest = Versioned.newest(answers.values());
        if (newest == null) {
            return false;
        }
        for (Versioned theirs : answers.values()) {
            if (theirs == null || newest.supersedes(theirs)) {
                return true;
            }
        }
        return false;
    }

    /** Read repair: every replica that answered with an older version (or none) gets the newest one. */
    private void repair(Placement placement, byte[] key, Map<String, Versioned> answers) {
        Versioned newest = Versioned.newest(answers.values());
        if (newest == null) {
            return;
        }
        for (Map.Entry<String, Versioned> answer : answers.entrySet()) {
            Versioned theirs = answer.getValue();
            if (theirs == null || newest.supersedes(theirs)) {
                Mutation fix = new Mutation(key, newest);
                try {
                    if (answer.getKey().equals(cluster.selfId())) {
                        local.apply(List.of(fix));
                    } else {
                        remote.apply(placement.member(answer.getKey()), List.of(fix));
                    }
                    stats.readRepaired();
                    LOG.debugf("read repair of a key on %s", answer.getKey());
                } catch (RuntimeException e) {
                    LOG.debugf("read repair of a key on %s failed: %s", answer.getKey(), e.getMessage());
                }
            }
        }
    }

    /**
     * The answers to one point read: completes {@link #result()} with the newest version once {@code required}
     * replicas answered, or fails it once that can no longer happen (too many failures, or the timeout).
     */
    private static final class ReadQuorum {
        private final CompletableFuture<Versioned> result = new CompletableFuture<>();
        private final Map<String, Versioned> answers = new HashMap<>();
        private final Map<String, String> failures = new LinkedHashMap<>();
        private final int required;
        private final Consistency consistency;
        private final List<String> replicas;

        ReadQuorum(int required, Consistency consistency, List<String> replicas) {
            this.required = required;
            this.consistency = consistency;
            this.replicas = replicas;
        }

        CompletableFuture<Versioned> result() {
            return result;
        }

        void answered(String id, Versioned version) {
            Versioned newest = null;
            synchronized (this) {
                answers.put(id, version);
                if (answers.size() == required) {
                    newest = Versioned.newest(answers.values());
                } else {
                    return;
                }
            }
            // Completed outside the lock: the caller's continuation runs on this thread.
            result.complete(newest);
        }

        void failed(String id, String why) {
            UnavailableException unavailable;
            synchronized (this) {
                failures.put(id, why);
                if (answers.size() >= required || replicas.size() - failures.size() >= required) {
                    return; // decided already, or enough replicas may still answer
                }
                unavailable = unavailable(false);
            }
            result.completeExceptionally(unavailable);
        }

        void timedOut() {
            UnavailableException unavailable;
            synchronized (this) {
                if (answers.size() >= required) {
                    return;
                }
                unavailable = unavailable(true);
            }
            result.completeExceptionally(unavailable);
        }

        private UnavailableException unavailable(boolean timedOut) {
            return new UnavailableException(consistency + " not met for a read: " + answers.size() + " of "
                    + required + " required replicas " + replicas + " answered" + describe(failures, timedOut));
        }

        synchronized Map<String, Versioned> snapshot() {
            return new HashMap<>(answers);
        }
    }

    // ---- scans

    /**
     * The live entries of {@code range} merged from the replicas, newest version per key: a scan within one
     * partition asks that partition's replicas; any other scan asks every member of the read ring and
     * checks that each range of the ring heard from enough of its replicas.
     */
    public KvIterator scan(ScanRange range, Consistency consistency) {
        return scan(range, consistency, null);
    }

    /**
     * {@link #scan(ScanRange, Consistency)} with each replica shaping its entries by {@code shaper} before
     * sending them (see {@link EntryShaper}); {@code null} sends them whole.
     */
    public KvIterator scan(ScanRange range, Consistency consistency, EntryShaper shaper) {
        Placement placement = cluster.placement();
        // Shaped pages are mostly small (trimmed rows, and tombstones for rows filtered out), so they are longer.
        int pageSize = Math.max(1, Math.min(range.limit(), shaper == null ? 256 : 2048));
        if (cluster.isLocalOnly()) {
            return LiveEntries.ofStored(local.store().scan(range.limit(ScanRange.NO_LIMIT)), range.limit());
        }
        var single = partitioner.singlePartition(range);
        List<String> members = single.isPresent() ? placement.readReplicas(single.getAsLong()) : placement.readMembers();
        List<ScanSource> sources = new ArrayList<>();
        for (String id : members) {
            sources.add(id.equals(cluster.selfId())
                    ? new ScanSource.Local(local, id, range, pageSize, shaper)
                    : new ScanSource.Remote(remote, placement.member(id), range, pageSize, timeoutMillis, shaper));
        }
        List<CompletableFuture<Void>> first = sources.stream().map(ScanSource::prefetch).toList();
        List<ScanSource> answered = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            try {
                first.get(i).get(timeoutMillis, TimeUnit.MILLISECONDS);
                answered.add(sources.get(i));
            } catch (Exception e) {
                failures.put(members.get(i), rootMessage(e));
            }
        }
        if (!failures.isEmpty()) {
            List<String> ok = answered.stream().map(ScanSource::memberId).toList();
            if (single.isPresent()) {
                int required = consistency.required(members.size());
                if (ok.size() < required) {
                    stats.refused(ReplicationStats.Operation.QUERY);
                    throw new UnavailableException(consistency + " not met for a query: " + ok.size() + " of " + required
                            + " required replicas " + members + " answered" + describe(failures, false));
                }
            } else {
                for (var r : placement.readRanges()) {
                    List<String> replicas = placement.readReplicas(r.end());
                    int required = consistency.required(replicas.size());
                    long have = replicas.stream().filter(ok::contains).count();
                    if (have < required) {
                        stats.refused(ReplicationStats.Operation.QUERY);
                        throw new UnavailableException(consistency + " not met for a query across partitions: the range of "
                                + replicas + " heard from " + have + " of " + required + " required replicas"
                                + describe(failures, false));
                    }
                }
            }
        }
        return LiveEntries.ofMerged(new MergedScan(answered, range.isDescending()), range.limit());
    }

    // ---- folds

    /**
     * Partial results of {@code fold} over {@code range}, computed on the replicas. Each ring range is folded
     * by one of its replicas (spread round-robin) and counts only if every replica of the range that answered
     * holds the same versions there (equal digests) and at least as many answered as {@code consistency}
     * needs: then the folding replica holds the newest version of every key, as a merged read would return.
     * If a range fails either check the answer is empty, and the caller reads the entries instead (which
     * reports unavailability, if it comes to that). Replicas that do not answer are left out and the fold is
     * asked once more without them.
     */
    public Optional<List<byte[]>> fold(ScanRange range, Consistency consistency, EntryFold fold) {
        if (cluster.isLocalOnly()) {
            return Optional.of(List.of(local.fold(range, new long[] {0}, new boolean[] {true}, partitioner, fold).partial()));
        }
        Placement placement = cluster.placement();
        long[] ends = placement.readRanges().stream().mapToLong(TokenRange::end).toArray();
        List<List<String>> replicas = new ArrayList<>(ends.length);
        for (long end : ends) {
            replicas.add(placement.readReplicas(end));
        }
        Set<String> excluded = new HashSet<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            Map<String, boolean[]> assigned = new LinkedHashMap<>();
            for (String id : placement.readMembers()) {
                if (!excluded.contains(id)) {
                    assigned.put(id, new boolean[ends.length]);
                }
            }
            for (int r = 0; r < ends.length; r++) {
                List<String> candidates = replicas.get(r).stream().filter(id -> !excluded.contains(id)).toList();
                if (candidates.size() < consistency.required(replicas.get(r).size())) {
                    return Optional.empty();
                }
                assigned.get(candidates.get(r % candidates.size()))[r] = true;
            }
            Map<String, LocalReplica.FoldAnswer> answers = callFold(placement, range, ends, assigned, fold, excluded);
            if (answers == null) {
                continue;
            }
            // Every member not excluded answered, so each range heard from as many replicas as were candidates.
            for (int r = 0; r < ends.length; r++) {
                List<String> answered = replicas.get(r).stream().filter(answers::containsKey).toList();
                long digest = answers.get(answered.get(0)).digests()[r];
                for (String id : answered) {
                    if (answers.get(id).digests()[r] != digest) {
                        LOG.debugf("replicas %s disagree on a range; the query reads the entries", answered);
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(answers.values().stream().map(LocalReplica.FoldAnswer::partial).toList());
        }
        return Optional.empty();
    }

    /** Every member's fold answer, or {@code null} after adding the members that did not answer to {@code failed}. */
    private Map<String, LocalReplica.FoldAnswer> callFold(Placement placement, ScanRange range, long[] ends,
                                                         Map<String, boolean[]> assigned, EntryFold fold, Set<String> failed) {
        Map<String, CompletableFuture<LocalReplica.FoldAnswer>> calls = new LinkedHashMap<>();
        String self = cluster.selfId();
        for (Map.Entry<String, boolean[]> member : assigned.entrySet()) {
            if (!member.getKey().equals(self)) {
                int[] mine = java.util.stream.IntStream.range(0, ends.length).filter(r -> member.getValue()[r]).toArray();
                calls.put(member.getKey(), remote.fold(placement.member(member.getKey()), new Wire.FoldRequest(range, ends, mine, fold.spec())));
            }
        }
        Map<String, LocalReplica.FoldAnswer> answers = new LinkedHashMap<>();
        if (assigned.containsKey(self)) {
            answers.put(self, local.fold(range, ends, assigned.get(self), partitioner, fold));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis * 10);
        for (Map.Entry<String, CompletableFuture<LocalReplica.FoldAnswer>> call : calls.entrySet()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                answers.put(call.getKey(), call.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                LOG.debugf("replica %s did not fold: %s", call.getKey(), rootMessage(e));
                failed.add(call.getKey());
            }
        }
        return answers.size() == assigned.size() ? answers : null;
    }

    static String describe(Map<String, String> failures, boolean timedOut) {
        StringBuilder text = new StringBuilder();
        if (!failures.isEmpty()) {
            text.append(" (");
            failures.forEach((id, why) -> text.append(text.length() > 2 ? "; " : "").append(id).append(": ").append(why));
            text.append(')');
        }
        if (timedOut) {
            text.append(" within the request timeout");
        }
        return text.toString();
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while ((root instanceof CompletionException || root instanceof java.util.concurrent.ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof java.net.ConnectException || root instanceof java.nio.channels.ClosedChannelException) {
            return "unreachable" + (message == null ? "" : " (" + message + ")");
        }
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
