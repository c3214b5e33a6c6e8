package io.distdb.server.rebalance;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of the data this node streamed to new owners since it started, across every rebalance.
 * {@code Rebalancer#status} tells the progress of the current one; these only grow, so a rate over them shows
 * a rebalance moving and its throughput.
 */
@Singleton
public class RebalanceStats {

    private final LongAdder rangesMoved = new LongAdder();
    private final LongAdder bytesMoved = new LongAdder();

    void rangesMoved(int ranges) {
        rangesMoved.add(ranges);
    }

    void bytesMoved(long bytes) {
        bytesMoved.add(bytes);
    }

    /** Token ranges whose data this node finished streaming. */
    public long rangesMoved() {
        return rangesMoved.sum();
    }

    /** Key and value bytes this node streamed to other replicas. */
    public long bytesMoved() {
        return bytesMoved.sum();
    }
}
