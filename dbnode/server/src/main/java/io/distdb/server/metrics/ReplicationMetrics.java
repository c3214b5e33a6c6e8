package io.distdb.server.metrics;

import io.distdb.server.replication.HintStore;
import io.distdb.server.replication.ReplicationStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.util.Locale;

/** Replication's counters, read from {@link ReplicationStats} at scrape time. */
@Singleton
public class ReplicationMetrics implements MeterBinder {

    private final ReplicationStats stats;
    private final HintStore hints;

    public ReplicationMetrics(ReplicationStats stats, HintStore hints) {
        this.stats = stats;
        this.hints = hints;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("distdb.replication.read.repairs", stats, ReplicationStats::readRepairs)
                .description("Stale replicas a read brought up to date")
                .register(registry);
        FunctionCounter.builder("distdb.replication.hints.queued", stats, ReplicationStats::hintsQueued)
                .description("Mutations kept as hints for a replica that did not acknowledge them")
                .register(registry);
        FunctionCounter.builder("distdb.replication.hints.delivered", stats, ReplicationStats::hintsDelivered)
                .description("Hinted mutations delivered to their replica")
                .register(registry);
        FunctionCounter.builder("distdb.replication.hints.dropped", stats, ReplicationStats::hintsDropped)
                .description("Mutations that should have become hints but could not be stored")
                .register(registry);
        Gauge.builder("distdb.replication.hints.pending", hints, HintStore::pending)
                .description("Hinted mutations this node holds now")
                .register(registry);
        for (ReplicationStats.Operation operation : ReplicationStats.Operation.values()) {
            FunctionCounter.builder("distdb.replication.unavailable", stats, s -> s.refusals(operation))
                    .description("Requests refused because too few replicas answered for their consistency level")
                    .tag("operation", operation.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
