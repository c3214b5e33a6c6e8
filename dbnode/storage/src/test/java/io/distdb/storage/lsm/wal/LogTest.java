package io.distdb.storage.lsm.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.ChannelFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {

    @TempDir
    Path dir;

    private Path writeRecords(int count) {
        Path path = dir.resolve("000001.log");
        try (LogWriter writer = LogWriter.create(ChannelFactory.DEFAULT, path)) {
            for (int i = 0; i < count; i++) {
                writer.append(("record-" + i).repeat(i + 1).getBytes());
            }
            writer.sync();
        }
        return path;
    }

    private static List<byte[]> readAll(Path path, LogReader.Result[] result) {
        List<byte[]> out = new ArrayList<>();
        result[0] = LogReader.read(ChannelFactory.DEFAULT, path, out::add);
        return out;
    }

    @Test
    void readsBackEveryRecordInOrder() {
        Path path = writeRecords(20);
        LogReader.Result[] result = new LogReader.Result[1];
        List<byte[]> records = readAll(path, result);
        assertEquals(20, records.size());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(("record-" + i).repeat(i + 1).getBytes(), records.get(i));
        }
        assertFalse(result[0].hasBadTail());
    }

    @Test
    void tornTailIsCutAtTheLastWholeRecord() throws Exception {
        Path path = writeRecords(10);
        long size = Files.size(path);
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size - 7); // the last record loses its end, as in a crash mid-write
        }
        LogReader.Result[] result = new LogReader.Result[1];
        List<byte[]> records = readAll(path, result);
        assertEquals(9, records.size());
        assertTrue(result[0].hasBadTail());
    }

    @Test
    void flippedByteStopsReplayAtTheDamagedRecord() throws Exception {
        Path path = writeRecords(10);
        byte[] data = Files.readAllBytes(path);
        // Damage the payload of record 5: records before it are returned, nothing from it on.
        int offset = 0;
        for (int i = 0; i < 5; i++) {
            offset += LogWriter.HEADER_BYTES + ("record-" + i).repeat(i + 1).length();
        }
        data[offset + LogWriter.HEADER_BYTES + 3] ^= 0x40;
        Files.write(path, data);
        LogReader.Result[] result = new LogReader.Result[1];
        List<byte[]> records = readAll(path, result);
        assertEquals(5, records.size());
        assertEquals(offset, result[0].validBytes());
    }
}
