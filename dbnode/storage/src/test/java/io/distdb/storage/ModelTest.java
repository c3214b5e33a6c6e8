package io.distdb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.distdb.storage.testing.EngineFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs long random sequences of writes, reads, scans, snapshots, flushes, maintenance and reopenings
 * against an engine and against a {@link TreeMap}, and checks that every read and every scan agrees.
 */
class ModelTest {

    private static final int OPERATIONS = Integer.getInteger("distdb.model.operations", 12_000);

    @TempDir
    Path dir;

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (EngineFixture engine : EngineFixture.all()) {
            for (long seed : new long[] {1, 2, 3}) {
                out.add(new Object[] {engine, seed});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void engineAgreesWithAnOrderedMap(EngineFixture engine, long seed) {
        Random random = new Random(seed);
        TreeMap<byte[], byte[]> model = new TreeMap<>(Bytes.ORDER);
        Map<Snapshot, TreeMap<byte[], byte[]>> snapshots = new HashMap<>();
        KvStore store = engine.open(dir, Durability.NONE);
        try {
            for (int op = 0; op < OPERATIONS; op++) {
                int dice = random.nextInt(1000);
                String context = engine + " seed " + seed + " op " + op;
                if (dice < 400) {
                    byte[] key = randomKey(random);
                    byte[] value = randomValue(random);
                    store.put(key, value);
                    model.put(key, value);
                } else if (dice < 520) {
                    byte[] key = randomKey(random);
                    store.delete(key);
                    model.remove(key);
                } else if (dice < 580) {
                    WriteBatch batch = new WriteBatch();
                    TreeMap<byte[], byte[]> staged = new TreeMap<>(model);
                    for (int i = random.nextInt(8); i >= 0; i--) {
                        byte[] key = randomKey(random);
                        if (random.nextInt(4) == 0) {
                            batch.delete(key);
                            staged.remove(key);
                        } else {
                            byte[] value = randomValue(random);
                            batch.put(key, value);
                            staged.put(key, value);
                        }
                    }
                    store.write(batch);
                    model = staged;
                } else if (dice < 800) {
                    byte[] key = randomKey(random);
                    assertArrayEquals(model.get(key), store.get(key), context + " get " + Bytes.toDisplayString(key));
                } else if (dice < 900) {
                    if (store.supportsOrderedScans()) {
                        ScanRange range = randomRange(random);
                        assertScanEquals(model, store, range, context);
                    } else {
                        KvStore noScans = store;
                        assertThrows(UnsupportedOperationException.class, () -> noScans.scan(ScanRange.all()));
                    }
                } else if (dice < 930) {
                    if (store.supportsOrderedScans() && snapshots.size() < 3) {
                        snapshots.put(store.snapshot(), new TreeMap<>(model));
                    }
                } else if (dice < 960) {
                    for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> e : snapshots.entrySet()) {
                        byte[] key = randomKey(random);
                        assertArrayEquals(e.getValue().get(key), e.getKey().get(key), context + " snapshot get");
                        assertScanEquals(e.getValue(), e.getKey(), randomRange(random), context + " snapshot scan");
                    }
                    if (!snapshots.isEmpty() && random.nextBoolean()) {
                        Snapshot s = snapshots.keySet().iterator().next();
                        s.close();
                        snapshots.remove(s);
                    }
                } else if (dice < 975) {
                    store.flush();
                } else if (dice < 985) {
                    engine.maintain(store);
                } else {
                    snapshots.keySet().forEach(Snapshot::close);
                    snapshots.clear();
                    store.close();
                    store = engine.open(dir, Durability.NONE);
                }
            }
            // A final full comparison after one more reopening.
            snapshots.keySet().forEach(Snapshot::close);
            store.close();
            store = engine.open(dir, Durability.NONE);
            for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                assertArrayEquals(e.getValue(), store.get(e.getKey()), "final get " + Bytes.toDisplayString(e.getKey()));
            }
            if (store.supportsOrderedScans()) {
                assertScanEquals(model, store, ScanRange.all(), "final scan");
            }
            List<byte[]> keys = new ArrayList<>();
            store.forEachKey(keys::add);
            assertEquals(model.size(), keys.size(), "forEachKey visits every live key once");
        } finally {
            store.close();
        }
    }

    private static byte[] randomKey(Random random) {
        // A small key space so that keys are overwritten and deleted often; varied lengths share prefixes.
        int n = random.nextInt(600);
        String k = String.format("%03d", n);
        return (random.nextInt(5) == 0 ? k.substring(0, 2) : k + (n % 7 == 0 ? "\u00ffx" : "")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] randomValue(Random random) {
        byte[] v = new byte[random.nextInt(5) == 0 ? random.nextInt(600) : random.nextInt(40)];
        random.nextBytes(v);
        return v;
    }

    private static ScanRange randomRange(Random random) {
        ScanRange range;
        switch (random.nextInt(4)) {
            case 0 -> range = ScanRange.all();
            case 1 -> range = ScanRange.prefix(String.valueOf(random.nextInt(6)).getBytes());
            case 2 -> {
                byte[] a = randomKey(random);
                byte[] b = randomKey(random);
                range = Bytes.compare(a, b) <= 0 ? ScanRange.between(a, b) : ScanRange.between(b, a);
            }
            default -> range = random.nextBoolean() ? ScanRange.between(randomKey(random), null) : ScanRange.between(null, randomKey(random));
        }
        if (random.nextBoolean()) {
            range = range.descending();
        }
        if (random.nextInt(3) == 0) {
            range = range.limit(random.nextInt(20));
        }
        return range;
    }

    private static void assertScanEquals(TreeMap<byte[], byte[]> model, ReadView view, ScanRange range, String context) {
        NavigableMap<byte[], byte[]> expected = model;
        if (range.from() != null) {
            expected = expected.tailMap(range.from(), true);
        }
        if (range.to() != null) {
            expected = expected.headMap(range.to(), false);
        }
        if (range.isDescending()) {
            expected = expected.descendingMap();
        }
        List<Map.Entry<byte[], byte[]>> want = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            if (want.size() >= range.limit()) {
                break;
            }
            want.add(e);
        }
        List<String> wantShown = new ArrayList<>();
        want.forEach(e -> wantShown.add(new KeyValue(e.getKey(), e.getValue()).toString()));
        List<String> got = new ArrayList<>();
        try (KvIterator it = view.scan(range)) {
            while (it.hasNext()) {
                got.add(it.next().toString());
            }
        }
        assertEquals(wantShown, got, context + " " + range);
    }
}
