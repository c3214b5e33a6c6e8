package io.distdb.storage.lsm;

import static io.distdb.storage.testing.TestKeys.b;
import static io.distdb.storage.testing.TestKeys.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.CorruptionException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsmCompressionTest {

    @TempDir
    Path dir;

    static String jsonValue(int i) {
        return "{\"id\":" + i + ",\"name\":\"customer-" + (i % 97) + "\",\"email\":\"user" + i
                + "@example.com\",\"status\":\"active\",\"tags\":[\"alpha\",\"beta\"],\"balance\":" + (i * 7 % 1000) + "}";
    }

    static String randomValue(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append((char) ('!' + r.nextInt(90)));
        }
        return sb.toString();
    }

    static LsmOptions options(Compression compression) {
        return LsmStoreTest.small().toBuilder().compression(compression).blockBytes(4096).build();
    }

    private static long tableBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".sst")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void compressibleValuesShrinkAndReadBack() throws Exception {
        long[] bytes = new long[2];
        for (Compression c : Compression.values()) {
            Path d = dir.resolve(c.name());
            try (LsmStore store = LsmStore.open(d, options(c))) {
                for (int i = 0; i < 3000; i++) {
                    store.put(b(String.format("key%06d", i)), b(jsonValue(i)));
                }
                store.compactAll();
                for (int i = 0; i < 3000; i++) {
                    assertEquals(jsonValue(i), s(store.get(b(String.format("key%06d", i)))));
                }
                var stats = store.stats();
                if (c == Compression.LZ4) {
                    assertTrue(stats.get("dataBlockBytesStored") * 2 < stats.get("dataBlockBytesWritten"), stats.toString());
                } else {
                    assertEquals(stats.get("dataBlockBytesWritten"), stats.get("dataBlockBytesStored"));
                }
            }
            bytes[c.ordinal()] = tableBytes(d);
        }
        assertTrue(bytes[1] * 2 < bytes[0], "LZ4 " + bytes[1] + " bytes, none " + bytes[0]);
    }

    @Test
    void incompressibleBlocksAreStoredAsBuilt() {
        Random r = new Random(7);
        try (LsmStore store = LsmStore.open(dir, options(Compression.LZ4))) {
            for (int i = 0; i < 500; i++) {
                store.put(b(String.format("key%06d", i)), b(randomValue(r)));
            }
            store.flush();
            var stats = store.stats();
            assertEquals(stats.get("dataBlockBytesWritten"), stats.get("dataBlockBytesStored"),
                    "random text shrinks by less than an eighth: " + stats);
        }
    }

    /** Tables written under either setting stay readable after it changes, also once compacted together. */
    @Test
    void tablesOfEitherSettingStayReadableAfterTheSettingChanges() {
        try (LsmStore store = LsmStore.open(dir, options(Compression.NONE))) {
            for (int i = 0; i < 1000; i++) {
                store.put(b(String.format("key%06d", i)), b(jsonValue(i)));
            }
            store.flush();
        }
        try (LsmStore store = LsmStore.open(dir, options(Compression.LZ4))) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(jsonValue(i), s(store.get(b(String.format("key%06d", i)))));
            }
            for (int i = 1000; i < 2000; i++) {
                store.put(b(String.format("key%06d", i)), b(jsonValue(i)));
            }
            store.flush();
        }
        try (LsmStore store = LsmStore.open(dir, options(Compression.NONE))) {
            for (int i = 0; i < 2000; i++) {
                assertEquals(jsonValue(i), s(store.get(b(String.format("key%06d", i)))));
            }
            store.compactAll();
            assertEquals(2000, LsmStoreTest.keys(store.scan(io.distdb.storage.ScanRange.all())).size());
        }
        try (LsmStore store = LsmStore.open(dir, options(Compression.LZ4))) {
            for (int i = 0; i < 2000; i++) {
                assertEquals(jsonValue(i), s(store.get(b(String.format("key%06d", i)))));
            }
        }
    }

    /** A flipped byte inside a compressed table: every read returns the value written or reports corruption. */
    @Test
    void damagedCompressedTableIsReportedNeverReturned() throws Exception {
        LsmOptions options = options(Compression.LZ4).toBuilder().blockCacheBytes(0).build();
        try (LsmStore store = LsmStore.open(dir, options)) {
            for (int i = 0; i < 2000; i++) {
                store.put(b(String.format("key%06d", i)), b(jsonValue(i)));
            }
            store.compactAll();
        }
        List<Path> tables;
        try (Stream<Path> files = Files.list(dir)) {
            tables = files.filter(p -> p.toString().endsWith(".sst")).sorted().toList();
        }
        Path table = tables.get(0);
        try (RandomAccessFile raf = new RandomAccessFile(table.toFile(), "rw")) {
            raf.seek(200); // inside the first data block
            int v = raf.read();
            raf.seek(200);
            raf.write(v ^ 0x5A);
        }
        int corrupt = 0;
        try (LsmStore store = LsmStore.open(dir, options)) {
            for (int i = 0; i < 2000; i++) {
                try {
                    byte[] v = store.get(b(String.format("key%06d", i)));
                    assertEquals(jsonValue(i), s(v));
                } catch (CorruptionException e) {
                    corrupt++;
                }
            }
        }
        assertTrue(corrupt > 0, "the damaged block was noticed");
    }
}
