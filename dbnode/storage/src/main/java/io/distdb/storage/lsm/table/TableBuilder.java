package io.distdb.storage.lsm.table;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.StorageException;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Hashing;
import io.distdb.storage.lsm.InternalKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a sorted table file:
 * {@code [data block]* [filter block] [index block] [footer]}. Every block is followed by a trailer
 * {@code [compression type:1][crc32c:4]} (type 0, uncompressed, is the only one written). The index
 * block maps the last key of each data block to its handle, so a reader finds a key's block with one
 * binary search. The file is fsync-ed before {@link #finish()} returns.
 */
public final class TableBuilder implements AutoCloseable {

    public static final int TRAILER_BYTES = 5;
    public static final byte NO_COMPRESSION = 0;

    private final Path path;
    private final FileChannel channel;
    private final int blockBytes;
    private final BlockBuilder dataBlock;
    private final BlockBuilder indexBlock = new BlockBuilder(1);
    private final BloomFilter.Builder filter;
    private final ByteBuffer out = ByteBuffer.allocate(256 * 1024);
    private long offset;
    private long entries;
    private byte[] smallest;
    private byte[] largest;
    private byte[] lastUserKeyHashed;
    private boolean finished;

    public TableBuilder(ChannelFactory channels, Path path, int blockBytes, int restartInterval, int bloomBitsPerKey) {
        this.path = path;
        this.blockBytes = blockBytes;
        this.dataBlock = new BlockBuilder(restartInterval);
        this.filter = new BloomFilter.Builder(bloomBitsPerKey);
        try {
            this.channel = channels.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot create table " + path + ": " + e.getMessage(), e);
        }
    }

    /** Adds an entry; internal keys must come in increasing order. */
    public void add(byte[] internalKey, byte[] value) {
        if (smallest == null) {
            smallest = internalKey;
        }
        largest = internalKey;
        entries++;
        int userLength = InternalKey.userKeyLength(internalKey);
        if (lastUserKeyHashed == null || !InternalKey.hasUserKey(internalKey, lastUserKeyHashed)) {
            lastUserKeyHashed = InternalKey.userKey(internalKey);
            filter.add(Hashing.hash64(internalKey, 0, userLength));
        }
        dataBlock.add(internalKey, value);
        if (dataBlock.estimatedSize() >= blockBytes) {
            flushDataBlock();
        }
    }

    private void flushDataBlock() {
        if (dataBlock.isEmpty()) {
            return;
        }
        byte[] lastKey = dataBlock.lastKey();
        BlockHandle handle = writeBlock(dataBlock.finish());
        indexBlock.add(lastKey, handle.encode());
        dataBlock.reset();
    }

    private BlockHandle writeBlock(byte[] contents) {
        BlockHandle handle = new BlockHandle(offset, contents.length);
        byte[] trailer = new byte[TRAILER_BYTES];
        trailer[0] = NO_COMPRESSION;
        ByteOrder.putInt(trailer, 1, blockCrc(contents, NO_COMPRESSION));
        write(contents);
        write(trailer);
        return handle;
    }

    /** The checksum of a block: its contents and its compression type. */
    static int blockCrc(byte[] contents, byte type) {
        CRC32C crc = new CRC32C();
        crc.update(contents, 0, contents.length);
        crc.update(type);
        return (int) crc.getValue();
    }

    private void write(byte[] bytes) {
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(out.remaining(), bytes.length - pos);
            out.put(bytes, pos, n);
            pos += n;
            if (!out.hasRemaining()) {
                drain();
            }
        }
        offset += bytes.length;
    }

    private void drain() {
        out.flip();
        try {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw new StorageException("write to table " + path + " failed: " + e.getMessage(), e);
        } finally {
            out.clear();
        }
    }

    public long entries() {
        return entries;
    }

    /** Bytes written so far, an estimate of the final file size. */
    public long estimatedSize() {
        return offset + dataBlock.estimatedSize();
    }

    public byte[] smallest() {
        return smallest;
    }

    public byte[] largest() {
        return largest;
    }

    /** Writes filter, index and footer, forces the file to disk; returns the file size. */
    public long finish() {
        flushDataBlock();
        BlockHandle filterHandle = writeBlock(filter.finish());
        BlockHandle indexHandle = writeBlock(indexBlock.finish());
        write(new Footer(filterHandle, indexHandle, entries).encode());
        drain();
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot sync table " + path + ": " + e.getMessage(), e);
        }
        finished = true;
        return offset;
    }

    /** Abandons an unfinished table and removes its file. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The file is deleted next.
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // An orphan table is removed at the next open.
        }
    }
}
