package io.distdb.server.replication.paxos;

import io.distdb.server.replication.HybridClock;
import io.distdb.server.replication.Versioned;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Compare-and-set of one key by Paxos among the key's replicas, the way Cassandra's lightweight
 * transactions do it: prepare a fresh ballot with a quorum (which also reads their versions of the key),
 * finish any proposal a previous proposer left accepted but uncommitted, test the newest live value, then
 * propose the write and commit it everywhere. Any node may propose; two proposers of one key cannot both
 * get their proposal chosen, because each needs a quorum's promise and the later ballot's quorum sees the
 * earlier accepted proposal.
 *
 * <p>A proposer that loses a phase to a higher ballot retries with a higher one after a short random pause
 * (so that two proposers do not keep pre-empting each other), until {@code attempts} or the timeout run out.
 */
public final class PaxosProposer {

    private final PaxosTransport transport;
    private final Function<byte[], ReplicaSet> replicas;
    private final HybridClock clock;
    private final String node;
    private final long timeoutMillis;
    private final int attempts;

    public PaxosProposer(PaxosTransport transport, Function<byte[], ReplicaSet> replicas, HybridClock clock, String node,
                         long timeoutMillis, int attempts) {
        this.transport = transport;
        this.replicas = replicas;
        this.clock = clock;
        this.node = node;
        this.timeoutMillis = timeoutMillis;
        this.attempts = attempts;
    }

    /**
     * Reads {@code key}'s live value ({@code null} when absent or deleted) and, if {@code accept} accepts
     * it, writes {@code value} ({@code null} deletes), atomically with respect to every other call on any
     * node for the same key.
     *
     * @throws PaxosContentionException when other proposers kept winning
     * @throws PaxosUnavailableException when too few replicas answered
     */
    public CasResult compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value) {
        return compareAndSet(key, accept, value, replicas);
    }

    /** As {@link #compareAndSet(byte[], Predicate, byte[])}, with the key's acceptors from {@code replicas}. */
    public CasResult compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value, Function<byte[], ReplicaSet> replicas) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        // Every write this call proposed: if one of them turns up later as committed or in progress, it won.
        List<Versioned> proposed = new ArrayList<>();
        String lost = "no attempt";
        for (int attempt = 1; attempt <= attempts && System.nanoTime() < deadline; attempt++) {
            ReplicaSet set = replicas.apply(key);
            Ballot ballot = new Ballot(clock.now(), node);
            Replies<Promise> promises = phase(set, deadline, Promise::granted,
                    id -> transport.prepare(id, key, ballot));
            if (!promises.await(deadline)) {
                unavailableUnless(promises, "prepare", !proposed.isEmpty());
                promises.refused().forEach(p -> clock.observe(p.promised().timestamp()));
                lost = "prepare of ballot " + ballot + ": " + promises.describe();
                pause(attempt, deadline);
                continue;
            }
            List<Promise> granted = promises.favourable();
            Proposal inProgress = inProgress(granted);
            if (inProgress != null) {
                // A proposal some replica accepted may have been chosen: finish it before anything else.
                Proposal again = new Proposal(ballot, inProgress.update());
                if (!proposeAndCommit(key, set, again, deadline, !proposed.isEmpty())) {
                    lost = "completing the proposal of ballot " + inProgress.ballot();
                    pause(attempt, deadline);
                    continue;
                }
                if (proposed.contains(inProgress.update())) {
                    return new CasResult(true, null);
                }
                continue;
            }
            Versioned current = Versioned.newest(granted.stream().map(Promise::current).toList());
            if (current != null && proposed.contains(current)) {
                return new CasResult(true, null); // another proposer finished this call's proposal
            }
            if (current != null && current.timestamp() >= ballot.timestamp()) {
                // A write newer than the ballot (its node's clock is ahead): a commit at this ballot's time
                // would lose to it under last-write-wins. Move the clock past it and take a new ballot.
                clock.observe(current.timestamp());
                continue;
            }
            byte[] live = current == null || current.tombstone() ? null : current.payload();
            if (!accept.test(live)) {
                return new CasResult(false, live);
            }
            Versioned update = value == null ? Versioned.tombstone(ballot.timestamp()) : Versioned.value(ballot.timestamp(), value);
            proposed.add(update);
            if (proposeAndCommit(key, set, new Proposal(ballot, update), deadline, true)) {
                return new CasResult(true, null);
            }
            lost = "proposal of ballot " + ballot;
            pause(attempt, deadline);
        }
        throw new PaxosContentionException("compare-and-set of a key did not get through after contention with other "
                + "writers of the same key (last: " + lost + ")" + (proposed.isEmpty() ? "" : "; it may have been applied"),
                !proposed.isEmpty());
    }

    /** The newest accepted proposal among the promises that is newer than every commit they report, or {@code null}. */
    private static Proposal inProgress(List<Promise> promises) {
        Ballot committed = null;
        Proposal newest = null;
        for (Promise p : promises) {
            committed = Ballot.max(committed, p.committed());
            if (p.inProgress() != null && (newest == null || p.inProgress().ballot().isAfter(newest.ballot()))) {
                newest = p.inProgress();
            }
        }
        return newest != null && newest.ballot().isAfter(committed) ? newest : null;
    }

    /**
     * Proposes and, once a quorum accepted, commits to every participant, waiting for a quorum of commits.
     * Returns {@code false} when a higher ballot pre-empted the proposal.
     */
    private boolean proposeAndCommit(byte[] key, ReplicaSet set, Proposal proposal, long deadline, boolean ours) {
        Replies<Boolean> accepts = phase(set, deadline, Boolean::booleanValue, id -> transport.propose(id, key, proposal));
        if (!accepts.await(deadline)) {
            unavailableUnless(accepts, "propose", ours);
            return false;
        }
        Replies<Boolean> commits = phase(set, set.commitAcks(), ok -> true,
                id -> transport.commit(id, key, proposal).thenApply(ignored -> Boolean.TRUE));
        if (!commits.await(deadline)) {
            throw new PaxosUnavailableException("a compare-and-set was decided but not committed on enough replicas "
                    + set.participants() + " (" + commits.describe() + "); the next one of the same key completes it", true);
        }
        return true;
    }

    private <T> Replies<T> phase(ReplicaSet set, long deadline, Predicate<T> favourable,
                                 Function<String, java.util.concurrent.CompletableFuture<T>> send) {
        return phase(set, set.quorum(), favourable, send);
    }

    private <T> Replies<T> phase(ReplicaSet set, int required, Predicate<T> favourable,
                                 Function<String, java.util.concurrent.CompletableFuture<T>> send) {
        List<String> participants = set.participants();
        Replies<T> replies = new Replies<>(participants.size(), required, favourable);
        for (String id : participants) {
            java.util.concurrent.CompletableFuture<T> answer;
            try {
                answer = send.apply(id);
            } catch (RuntimeException e) {
                answer = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            replies.track(id, answer);
        }
        return replies;
    }

    private static void unavailableUnless(Replies<?> replies, String phase, boolean maybeApplied) {
        if (replies.unavailable()) {
            throw new PaxosUnavailableException("too few replicas answered the Paxos " + phase + " of a key ("
                    + replies.describe() + ")", maybeApplied);
        }
    }

    /** A random pause that grows with the attempts, so that competing proposers stop colliding; never past the deadline. */
    private static void pause(int attempt, long deadline) {
        long bound = Math.min(100, 2L << Math.min(attempt, 6));
        long millis = ThreadLocalRandom.current().nextLong(1, bound + 1);
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(millis, left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaxosUnavailableException("interrupted while waiting to retry a compare-and-set", false);
        }
    }
}
