package io.distdb.bench;

import java.util.Arrays;

/** What happens between the end of the fill (after its flush) and the read phases; the same for every engine. */
enum Settle {
    /** Nothing: reads start while compactions left by the fill may still run. */
    NONE,
    /** Wait until no flush or compaction is running or pending. */
    WAIT,
    /** Compact everything down to the last level, synchronously. */
    COMPACT;

    void apply(Engine engine) {
        switch (this) {
            case NONE -> { }
            case WAIT -> engine.awaitCompactions();
            case COMPACT -> engine.compactAll();
        }
    }

    static Settle named(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--settle must be none, wait or compact: " + name));
    }
}
