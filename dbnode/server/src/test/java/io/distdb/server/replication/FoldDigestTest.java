package io.distdb.server.replication;

import io.distdb.server.ring.Ring;
import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A fold's digests tell the coordinator whether replicas hold the same versions of each ring range, and the
 * ranges a replica is assigned are folded exactly once.
 */
class FoldDigestTest {

    private static final long[] RING_ENDS = {Long.MIN_VALUE / 2, 0, Long.MAX_VALUE / 2};
    private static final Partitioner PARTITIONER = new Partitioner(2);

    @TempDir
    Path dir;

    /** Counts the live entries it is given. */
    private static final EntryFold COUNT = new EntryFold() {
        @Override
        public byte[] spec() {
            return new byte[0];
        }

        @Override
        public Accumulation start() {
            long[] count = {0};
            return new Accumulation() {
                @Override
                public void add(byte[] key, byte[] payload) {
                    count[0]++;
                }

                @Override
                public byte[] finish() {
                    return ByteBuffer.allocate(8).putLong(count[0]).array();
                }
            };
        }
    };

    @Test
    void replicasWithTheSameVersionsAgreeAndOneThatMissedADeleteDisagreesOnlyWhereTheKeyLies() throws Exception {
        try (KvStore a = open("a"); KvStore b = open("b")) {
            LocalReplica first = new LocalReplica(a, new HybridClock());
            LocalReplica second = new LocalReplica(b, new HybridClock());
            for (int i = 0; i < 300; i++) {
                Versioned v = Versioned.value(100 + i, bytes("value-" + i));
                first.apply(key(i), v);
                second.apply(key(i), v);
            }
            boolean[] all = {true, true, true};
            LocalReplica.FoldAnswer x = first.fold(ScanRange.all(), RING_ENDS, all, PARTITIONER, COUNT);
            LocalReplica.FoldAnswer y = second.fold(ScanRange.all(), RING_ENDS, all, PARTITIONER, COUNT);
            assertArrayEquals(x.digests(), y.digests());
            assertEquals(300, count(x));

            // Split the ranges between the two: together they count every key once.
            LocalReplica.FoldAnswer firstPart = first.fold(ScanRange.all(), RING_ENDS, new boolean[] {true, false, true}, PARTITIONER, COUNT);
            LocalReplica.FoldAnswer secondPart = second.fold(ScanRange.all(), RING_ENDS, new boolean[] {false, true, false}, PARTITIONER, COUNT);
            assertEquals(300, count(firstPart) + count(secondPart));

            first.apply(key(7), Versioned.tombstone(1_000));
            LocalReplica.FoldAnswer afterDelete = first.fold(ScanRange.all(), RING_ENDS, all, PARTITIONER, COUNT);
            int range = Ring.firstAtOrAfter(RING_ENDS, PARTITIONER.token(key(7)));
            for (int r = 0; r < RING_ENDS.length; r++) {
                if (r == range) {
                    assertNotEquals(y.digests()[r], afterDelete.digests()[r], "the range holding the deleted key");
                } else {
                    assertEquals(y.digests()[r], afterDelete.digests()[r], "range " + r);
                }
            }
            assertEquals(299, count(afterDelete), "a tombstone is not folded");
        }
    }

    private static long count(LocalReplica.FoldAnswer answer) {
        return ByteBuffer.wrap(answer.partial()).getLong();
    }

    private static byte[] key(int i) {
        return bytes(String.format("\u0005row-%04d", i));
    }

    private KvStore open(String name) {
        return LsmStore.open(dir.resolve(name), LsmOptions.builder().durability(Durability.NONE).build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
