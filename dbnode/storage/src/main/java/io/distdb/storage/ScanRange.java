package io.distdb.storage;

import java.util.Objects;

/**
 * What a scan reads: keys from {@code from} (inclusive) to {@code to} (exclusive), either bound may be
 * open; ascending or descending; at most {@code limit} entries. Immutable; the builder-style methods
 * return new ranges.
 */
public final class ScanRange {

    public static final int NO_LIMIT = Integer.MAX_VALUE;

    private final byte[] from;
    private final byte[] to;
    private final boolean descending;
    private final int limit;

    private ScanRange(byte[] from, byte[] to, boolean descending, int limit) {
        if (from != null && to != null && Bytes.compare(from, to) > 0) {
            throw new IllegalArgumentException("scan range start " + Bytes.toDisplayString(from)
                    + " is after its end " + Bytes.toDisplayString(to));
        }
        if (limit < 0) {
            throw new IllegalArgumentException("scan limit must not be negative: " + limit);
        }
        this.from = from == null ? null : from.clone();
        this.to = to == null ? null : to.clone();
        this.descending = descending;
        this.limit = limit;
    }

    /** Every key, ascending. */
    public static ScanRange all() {
        return new ScanRange(null, null, false, NO_LIMIT);
    }

    /** Keys {@code >= from} and {@code < to}; {@code null} leaves that side open. */
    public static ScanRange between(byte[] from, byte[] to) {
        return new ScanRange(from, to, false, NO_LIMIT);
    }

    /** Keys that start with {@code prefix}. */
    public static ScanRange prefix(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new ScanRange(prefix, Bytes.prefixEnd(prefix), false, NO_LIMIT);
    }

    public ScanRange descending() {
        return new ScanRange(from, to, true, limit);
    }

    public ScanRange ascending() {
        return new ScanRange(from, to, false, limit);
    }

    public ScanRange limit(int maxEntries) {
        return new ScanRange(from, to, descending, maxEntries);
    }

    /** Inclusive lower bound, or {@code null} when open. */
    public byte[] from() {
        return from;
    }

    /** Exclusive upper bound, or {@code null} when open. */
    public byte[] to() {
        return to;
    }

    public boolean isDescending() {
        return descending;
    }

    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "ScanRange[" + (from == null ? "-inf" : Bytes.toDisplayString(from)) + ", "
                + (to == null ? "+inf" : Bytes.toDisplayString(to)) + ")"
                + (descending ? " desc" : " asc") + (limit == NO_LIMIT ? "" : " limit " + limit);
    }
}
