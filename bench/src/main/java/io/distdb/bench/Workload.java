package io.distdb.bench;

import java.util.Arrays;

/** The workloads of {@link StorageBenchmark}, in the order they run on one filled database. */
enum Workload {
    FILLRANDOM("fillrandom", "N keys in random order; ops/s of the puts, bytes on disk after the flush"),
    READRANDOM("readrandom", "random point reads of existing keys"),
    SEEKRANDOM("seekrandom", "seek to a random existing key, read it and the " + Workloads.SEEK_NEXTS + " next entries"),
    READWHILEWRITING("readwhilewriting", "reader threads read random keys while one writer overwrites random keys");

    final String flagName;
    final String description;

    Workload(String flagName, String description) {
        this.flagName = flagName;
        this.description = description;
    }

    static Workload named(String name) {
        return Arrays.stream(values()).filter(w -> w.flagName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload " + name + "; known: "
                        + String.join(",", Arrays.stream(values()).map(w -> w.flagName).toList())));
    }
}
