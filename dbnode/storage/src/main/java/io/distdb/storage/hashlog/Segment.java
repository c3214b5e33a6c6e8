package io.distdb.storage.hashlog;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One segment file. Reads are positional, so any number of threads share the channel; only the store's writer
 * appends, and only while the segment is active.
 *
 * <p>Reference counted: the store holds one reference while the segment is listed, every read holds one for
 * its duration. The channel closes when the last reference goes, so a merge can unlist a segment while reads
 * of it are still running and delete the file once {@link #closed()} completes.
 */
final class Segment {

    final long id;
    final Path path;
    private final FileChannel channel;
    /** Bytes of complete records; the writer publishes a record by advancing it after the write succeeded. */
    private volatile long size;
    private final AtomicLong deadBytes = new AtomicLong();
    private volatile long hintBytes;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    Segment(long id, Path path, FileChannel channel, long size) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    long size() {
        return size;
    }

    /** For scans by recovery and merge, which read the file front to back. */
    FileChannel channel() {
        return channel;
    }

    long deadBytes() {
        return deadBytes.get();
    }

    void addDead(long bytes) {
        deadBytes.addAndGet(bytes);
    }

    void setDead(long bytes) {
        deadBytes.set(bytes);
    }

    long hintBytes() {
        return hintBytes;
    }

    void setHintBytes(long bytes) {
        hintBytes = bytes;
    }

    boolean isMergeOutput() {
        return SegmentFiles.sub(id) != 0;
    }

    /** Takes a reference for a read; false if the segment is already closed (retry with a fresh keydir entry). */
    boolean retain() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Read-only by now; nothing is lost.
            }
            closed.complete(null);
        }
    }

    /** Completes once the last reference is released and the channel is closed. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Reads exactly {@code length} bytes at {@code position}. */
    ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        readFully(channel, buf, position);
        return buf.flip();
    }

    static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                throw new EOFException("end of file at " + at);
            }
            at += n;
        }
    }

    /**
     * Writes {@code buf} at the current end. On failure the size is unchanged and the caller must cut the file
     * back to {@link #size()}, since part of the buffer may have reached the file.
     */
    void append(ByteBuffer buf) throws IOException {
        long at = size;
        int length = buf.remaining();
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        size += length;
    }

    /** Cuts off bytes past {@code length} (a failed append, or a torn tail found by recovery). */
    void truncate(long length) throws IOException {
        channel.truncate(length);
        size = length;
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
