package io.distdb.storage.hashlog;

import io.distdb.storage.ChannelFactory;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 *
 * <p>Interrupting a thread inside FileChannel I/O closes the channel for every thread, so the segment shields
 * its calls from interrupts and reopens the file if one gets through anyway.
 */
final class Segment {

    final long id;
    final Path path;
    private final ChannelFactory channels;
    private final OpenOption[] reopenOptions;
    private volatile FileChannel channel;
    /** Bytes of complete records; the writer publishes a record by advancing it after the write succeeded. */
    private volatile long size;
    private final AtomicLong deadBytes = new AtomicLong();
    private volatile long hintBytes;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** {@code writable}: the channel was opened for writing and must be reopened so after an interrupt. */
    Segment(long id, Path path, FileChannel channel, long size, ChannelFactory channels, boolean writable) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.channels = channels;
        this.reopenOptions = writable
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.READ};
    }

    long size() {
        return size;
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
            synchronized (this) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Read-only by now; nothing is lost.
                }
            }
            closed.complete(null);
        }
    }

    private interface ChannelCall<T> {
        T call(FileChannel channel) throws IOException;
    }

    /**
     * Runs {@code op} as if uninterruptible: the caller's interrupt status is set aside during the call and
     * restored after, and if an interrupt still closes the channel midway the file is reopened and the call
     * repeated (each call is idempotent: positional reads and writes, truncate, force).
     */
    private <T> T withChannel(ChannelCall<T> op) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; ; attempt++) {
                FileChannel ch = channel;
                try {
                    return op.call(ch);
                } catch (ClosedChannelException e) { // also an interrupt of this or another thread
                    interrupted |= Thread.interrupted();
                    if (attempt >= 3) {
                        throw e;
                    }
                    reopen(ch);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (refs.get() <= 0) {
            throw new ClosedChannelException(); // released for good
        }
        if (channel == broken) {
            try {
                broken.close(); // a wrapping channel may still look open while what it wraps is closed
            } catch (IOException ignored) {
                // Replaced below either way.
            }
            channel = channels.open(path, reopenOptions);
        }
    }

    /** Completes once the last reference is released and the channel is closed. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Reads exactly {@code length} bytes at {@code position}. */
    ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        readFully(buf, position);
        return buf.flip();
    }

    /** Fills {@code buf} from {@code position}; a retry after a reopen starts over. */
    void readFully(ByteBuffer buf, long position) throws IOException {
        int start = buf.position();
        withChannel(ch -> {
            buf.position(start);
            readFully(ch, buf, position);
            return null;
        });
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
        long base = size;
        int length = buf.remaining();
        int start = buf.position();
        withChannel(ch -> {
            buf.position(start);
            long at = base;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            return null;
        });
        size = base + length;
    }

    /** Cuts off bytes past {@code length} (a failed append, or a torn tail found by recovery). */
    void truncate(long length) throws IOException {
        withChannel(ch -> ch.truncate(length));
        size = length;
    }

    void force() throws IOException {
        withChannel(ch -> {
            ch.force(false);
            return null;
        });
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
