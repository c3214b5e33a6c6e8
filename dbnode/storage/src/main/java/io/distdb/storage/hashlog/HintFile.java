package io.distdb.storage.hashlog;

import io.distdb.storage.ChannelFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The index of one merged segment, so that start-up learns its keys without reading values. Layout, big-endian:
 *
 * <pre>
 * u32 magic "HLHT" | u64 segment id | u64 segment bytes | u32 entry count
 * entry: u32 key length | u32 value length | u64 record offset | u64 seq | key
 * u32 crc32c of every byte before it
 * </pre>
 *
 * A hint that fails its checksum, or describes a segment of another size, is ignored and the segment is
 * scanned instead: the hint is only ever a shortcut.
 */
final class HintFile {

    static final int MAGIC = 0x484C4854;
    private static final int HEADER_BYTES = 4 + 8 + 8 + 4;
    private static final int ENTRY_FIXED_BYTES = 4 + 4 + 8 + 8;

    /** One key of the segment: where its record starts, and its sizes. */
    record Hint(byte[] key, int valueLength, long offset, long seq) {
    }

    private HintFile() {
    }

    /** Writes and fsyncs the hint file; returns its size. */
    static long write(ChannelFactory channels, Path path, long segmentId, long segmentBytes, List<Hint> hints)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES + hints.size() * 48);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES)
                .putInt(MAGIC).putLong(segmentId).putLong(segmentBytes).putInt(hints.size());
        bytes.write(header.array());
        ByteBuffer fixed = ByteBuffer.allocate(ENTRY_FIXED_BYTES);
        for (Hint h : hints) {
            fixed.clear();
            fixed.putInt(h.key.length).putInt(h.valueLength).putLong(h.offset).putLong(h.seq);
            bytes.write(fixed.array());
            bytes.write(h.key);
        }
        CRC32C crc = new CRC32C();
        byte[] body = bytes.toByteArray();
        crc.update(body);
        ByteBuffer out = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).flip();
        try (FileChannel channel = channels.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long at = 0;
            while (out.hasRemaining()) {
                at += channel.write(out, at);
            }
            channel.force(true);
        }
        return body.length + 4L;
    }

    /**
     * Reads a hint file, or explains why it cannot be used (returned as a String): damaged, truncated, or made
     * for another segment.
     */
    static Object read(ChannelFactory channels, Path path, long segmentId, long segmentBytes) throws IOException {
        ByteBuffer buf;
        try (FileChannel channel = channels.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES + 4 || size > Integer.MAX_VALUE - 64) {
                return "hint file has impossible size " + size;
            }
            buf = ByteBuffer.allocate((int) size);
            Segment.readFully(channel, buf, 0);
            buf.flip();
        }
        int end = buf.limit() - 4;
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(end));
        if ((int) crc.getValue() != buf.getInt(end)) {
            return "hint file checksum mismatch";
        }
        if (buf.getInt() != MAGIC) {
            return "not a hint file";
        }
        long id = buf.getLong();
        long bytes = buf.getLong();
        int count = buf.getInt();
        if (id != segmentId || bytes != segmentBytes) {
            return "hint file describes segment " + SegmentFiles.baseName(id) + " of " + bytes
                    + " bytes, the segment has " + segmentBytes;
        }
        List<Hint> hints = new ArrayList<>(Math.max(0, Math.min(count, 1 << 20)));
        for (int i = 0; i < count; i++) {
            if (end - buf.position() < ENTRY_FIXED_BYTES) {
                return "hint file ends inside entry " + i;
            }
            int keyLength = buf.getInt();
            int valueLength = buf.getInt();
            long offset = buf.getLong();
            long seq = buf.getLong();
            if (keyLength <= 0 || valueLength < 0 || keyLength > end - buf.position() || offset < 0
                    || offset + RecordCodec.recordSize(keyLength, 0) + (long) valueLength > segmentBytes) {
                return "hint entry " + i + " is out of range";
            }
            byte[] key = new byte[keyLength];
            buf.get(key);
            hints.add(new Hint(key, valueLength, offset, seq));
        }
        if (buf.position() != end) {
            return "hint file has trailing bytes";
        }
        return hints;
    }
}
