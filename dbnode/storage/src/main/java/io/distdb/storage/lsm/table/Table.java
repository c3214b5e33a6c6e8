package io.distdb.storage.lsm.table;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.CorruptionException;
import io.distdb.storage.StorageException;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Varint;
import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import io.distdb.storage.lsm.memtable.Memtable.Lookup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open, immutable table file. The index block and Bloom filter stay in memory while it is open; data
 * blocks are read with positional reads (safe from many threads), decompressed if stored compressed, and
 * kept in the shared {@link BlockCache}. Every block is checked against its CRC (over the stored bytes)
 * before use, and a compressed block must decompress to exactly its recorded length: damaged bytes raise
 * {@link CorruptionException}, they are never returned as data. Opened and closed by the {@link TableCache}.
 */
public final class Table implements AutoCloseable {

    private final Path path;
    private final long fileNumber;
    private final FileChannel channel;
    private final BlockCache cache;
    private final BlockIndex index;
    private final BloomFilter filter;
    private final long entries;
    private final FilterCounters filterCounters;

    private Table(Path path, long fileNumber, FileChannel channel, BlockCache cache, BlockIndex index, BloomFilter filter,
                  long entries, FilterCounters filterCounters) {
        this.path = path;
        this.fileNumber = fileNumber;
        this.channel = channel;
        this.cache = cache;
        this.index = index;
        this.filter = filter;
        this.entries = entries;
        this.filterCounters = filterCounters;
    }

    public static Table open(ChannelFactory channels, Path path, long fileNumber, BlockCache cache, FilterCounters filterCounters) {
        FileChannel ch = null;
        try {
            ch = channels.open(path, StandardOpenOption.READ);
            long size = ch.size();
            if (size < Footer.BYTES) {
                throw new CorruptionException("table " + path + " is " + size + " bytes, too short to be a table");
            }
            Footer footer = Footer.decode(readFully(ch, size - Footer.BYTES, Footer.BYTES, path), path.toString());
            BlockIndex index = new BlockIndex(new Block(readBlock(ch, footer.index(), path)));
            BloomFilter filter = BloomFilter.decode(readBlock(ch, footer.filter(), path));
            return new Table(path, fileNumber, ch, cache, index, filter, footer.entries(), filterCounters);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StorageException("cannot open table " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Already failing.
            }
        }
    }

    private static byte[] readFully(FileChannel ch, long offset, int length, Path path) throws IOException {
        byte[] out = new byte[length];
        ByteBuffer buf = ByteBuffer.wrap(out);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, offset + buf.position());
            if (n < 0) {
                throw new CorruptionException("table " + path + " ends before offset " + (offset + length));
            }
        }
        return out;
    }

    /** Reads a block and checks its trailer. */
    private static byte[] readBlock(FileChannel ch, BlockHandle handle, Path path) throws IOException {
        if (handle.offset() < 0 || handle.size() < 0 || handle.offset() + handle.size() + TableBuilder.TRAILER_BYTES > ch.size()) {
            throw new CorruptionException("table " + path + " has a block handle outside the file: " + handle);
        }
        byte[] raw = readFully(ch, handle.offset(), handle.size() + TableBuilder.TRAILER_BYTES, path);
        byte type = raw[handle.size()];
        int stored = ByteOrder.getInt(raw, handle.size() + 1);
        if (TableBuilder.blockCrc(raw, handle.size(), type) != stored) {
            throw new CorruptionException("table " + path + ": block at offset " + handle.offset() + " fails its checksum");
        }
        if (type == TableBuilder.NO_COMPRESSION) {
            return java.util.Arrays.copyOf(raw, handle.size());
        }
        if (type == TableBuilder.LZ4_COMPRESSION) {
            return decompress(raw, handle.size(), handle, path);
        }
        throw new CorruptionException("table " + path + ": block at offset " + handle.offset() + " has unknown compression " + type);
    }

    /** Largest block a table may hold once decompressed; a larger recorded length is damage. */
    private static final int MAX_BLOCK_BYTES = 1 << 30;

    private static byte[] decompress(byte[] stored, int length, BlockHandle handle, Path path) {
        String where = "table " + path + ": LZ4 block at offset " + handle.offset();
        int[] pos = {0};
        long rawLength;
        try {
            rawLength = Varint.read(stored, pos, length);
        } catch (RuntimeException e) {
            throw new CorruptionException(where + " has a damaged length: " + e.getMessage());
        }
        if (rawLength < 0 || rawLength > MAX_BLOCK_BYTES) {
            throw new CorruptionException(where + " records an impossible length " + rawLength);
        }
        byte[] out = new byte[(int) rawLength];
        int n;
        try {
            n = TableBuilder.LZ4.safeDecompressor().decompress(stored, pos[0], length - pos[0], out, 0, out.length);
        } catch (RuntimeException e) { // LZ4Exception, or an index error of the pure-Java decoder
            throw new CorruptionException(where + " does not decompress: " + e.getMessage());
        }
        if (n != rawLength) {
            throw new CorruptionException(where + " decompresses to " + n + " bytes, not the " + rawLength + " recorded");
        }
        return out;
    }

    /** The data block at position {@code block} of the index, from the cache or the file. */
    Block dataBlock(int block) {
        long key = BlockCache.key(fileNumber, index.offset(block));
        Block cached = cache.get(key);
        if (cached == null) {
            try {
                cached = new Block(readBlock(channel, new BlockHandle(index.offset(block), index.size(block)), path));
            } catch (IOException e) {
                throw new StorageException("cannot read table " + path + ": " + e.getMessage(), e);
            }
            cache.put(key, cached);
        }
        return cached;
    }

    int blockCount() {
        return index.blockCount();
    }

    /** The first block that may hold keys {@code >= target}, or {@link #blockCount()}. */
    int findBlock(byte[] target) {
        return index.find(target);
    }

    public long fileNumber() {
        return fileNumber;
    }

    public long entries() {
        return entries;
    }

    private void countFalsePositive(FilterCounters.Tally tally) {
        if (filter != null) {
            if (tally != null) {
                tally.falsePositives++;
            } else {
                filterCounters.falsePositive();
            }
        }
    }

    /** Bytes this open table keeps in memory (index and filter). */
    public long pinnedBytes() {
        return index.memoryBytes() + (filter == null ? 0 : filter.sizeInBytes());
    }

    /**
     * Finds the newest version of {@code userKey} with a sequence {@code <= sequence}.
     *
     * @param keyHash {@link BloomFilter#hash} of the user key, computed once per lookup
     */
    public Lookup get(byte[] userKey, long keyHash, byte[] lookupKey, byte[][] valueOut) {
        return lookup(userKey, keyHash, lookupKey, valueOut, null);
    }

    /**
     * As {@link #get}, but {@link Lookup#NOT_IN_MEMORY} where the data block would have to be read from the file;
     * the filter's outcome goes to {@code tally}.
     */
    public Lookup getIfCached(byte[] userKey, long keyHash, byte[] lookupKey, byte[][] valueOut, FilterCounters.Tally tally) {
        return lookup(userKey, keyHash, lookupKey, valueOut, tally);
    }

    /** From the cache only when {@code tally} is given (it then gets the filter's outcome), else from the file too. */
    private Lookup lookup(byte[] userKey, long keyHash, byte[] lookupKey, byte[][] valueOut, FilterCounters.Tally tally) {
        boolean cachedOnly = tally != null;
        if (filter != null && !filter.mayContain(keyHash)) {
            if (cachedOnly) {
                tally.useful++;
            } else {
                filterCounters.ruledOut();
            }
            return Lookup.ABSENT;
        }
        int block = index.find(lookupKey);
        if (block == index.blockCount()) {
            countFalsePositive(tally);
            return Lookup.ABSENT;
        }
        Block found = cachedOnly ? cache.peek(BlockCache.key(fileNumber, index.offset(block))) : dataBlock(block);
        if (found == null) {
            return Lookup.NOT_IN_MEMORY;
        }
        Block.BlockIterator data = found.iterator();
        data.seek(lookupKey);
        if (!data.valid() || !data.currentUserKeyEquals(userKey)) {
            countFalsePositive(tally);
            return Lookup.ABSENT;
        }
        if (data.currentType() == InternalKey.TYPE_DELETE) {
            return Lookup.DELETED;
        }
        valueOut[0] = data.value();
        return Lookup.FOUND;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
