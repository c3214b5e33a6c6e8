package io.distdb.server.ring;

/**
 * The tokens in {@code (start, end]} on the ring; when {@code start >= end} the range wraps past the
 * largest token (a ring with one virtual node has one range that covers everything).
 */
public record TokenRange(long start, long end) {

    public boolean contains(long token) {
        if (start < end) {
            return token > start && token <= end;
        }
        return token > start || token <= end;
    }

    /** The fraction of the whole token space this range covers. */
    public double fraction() {
        double width = start < end
                ? (double) end - (double) start
                : Math.pow(2, 64) - ((double) start - (double) end);
        return width / Math.pow(2, 64);
    }
}
