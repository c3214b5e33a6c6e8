package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The node's {@code DISTDB_DURABILITY}. */
public enum Durability {
    @JsonProperty("sync") SYNC,
    @JsonProperty("interval") INTERVAL,
    @JsonProperty("none") NONE;

    public String envValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
