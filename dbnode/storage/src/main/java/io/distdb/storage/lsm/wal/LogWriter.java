package io.distdb.storage.lsm.wal;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.StorageException;
import io.distdb.storage.internal.ByteOrder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends framed records to a log file: {@code [length:4][crc32c:4][payload]}, the CRC covering the
 * length and the payload, so that recovery can tell a whole record from a torn or damaged one.
 *
 * <p>A failed append is rolled back by truncating the file to where the record began, so a later
 * record never sits behind a half-written one. If even that fails the writer refuses further appends.
 */
public final class LogWriter implements AutoCloseable {

    public static final int HEADER_BYTES = 8;

    private final Path path;
    private final FileChannel channel;
    private long position;
    private IOException broken;

    private LogWriter(Path path, FileChannel channel, long position) {
        this.path = path;
        this.channel = channel;
        this.position = position;
    }

    /** Creates a new, empty log file. */
    public static LogWriter create(ChannelFactory channels, Path path) {
        try {
            FileChannel ch = channels.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new LogWriter(path, ch, 0);
        } catch (IOException e) {
            throw new StorageException("cannot create log " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Bytes written so far. */
    public long size() {
        return position;
    }

    /** Appends one record (not yet forced to disk). */
    public void append(byte[] payload) {
        append(payload, 0, payload.length);
    }

    public void append(byte[] payload, int offset, int length) {
        if (broken != null) {
            throw new StorageException("log " + path + " is unusable after an earlier failure: " + broken.getMessage(), broken);
        }
        byte[] frame = new byte[HEADER_BYTES + length];
        ByteOrder.putInt(frame, 0, length);
        System.arraycopy(payload, offset, frame, HEADER_BYTES, length);
        ByteOrder.putInt(frame, 4, crc(frame, 0, length));
        long start = position;
        try {
            ByteBuffer buf = ByteBuffer.wrap(frame);
            while (buf.hasRemaining()) {
                position += channel.write(buf, position);
            }
        } catch (IOException e) {
            rollBack(start, e);
            throw new StorageException("write to log " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** The CRC of the frame starting at {@code frameOffset}: over its length field and its payload. */
    static int crc(byte[] buf, int frameOffset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(buf, frameOffset, 4);
        crc.update(buf, frameOffset + HEADER_BYTES, payloadLength);
        return (int) crc.getValue();
    }

    private void rollBack(long start, IOException cause) {
        try {
            channel.truncate(start);
            position = start;
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    /** Forces everything appended so far to stable storage. */
    public void sync() {
        if (broken != null) {
            throw new StorageException("log " + path + " is unusable after an earlier failure", broken);
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            // After a failed fsync the kernel may have dropped dirty pages: nothing written since the last
            // good sync can be trusted, so the log takes no more writes.
            broken = e;
            throw new StorageException("fsync of log " + path + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot close log " + path + ": " + e.getMessage(), e);
        }
    }
}
