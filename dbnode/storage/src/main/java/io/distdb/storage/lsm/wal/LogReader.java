package io.distdb.storage.lsm.wal;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.StorageException;
import io.distdb.storage.internal.ByteOrder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads the records of a log written by {@link LogWriter}, in order, up to the first record that is
 * torn or fails its checksum. What lies after it is reported, never returned.
 */
public final class LogReader {

    /** How far a read got: the end of the last good record and the size of the file. */
    public record Result(long records, long validBytes, long fileBytes) {
        public boolean hasBadTail() {
            return validBytes < fileBytes;
        }
    }

    private LogReader() {
    }

    public static Result read(ChannelFactory channels, Path path, Consumer<byte[]> onRecord) {
        try (FileChannel ch = channels.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new StorageException("log " + path + " is larger than 2 GiB");
            }
            byte[] data = new byte[(int) size];
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    break;
                }
            }
            return parse(data, onRecord);
        } catch (IOException e) {
            throw new StorageException("cannot read log " + path + ": " + e.getMessage(), e);
        }
    }

    static Result parse(byte[] data, Consumer<byte[]> onRecord) {
        int pos = 0;
        long records = 0;
        while (data.length - pos >= LogWriter.HEADER_BYTES) {
            int length = ByteOrder.getInt(data, pos);
            if (length < 0 || length > data.length - pos - LogWriter.HEADER_BYTES) {
                break;
            }
            if (LogWriter.crc(data, pos, length) != ByteOrder.getInt(data, pos + 4)) {
                break;
            }
            byte[] payload = new byte[length];
            System.arraycopy(data, pos + LogWriter.HEADER_BYTES, payload, 0, length);
            onRecord.accept(payload);
            records++;
            pos += LogWriter.HEADER_BYTES + length;
        }
        return new Result(records, pos, data.length);
    }
}
