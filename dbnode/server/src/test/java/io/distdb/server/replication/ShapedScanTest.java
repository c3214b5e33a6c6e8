package io.distdb.server.replication;

import io.distdb.storage.Durability;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replicas that filter their scans must still let a newer version hide an older one: a replica that
 * missed an update holds the old value, which matches the filter; the replicas with the update do not
 * send it, and the merged scan must not return the old value.
 */
class ShapedScanTest {

    @TempDir
    Path dir;

    /** Keeps values that start with "keep", reduces them to their first 6 bytes, and drops the rest. */
    private static final EntryShaper KEEP_PREFIX = new EntryShaper() {
        @Override
        public byte[] spec() {
            return new byte[0];
        }

        @Override
        public Versioned shape(byte[] key, Versioned live) {
            String value = new String(live.payload(), StandardCharsets.UTF_8);
            return value.startsWith("keep")
                    ? Versioned.value(live.timestamp(), value.substring(0, Math.min(6, value.length())).getBytes(StandardCharsets.UTF_8))
                    : Versioned.tombstone(live.timestamp());
        }
    };

    @Test
    void aFilteredOutNewerVersionStillHidesAnOlderMatchingOne() throws Exception {
        try (KvStore up = open("up-to-date"); KvStore behind = open("behind"); KvStore other = open("other")) {
            LocalReplica current = new LocalReplica(up, new HybridClock());
            LocalReplica stale = new LocalReplica(behind, new HybridClock());
            LocalReplica third = new LocalReplica(other, new HybridClock());
            for (LocalReplica r : List.of(current, stale, third)) {
                r.apply(bytes("a"), Versioned.value(10, bytes("keep-a-v1")));
                r.apply(bytes("b"), Versioned.value(10, bytes("keep-b-v1")));
                r.apply(bytes("c"), Versioned.value(10, bytes("drop-c-v1")));
                r.apply(bytes("d"), Versioned.value(10, bytes("keep-d-v1")));
            }
            // Updates the stale replica missed: "a" no longer matches, "c" now does, "d" is deleted.
            for (LocalReplica r : List.of(current, third)) {
                r.apply(bytes("a"), Versioned.value(20, bytes("drop-a-v2")));
                r.apply(bytes("c"), Versioned.value(20, bytes("keep-c-v2")));
                r.apply(bytes("d"), Versioned.tombstone(20));
            }

            // What a quorum of {current, stale} returns, shaped on each replica and merged.
            assertEquals(List.of("b=keep-b", "c=keep-c"), merged(List.of(current, stale), KEEP_PREFIX));
            assertEquals(List.of("b=keep-b", "c=keep-c"), merged(List.of(stale, third), KEEP_PREFIX));
            // The same merge without shaping, filtered afterwards, agrees.
            List<String> unshaped = new ArrayList<>();
            for (String entry : merged(List.of(current, stale), null)) {
                if (entry.contains("=keep")) {
                    unshaped.add(entry.substring(0, entry.indexOf('=') + 7));
                }
            }
            assertEquals(List.of("b=keep-b", "c=keep-c"), unshaped);
        }
    }

    private static List<String> merged(List<LocalReplica> replicas, EntryShaper shaper) {
        List<ScanSource> sources = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            sources.add(new ScanSource.Local(replicas.get(i), "r" + i, ScanRange.all(), 2, shaper));
        }
        List<String> out = new ArrayList<>();
        try (KvIterator it = LiveEntries.ofMerged(new MergedScan(sources, false), ScanRange.NO_LIMIT)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                out.add(new String(kv.key(), StandardCharsets.UTF_8) + "=" + new String(kv.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private KvStore open(String name) {
        return LsmStore.open(dir.resolve(name), LsmOptions.builder().durability(Durability.NONE).build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
