package io.distdb.storage.lsm.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.CorruptionException;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Varint;
import io.distdb.storage.lsm.Compression;
import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed blocks whose checksum is right but whose contents are not what the writer compressed (a bug, or
 * damage that happens to keep the CRC) must still fail as corruption, never decode into garbage.
 */
class TableCompressionTest {

    @TempDir
    Path dir;

    private Path writeTable() {
        Path path = dir.resolve("000001.sst");
        TableBuilder builder = new TableBuilder(ChannelFactory.DEFAULT, path, 4096, 16, 10, Compression.LZ4);
        for (int i = 0; i < 500; i++) {
            byte[] key = InternalKey.encode(("key" + (100000 + i)).getBytes(StandardCharsets.UTF_8), i + 1, InternalKey.TYPE_PUT);
            builder.add(key, ("{\"value\":\"repetitive text repetitive text " + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        builder.finish();
        assertTrue(builder.compressedBlocks() > 0 && builder.compressedBlocks() == builder.dataBlocks());
        return path;
    }

    private static BlockHandle firstDataBlock(Path path) throws Exception {
        byte[] file = Files.readAllBytes(path);
        byte[] footerBytes = java.util.Arrays.copyOfRange(file, file.length - Footer.BYTES, file.length);
        Footer footer = Footer.decode(footerBytes, path.toString());
        byte[] index = java.util.Arrays.copyOfRange(file, (int) footer.index().offset(),
                (int) footer.index().offset() + footer.index().size());
        BlockIndex blocks = new BlockIndex(new Block(index));
        assertEquals(TableBuilder.LZ4_COMPRESSION, file[(int) blocks.offset(0) + blocks.size(0)]);
        return new BlockHandle(blocks.offset(0), blocks.size(0));
    }

    /** Rewrites the stored block with {@code change} applied and a checksum that matches it again. */
    private static void rewriteWithValidCrc(Path path, BlockHandle h, java.util.function.Consumer<byte[]> change) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            byte[] stored = new byte[h.size()];
            raf.seek(h.offset());
            raf.readFully(stored);
            change.accept(stored);
            raf.seek(h.offset());
            raf.write(stored);
            byte[] crc = new byte[4];
            ByteOrder.putInt(crc, 0, TableBuilder.blockCrc(stored, stored.length, TableBuilder.LZ4_COMPRESSION));
            raf.seek(h.offset() + h.size() + 1);
            raf.write(crc);
        }
    }

    private static Table open(Path path) {
        return Table.open(ChannelFactory.DEFAULT, path, 1, new BlockCache(0), new FilterCounters());
    }

    @Test
    void compressedTableReadsBack() {
        Path path = writeTable();
        try (Table table = open(path)) {
            InternalIterator it = new TableCache(ChannelFactory.DEFAULT, new BlockCache(0), new FilterCounters(), 2)
                    .iterator(1, path);
            int n = 0;
            for (it.seekToFirst(); it.valid(); it.next()) {
                assertArrayEquals(("key" + (100000 + n)).getBytes(StandardCharsets.UTF_8), InternalKey.userKey(it.key()));
                n++;
            }
            assertEquals(500, n);
            assertTrue(table.blockCount() > 1);
        }
    }

    @Test
    void wrongRecordedLengthIsCorruption() throws Exception {
        Path path = writeTable();
        BlockHandle h = firstDataBlock(path);
        rewriteWithValidCrc(path, h, stored -> {
            int[] pos = {0};
            long length = Varint.read(stored, pos, stored.length);
            // Same varint width, one byte more than the block decompresses to.
            Varint.write(stored, 0, length + 1);
        });
        try (Table table = open(path)) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> table.dataBlock(0));
            assertTrue(e.getMessage().contains("decompress"), e.getMessage());
        }
    }

    @Test
    void garbledCompressedBytesAreCorruption() throws Exception {
        Path path = writeTable();
        BlockHandle h = firstDataBlock(path);
        rewriteWithValidCrc(path, h, stored -> {
            for (int i = 2; i < stored.length; i += 3) {
                stored[i] = (byte) 0xF7; // long literal and match runs pointing outside the block
            }
        });
        try (Table table = open(path)) {
            assertThrows(CorruptionException.class, () -> table.dataBlock(0));
        }
    }

    @Test
    void flippedByteFailsTheChecksum() throws Exception {
        Path path = writeTable();
        BlockHandle h = firstDataBlock(path);
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.seek(h.offset() + h.size() / 2);
            int v = raf.read();
            raf.seek(h.offset() + h.size() / 2);
            raf.write(v ^ 1);
        }
        try (Table table = open(path)) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> table.dataBlock(0));
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }
}
