package io.distdb.server.replication;

import io.distdb.server.store.Namespace;
import io.distdb.storage.ScanRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionerTest {

    private final Partitioner partitioner = new Partitioner(2);

    private static byte[] item(String pk, String sk) {
        return Namespace.ITEMS.key().component(pk).raw(sk).build();
    }

    private static byte[] word(String w) {
        return Namespace.WORDS.key().raw(w.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void allSortKeysOfAPartitionLiveTogether() {
        assertEquals(partitioner.token(item("user\u0000x", "a")), partitioner.token(item("user\u0000x", "zzz")));
        assertTrue(List.of("b", "c", "d").stream().anyMatch(pk -> partitioner.token(item(pk, "a")) != partitioner.token(item("a", "a"))));
    }

    @Test
    void aQueryInsideOnePartitionGoesToOneReplicaSetAndOthersFanOut() {
        ScanRange inOne = ScanRange.prefix(Namespace.ITEMS.key().component("p1").raw("2024-").build());
        assertEquals(partitioner.token(item("p1", "x")), partitioner.singlePartition(inOne).getAsLong());
        ScanRange pkPrefix = ScanRange.prefix(Namespace.ITEMS.key().raw("p".getBytes(StandardCharsets.UTF_8)).build());
        assertFalse(partitioner.singlePartition(pkPrefix).isPresent());
    }

    @Test
    void wordsShardByTheirFirstCharacters() {
        assertEquals(partitioner.token(word("apple")), partitioner.token(word("apricot")));
        assertTrue(partitioner.singlePartition(ScanRange.prefix(word("ap"))).isPresent());
        assertTrue(partitioner.singlePartition(ScanRange.prefix(word("\u00e9t\u00e9"))).isPresent(), "characters, not bytes");
        assertFalse(partitioner.singlePartition(ScanRange.prefix(word("a"))).isPresent(), "a shorter prefix fans out");
        assertArrayEquals(word("a"), partitioner.partition(word("a")));
    }

    @Test
    void aDamagedBatchIsRefusedWhole() {
        byte[] body = Wire.encodeMutations(List.of(new Mutation(item("p", "s"), Versioned.value(7, new byte[] {1, 2}))));
        assertEquals(1, Wire.decodeMutations(body).size());
        body[6] ^= 1;
        assertThrows(Wire.CorruptBatchException.class, () -> Wire.decodeMutations(body));
        byte[] cut = java.util.Arrays.copyOf(Wire.encodeMutations(List.of(new Mutation(item("p", "s"), Versioned.tombstone(3)))), 9);
        assertThrows(Wire.CorruptBatchException.class, () -> Wire.decodeMutations(cut));
    }
}
