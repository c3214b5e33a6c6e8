package io.distdb.storage.lsm.table;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.StorageException;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Hashing;
import io.distdb.storage.internal.Varint;
import io.distdb.storage.lsm.Compression;
import io.distdb.storage.lsm.InternalKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes a sorted table file:
 * {@code [data block]* [filter block] [index block] [footer]}. Every block is followed by a trailer
 * {@code [compression type:1][crc32c:4]}, as LevelDB's: type 0 is a block stored as built, type 1 an LZ4
 * block {@code [uncompressed length:varint][lz4 raw data]}. Data blocks are compressed when the table is
 * written with {@link Compression#LZ4} and the result is at least an eighth smaller; filter and index
 * blocks never are (they stay in memory while the table is open). The checksum covers the stored bytes
 * and the type. The index block maps the last key of each data block to its handle, so a reader finds a
 * key's block with one binary search. The file is fsync-ed before {@link #finish()} returns.
 */
public final class TableBuilder implements AutoCloseable {

    public static final int TRAILER_BYTES = 5;
    public static final byte NO_COMPRESSION = 0;
    public static final byte LZ4_COMPRESSION = 1;

    /** Native LZ4 where lz4-java ships it for the platform, its pure-Java port otherwise. */
    static final LZ4Factory LZ4 = lz4();

    private final Path path;
    private final FileChannel channel;
    private final int blockBytes;
    private final BlockBuilder dataBlock;
    private final BlockBuilder indexBlock = new BlockBuilder(1);
    private final BloomFilter.Builder filter;
    private final LZ4Compressor compressor;
    private byte[] compressBuffer = new byte[0];
    private long rawDataBytes;
    private long storedDataBytes;
    private long compressedBlocks;
    private long dataBlocks;
    private final ByteBuffer out = ByteBuffer.allocate(256 * 1024);
    private long offset;
    private long entries;
    private byte[] smallest;
    private byte[] largest;
    private byte[] lastUserKeyHashed;
    private boolean finished;

    public TableBuilder(ChannelFactory channels, Path path, int blockBytes, int restartInterval, int bloomBitsPerKey) {
        this(channels, path, blockBytes, restartInterval, bloomBitsPerKey, Compression.NONE);
    }

    public TableBuilder(ChannelFactory channels, Path path, int blockBytes, int restartInterval, int bloomBitsPerKey,
                        Compression compression) {
        this.path = path;
        this.compressor = compression == Compression.LZ4 ? LZ4.fastCompressor() : null;
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
        byte[] raw = dataBlock.finish();
        dataBlocks++;
        rawDataBytes += raw.length;
        BlockHandle handle = compressor == null ? writeBlock(raw) : writeDataBlock(raw);
        storedDataBytes += handle.size();
        indexBlock.add(lastKey, handle.encode());
        dataBlock.reset();
    }

    /** Writes a data block LZ4-compressed if that saves at least an eighth of it, else as built. */
    private BlockHandle writeDataBlock(byte[] raw) {
        int header = Varint.size(raw.length);
        int bound = header + compressor.maxCompressedLength(raw.length);
        if (compressBuffer.length < bound) {
            compressBuffer = new byte[bound];
        }
        Varint.write(compressBuffer, 0, raw.length);
        int compressed = header + compressor.compress(raw, 0, raw.length, compressBuffer, header, bound - header);
        if (compressed > raw.length - raw.length / 8) {
            return writeBlock(raw);
        }
        compressedBlocks++;
        return writeBlock(compressBuffer, compressed, LZ4_COMPRESSION);
    }

    private BlockHandle writeBlock(byte[] contents) {
        return writeBlock(contents, contents.length, NO_COMPRESSION);
    }

    private BlockHandle writeBlock(byte[] contents, int length, byte type) {
        BlockHandle handle = new BlockHandle(offset, length);
        byte[] trailer = new byte[TRAILER_BYTES];
        trailer[0] = type;
        ByteOrder.putInt(trailer, 1, blockCrc(contents, length, type));
        write(contents, length);
        write(trailer);
        return handle;
    }

    /** The checksum of a block: its contents and its compression type. */
    static int blockCrc(byte[] contents, int length, byte type) {
        CRC32C crc = new CRC32C();
        crc.update(contents, 0, length);
        crc.update(type);
        return (int) crc.getValue();
    }

    private void write(byte[] bytes) {
        write(bytes, bytes.length);
    }

    private void write(byte[] bytes, int length) {
        int pos = 0;
        while (pos < length) {
            int n = Math.min(out.remaining(), length - pos);
            out.put(bytes, pos, n);
            pos += n;
            if (!out.hasRemaining()) {
                drain();
            }
        }
        offset += length;
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

    /** Data block bytes as built, before compression. */
    public long rawDataBytes() {
        return rawDataBytes;
    }

    /** Data block bytes as stored (compressed or not), without trailers. */
    public long storedDataBytes() {
        return storedDataBytes;
    }

    public long dataBlocks() {
        return dataBlocks;
    }

    /** Data blocks stored LZ4-compressed. */
    public long compressedBlocks() {
        return compressedBlocks;
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

    /**
     * Native LZ4 (about six times faster than the pure-Java port on 4 KB blocks), falling back to the port.
     * Asked for by name because {@link LZ4Factory#fastestInstance()} declines the native library whenever
     * lz4-java was loaded by a class loader other than the system one, which is the case in the node's
     * application class loader: it then compressed every flushed and compacted block in pure Java.
     */
    private static LZ4Factory lz4() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (Throwable e) { // no library for this platform, or already bound to another class loader
            return LZ4Factory.fastestJavaInstance();
        }
    }
}
