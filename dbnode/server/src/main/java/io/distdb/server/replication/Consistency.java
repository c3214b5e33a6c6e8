package io.distdb.server.replication;

import io.distdb.server.errors.InvalidRequestException;

import java.util.Locale;

/** How many replicas must answer before a request succeeds; chosen per request, QUORUM by default. */
public enum Consistency {
    ONE, QUORUM, ALL;

    public static final Consistency DEFAULT = QUORUM;

    /** Acknowledgements needed from {@code replicas} natural replicas. */
    public int required(int replicas) {
        return switch (this) {
            case ONE -> Math.min(1, replicas);
            case QUORUM -> replicas / 2 + 1;
            case ALL -> replicas;
        };
    }

    /** Parses a header or query value; {@code null} or blank is the default. */
    public static Consistency parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("consistency must be ONE, QUORUM or ALL, not '" + value + "'");
        }
    }
}
