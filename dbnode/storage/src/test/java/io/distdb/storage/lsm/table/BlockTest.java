package io.distdb.storage.lsm.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.distdb.storage.CorruptionException;
import io.distdb.storage.lsm.InternalKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockTest {

    private static List<byte[]> sortedKeys(int n, Random random) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Shared prefixes of varying length exercise the prefix compression.
            String user = String.format("user%05d", i * 3) + "x".repeat(random.nextInt(4));
            keys.add(InternalKey.encode(user.getBytes(), 1000 - i, InternalKey.TYPE_PUT));
        }
        keys.sort(InternalKey.ORDER);
        return keys;
    }

    private static Block build(List<byte[]> keys, int restartInterval) {
        BlockBuilder builder = new BlockBuilder(restartInterval);
        for (byte[] k : keys) {
            builder.add(k, ("v" + new String(k, 0, k.length - 8)).getBytes());
        }
        return new Block(builder.finish());
    }

    @Test
    void iteratesForwardAndBackwardAndSeeksEveryKey() {
        Random random = new Random(7);
        for (int restart : new int[] {1, 4, 16}) {
            List<byte[]> keys = sortedKeys(200, random);
            Block block = build(keys, restart);
            Block.BlockIterator it = block.iterator();
            int i = 0;
            for (it.seekToFirst(); it.valid(); it.next()) {
                assertArrayEquals(keys.get(i++), it.key());
            }
            i = keys.size() - 1;
            for (it.seekToLast(); it.valid(); it.prev()) {
                assertArrayEquals(keys.get(i--), it.key());
            }
            for (int k = 0; k < keys.size(); k++) {
                it.seek(keys.get(k));
                assertArrayEquals(keys.get(k), it.key());
                it.seekForPrev(keys.get(k));
                assertArrayEquals(keys.get(k), it.key());
            }
        }
    }

    @Test
    void seekBetweenKeysLandsOnTheNeighbours() {
        List<byte[]> keys = sortedKeys(50, new Random(1));
        Block.BlockIterator it = build(keys, 16).iterator();
        byte[] between = InternalKey.encode("user00004".getBytes(), 5, InternalKey.TYPE_PUT); // after user00003*, before user00006*
        it.seek(between);
        assertArrayEquals(keys.get(2), it.key());
        it.seekForPrev(between);
        assertArrayEquals(keys.get(1), it.key());
        it.seek(InternalKey.encode("zzz".getBytes(), 1, InternalKey.TYPE_PUT));
        assertFalse(it.valid());
        it.seekForPrev(InternalKey.encode("a".getBytes(), 1, InternalKey.TYPE_PUT));
        assertFalse(it.valid());
    }

    @Test
    void damagedRestartArrayIsReportedNotRead() {
        byte[] raw = new BlockBuilder(16).finish();
        raw[raw.length - 1] = 100; // restart count far larger than the block
        assertThrows(CorruptionException.class, () -> new Block(raw));
    }
}
