package io.distdb.server.metrics;

import io.distdb.server.rebalance.RebalanceStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/** What rebalancing streamed from this node, read from {@link RebalanceStats} at scrape time. */
@Singleton
public class RebalanceMetrics implements MeterBinder {

    private final RebalanceStats stats;

    public RebalanceMetrics(RebalanceStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("distdb.rebalance.ranges.moved", stats, RebalanceStats::rangesMoved)
                .description("Token ranges this node finished streaming to their new replicas")
                .register(registry);
        FunctionCounter.builder("distdb.rebalance.moved", stats, RebalanceStats::bytesMoved)
                .description("Key and value bytes this node streamed to new replicas")
                .baseUnit("bytes")
                .register(registry);
    }
}
