package io.distdb.storage;

import java.util.Map;

/** A named set of counters (bytes on disk, files, flushes, compactions...) reported by an engine. */
public record StoreStats(String engine, Map<String, Long> counters) {

    public long get(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
