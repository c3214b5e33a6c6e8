package io.distdb.server.metrics;

import io.distdb.server.replication.Consistency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * Request count, latency and errors per client API and consistency level. Every combination of labels is
 * registered up front, so recording a request is an array lookup and no label strings are built on the hot path.
 *
 * <pre>
 * distdb_request_duration_seconds{api, consistency}    histogram; _count is the request count
 * distdb_request_errors_total{api, consistency, kind}  kind=client (4xx but 404) or server (5xx)
 * </pre>
 *
 * The consistency label is the level a request asked for, or {@code default} when it named none (the node's
 * default, QUORUM).
 */
@Singleton
public class RequestMetrics {

    /** What an error is blamed on. */
    enum ErrorKind { CLIENT, SERVER }

    static final String DEFAULT_CONSISTENCY = "default";

    private static final Consistency[] LEVELS = Consistency.values();

    /** [api][consistency ordinal, or LEVELS.length for the default] */
    private final Timer[][] durations;
    /** [api][consistency][error kind] */
    private final Counter[][][] errors;

    public RequestMetrics(MeterRegistry registry) {
        Api[] apis = Api.values();
        durations = new Timer[apis.length][LEVELS.length + 1];
        errors = new Counter[apis.length][LEVELS.length + 1][ErrorKind.values().length];
        for (Api api : apis) {
            for (int level = 0; level <= LEVELS.length; level++) {
                String consistency = level == LEVELS.length ? DEFAULT_CONSISTENCY : LEVELS[level].name().toLowerCase(java.util.Locale.ROOT);
                durations[api.ordinal()][level] = Timer.builder("distdb.request.duration")
                        .description("Client requests by API and consistency level: latency, and their count")
                        .tags("api", api.label(), "consistency", consistency)
                        .serviceLevelObjectives(LatencyBuckets.REQUEST)
                        .register(registry);
                for (ErrorKind kind : ErrorKind.values()) {
                    errors[api.ordinal()][level][kind.ordinal()] = Counter.builder("distdb.request.errors")
                            .description("Client requests that failed: client errors (4xx but 404) and server errors (5xx)")
                            .tags("api", api.label(), "consistency", consistency, "kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry);
                }
            }
        }
    }

    /**
     * @param consistency the level asked for, or null for the default
     * @param error       null when the request succeeded
     */
    void record(Api api, Consistency consistency, long nanos, ErrorKind error) {
        int level = consistency == null ? LEVELS.length : consistency.ordinal();
        durations[api.ordinal()][level].record(nanos, TimeUnit.NANOSECONDS);
        if (error != null) {
            errors[api.ordinal()][level][error.ordinal()].increment();
        }
    }
}
