package io.distdb.server.replication;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what replication did on this node since it started: read repairs sent, writes kept as hints
 * and delivered later, requests that failed because too few replicas answered. Plain counters the coordinator
 * bumps; whoever reports them (the node's metrics) only reads.
 */
@Singleton
public class ReplicationStats {

    /** What a request that found too few replicas was doing. */
    public enum Operation { READ, WRITE, QUERY }

    private final LongAdder readRepairs = new LongAdder();
    private final LongAdder hintsQueued = new LongAdder();
    private final LongAdder hintsDelivered = new LongAdder();
    private final LongAdder hintsDropped = new LongAdder();
    private final LongAdder[] unavailable = new LongAdder[Operation.values().length];

    public ReplicationStats() {
        for (int i = 0; i < unavailable.length; i++) {
            unavailable[i] = new LongAdder();
        }
    }

    void readRepaired() {
        readRepairs.increment();
    }

    void hintsQueued(int mutations) {
        hintsQueued.add(mutations);
    }

    void hintsDelivered(int mutations) {
        hintsDelivered.add(mutations);
    }

    void hintsDropped(int mutations) {
        hintsDropped.add(mutations);
    }

    void refused(Operation operation) {
        unavailable[operation.ordinal()].increment();
    }

    /** Stale replicas a read brought up to date. */
    public long readRepairs() {
        return readRepairs.sum();
    }

    /** Mutations kept for a replica that did not acknowledge them. */
    public long hintsQueued() {
        return hintsQueued.sum();
    }

    /** Hinted mutations handed to their replica once it answered again. */
    public long hintsDelivered() {
        return hintsDelivered.sum();
    }

    /** Mutations that should have become hints but could not be stored. */
    public long hintsDropped() {
        return hintsDropped.sum();
    }

    /** Requests refused because their consistency level could not be met. */
    public long refusals(Operation operation) {
        return unavailable[operation.ordinal()].sum();
    }
}
