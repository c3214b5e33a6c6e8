package io.distdb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Bytes;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself, on the self-check memory engine and on RocksDB, with a few thousand keys. */
class HarnessTest {

    @TempDir
    Path dir;

    @Test
    void keysAreUniqueDeterministicAndCarryTheirNumber() {
        KeyValueGenerator a = new KeyValueGenerator(7, 100);
        KeyValueGenerator b = new KeyValueGenerator(7, 100);
        Set<String> seen = new HashSet<>();
        boolean ascending = true;
        for (long i = 0; i < 10_000; i++) {
            byte[] key = a.key(i);
            assertTrue(seen.add(Bytes.toDisplayString(key)));
            assertEquals(i, KeyValueGenerator.indexOf(key));
            assertArrayEquals(key, b.key(i));
            assertArrayEquals(a.value(i), b.value(i));
            ascending &= i == 0 || Bytes.compare(a.key(i - 1), key) < 0;
        }
        assertFalse(ascending, "fill order must not be key order");
        assertFalse(java.util.Arrays.equals(a.value(1), a.value(1, 1)));
    }

    @Test
    void workloadsRunOnTheSelfCheckEngineAndOnRocksDb() {
        BenchConfig config = BenchConfig.from(Flags.parse(new String[] {"--keys=5000", "--reads=2000"}));
        Dataset data = Dataset.generate(config);
        for (String name : List.of("memory", "rocksdb")) {
            try (Engine engine = Engine.create(name)) {
                engine.open(Dirs.fresh(dir.resolve(name)), config.engineSettings());
                LongAdder filled = new LongAdder();
                assertEquals(5000, Workloads.fill(engine, data, 0, data.size(), 2, filled).ops());
                assertEquals(5000, filled.sum(), "every put reaches the progress counter");
                engine.flush();
                engine.awaitCompactions();
                assertArrayEquals(data.values[1234], engine.get(data.keys[1234]));
                LongAdder read = new LongAdder();
                assertEquals(2000, Workloads.readRandom(engine, data, data.reads, 2, read).ops());
                assertEquals(2000, read.sum());
                LongAdder seeks = new LongAdder();
                assertEquals(2000, Workloads.seekRandom(engine, data, data.seeks, 1, seeks).ops());
                assertEquals(2000, seeks.sum());
                assertEquals(5000, engine.scan(null, Integer.MAX_VALUE, Engine.DISCARD));
                LongAdder readsWhileWriting = new LongAdder();
                Workloads.ReadWhileWriting rw = Workloads.readWhileWriting(engine, data, data.reads, 1,
                        readsWhileWriting);
                assertEquals(2000, rw.reads());
                assertEquals(2000, readsWhileWriting.sum());
                assertTrue(rw.writes() > 0);
            }
        }
    }

    @Test
    void jsonValuesHaveTheirSizeAreDeterministicAndCompress() {
        KeyValueGenerator a = new KeyValueGenerator(7, 200, true);
        KeyValueGenerator b = new KeyValueGenerator(7, 200, true);
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            byte[] v = a.value(i);
            assertEquals(200, v.length);
            assertArrayEquals(v, b.value(i));
            assertTrue(new String(v, java.nio.charset.StandardCharsets.US_ASCII).startsWith("{\"id\":" + i + ","));
            all.writeBytes(v);
        }
        deflater.setInput(all.toByteArray());
        deflater.finish();
        byte[] out = new byte[all.size()];
        int compressed = deflater.deflate(out);
        assertTrue(compressed < all.size() / 2, "compressible: " + compressed + " of " + all.size());
    }

    @Test
    void hashLogAndCompressedLsmRunFillAndReads() {
        BenchConfig config = BenchConfig.from(Flags.parse(new String[] {"--keys=3000", "--reads=1000", "--values=json"}));
        Dataset data = Dataset.generate(config);
        for (String name : List.of("hashlog", "lsm-lz4")) {
            try (Engine engine = Engine.create(name)) {
                engine.open(Dirs.fresh(dir.resolve(name)), config.engineSettings());
                assertEquals(3000, Workloads.fill(engine, data, 0, data.size(), 2, new LongAdder()).ops());
                engine.flush();
                engine.compactAll();
                assertEquals(1000, Workloads.readRandom(engine, data, data.reads, 2, new LongAdder()).ops());
                assertArrayEquals(data.values[1234], engine.get(data.keys[1234]));
            }
        }
    }

    @Test
    void aMissingKeyFailsTheRun() {
        BenchConfig config = BenchConfig.from(Flags.parse(new String[] {"--keys=100", "--reads=10"}));
        Dataset data = Dataset.generate(config);
        try (Engine engine = Engine.create("memory")) {
            engine.open(dir, config.engineSettings());
            Workloads.fill(engine, data, 0, 50, 1, new LongAdder());
            assertThrows(IllegalStateException.class,
                    () -> Workloads.readRandom(engine, data, new int[] {99}, 1, new LongAdder()));
        }
    }

    @Test
    void unknownFlagsAndEnginesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(Flags.parse(new String[] {"--key=5"})));
        assertThrows(IllegalArgumentException.class,
                () -> BenchConfig.from(Flags.parse(new String[] {"--engines=leveldb"})));
    }
}
