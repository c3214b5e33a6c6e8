package io.distdb.storage.hashlog;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a segment's records front to back through a read-ahead window, checking each checksum. Stops at the
 * first record that is torn or damaged; the caller decides whether that is a crash tail (last segment) or
 * corruption (any other segment).
 */
final class SegmentScanner {

    private static final int WINDOW_BYTES = 256 * 1024;

    private final Segment segment;
    private final long fileSize;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
    private long windowStart;
    private long position;
    private long recordOffset = -1;
    private String problem;

    SegmentScanner(Segment segment, long fileSize) {
        this.segment = segment;
        this.fileSize = fileSize;
        window.limit(0);
    }

    /** The next record, or null at the end of the file or at the first bad record (see {@link #problem()}). */
    RecordCodec.Record next() throws IOException {
        if (problem != null || position >= fileSize) {
            return null;
        }
        long available = fileSize - position;
        if (available < RecordCodec.HEADER_BYTES) {
            return fail("partial record header of " + available + " bytes");
        }
        ByteBuffer header = bytes(position, RecordCodec.HEADER_BYTES);
        String bad = RecordCodec.checkHeader(header, available);
        if (bad != null) {
            return fail(bad);
        }
        int size = RecordCodec.recordSize(header.getInt(13), header.getInt(17));
        Object decoded = RecordCodec.decode(bytes(position, size));
        if (decoded instanceof String why) {
            return fail(why);
        }
        recordOffset = position;
        position += size;
        return (RecordCodec.Record) decoded;
    }

    /** File offset of the record {@link #next()} returned last. */
    long recordOffset() {
        return recordOffset;
    }

    /** End of the last good record: where a torn tail would be cut. */
    long position() {
        return position;
    }

    /** Why scanning stopped early, or null if it reached the end cleanly (so far). */
    String problem() {
        return problem;
    }

    private RecordCodec.Record fail(String why) {
        problem = why;
        return null;
    }

    /** {@code length} bytes at {@code at}, as a buffer positioned at 0; served from the window when they fit. */
    private ByteBuffer bytes(long at, int length) throws IOException {
        if (length > WINDOW_BYTES) {
            ByteBuffer big = ByteBuffer.allocate(length);
            segment.readFully(big, at);
            return big.flip();
        }
        if (at < windowStart || at + length > windowStart + window.limit()) {
            window.clear();
            window.limit((int) Math.min(WINDOW_BYTES, fileSize - at));
            segment.readFully(window, at);
            window.flip();
            windowStart = at;
        }
        int from = (int) (at - windowStart);
        return window.duplicate().position(from).limit(from + length).slice();
    }
}
