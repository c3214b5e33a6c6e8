package io.distdb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.testing.CrashWriter;
import io.distdb.storage.testing.EngineFixture;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damages bytes inside the engine's data files and checks that every read either returns the value
 * that was written or fails with {@link CorruptionException}: damaged data is never returned as data.
 */
class CorruptionTest {

    @TempDir
    Path dir;

    static List<EngineFixture> engines() {
        return EngineFixture.all();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void damagedBytesAreReportedNeverReturned(EngineFixture engine) throws Exception {
        List<String> keys = new ArrayList<>();
        try (KvStore store = engine.open(dir, Durability.NONE)) {
            for (int i = 0; i < 3000; i++) {
                String key = String.format("key%06d", i);
                store.put(key.getBytes(), CrashWriter.valueFor(key));
                keys.add(key);
            }
            store.flush();
            engine.maintain(store);
        }
        List<Path> dataFiles;
        try (Stream<Path> list = Files.list(dir)) {
            dataFiles = list.filter(p -> p.toString().endsWith(engine.dataFileSuffix()))
                    .filter(p -> p.toFile().length() > 0).sorted().toList();
        }
        assertFalse(dataFiles.isEmpty(), "no " + engine.dataFileSuffix() + " files to damage");
        Random random = new Random(11);
        for (Path file : dataFiles) {
            // Damage one byte in the first 80% of each file, where the records or data blocks are.
            long size = Files.size(file);
            flip(file, (long) (random.nextDouble() * size * 0.8));
        }
        int corrupt = 0;
        int intact = 0;
        KvStore store;
        try {
            store = engine.open(dir, Durability.NONE);
        } catch (CorruptionException e) {
            return; // refusing to open damaged files is also an honest answer
        }
        try (store) {
            for (String key : keys) {
                try {
                    byte[] value = store.get(key.getBytes());
                    if (value != null) {
                        assertArrayEquals(CrashWriter.valueFor(key), value, "wrong data returned for " + key);
                        intact++;
                    }
                } catch (CorruptionException e) {
                    corrupt++;
                }
            }
            if (store.supportsOrderedScans()) {
                boolean scanFailed = false;
                try (KvIterator it = store.scan(ScanRange.all())) {
                    while (it.hasNext()) {
                        KeyValue kv = it.next();
                        assertArrayEquals(CrashWriter.valueFor(new String(kv.key())), kv.value());
                    }
                } catch (CorruptionException e) {
                    scanFailed = true;
                }
                assertTrue(scanFailed, "a full scan must run into the damage");
            }
        }
        assertTrue(corrupt > 0, "some reads must report the damage");
        assertTrue(intact > 0, "undamaged data stays readable");
    }

    private static void flip(Path file, long position) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x5A);
        }
    }
}
