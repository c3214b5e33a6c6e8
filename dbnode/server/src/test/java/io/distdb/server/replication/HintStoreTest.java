package io.distdb.server.replication;

import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hints are durable before they are counted, and a hint the disk refuses is never lost without a trace: it is
 * counted as dropped (and logged), and the store goes on keeping the hints it can.
 */
class HintStoreTest {

    @TempDir
    Path dir;

    private static List<Mutation> writes(int n) {
        Mutation[] out = new Mutation[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Mutation(("key-" + i).getBytes(StandardCharsets.UTF_8), Versioned.value(100 + i, new byte[] {(byte) i}));
        }
        return List.of(out);
    }

    /** The store, with writes that fail while {@code full} is set, as on a full disk. */
    private static KvStore refusingWritesWhile(KvStore store, AtomicBoolean full) {
        return (KvStore) Proxy.newProxyInstance(KvStore.class.getClassLoader(), new Class<?>[] {KvStore.class}, (proxy, method, args) -> {
            boolean writes = method.getName().equals("write") || method.getName().equals("put") || method.getName().equals("delete");
            if (writes && full.get()) {
                throw new UncheckedIOException(new java.io.IOException("No space left on device"));
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void aHintTheDiskRefusesIsCountedAsDroppedAndNothingElseChanges() {
        AtomicBoolean full = new AtomicBoolean();
        ReplicationStats stats = new ReplicationStats();
        try (LsmStore lsm = LsmStore.open(dir, LsmOptions.builder().durability(Durability.SYNC).build())) {
            HintStore hints = new HintStore(refusingWritesWhile(lsm, full), null, null, stats);

            assertTrue(hints.offer("node-b", writes(3)));
            assertEquals(3, hints.pending());
            assertEquals(3, stats.hintsQueued());

            full.set(true);
            assertFalse(hints.offer("node-b", writes(2)), "the disk refused the hint");
            assertEquals(2, stats.hintsDropped(), "counted, so that it shows in the node's metrics");
            assertEquals(3, hints.pending(), "only hints that are stored are pending");
            assertEquals(3, stats.hintsQueued());

            full.set(false);
            assertTrue(hints.offer("node-c", writes(1)), "hints are kept again once the disk takes writes");
            assertEquals(4, hints.pending());
        }
        // What was counted as pending is what is on disk: a restarted node finds the same hints.
        try (LsmStore lsm = LsmStore.open(dir, LsmOptions.builder().durability(Durability.SYNC).build())) {
            assertEquals(4, new HintStore(lsm, null, null, new ReplicationStats()).pending());
        }
    }

    @Test
    void aBatchTheDiskRefusesKeepsNoneOfItsHints() {
        AtomicBoolean full = new AtomicBoolean(true);
        try (LsmStore lsm = LsmStore.open(dir, LsmOptions.builder().durability(Durability.SYNC).build())) {
            assertFalse(new HintStore(refusingWritesWhile(lsm, full), null, null, new ReplicationStats()).offer("node-b", writes(5)));
            lsm.write(new WriteBatch()); // the store itself still works
        }
        try (LsmStore lsm = LsmStore.open(dir, LsmOptions.builder().durability(Durability.SYNC).build())) {
            assertEquals(0, new HintStore(lsm, null, null, new ReplicationStats()).pending());
        }
    }
}
