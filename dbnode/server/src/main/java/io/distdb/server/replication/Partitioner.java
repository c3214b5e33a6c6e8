package io.distdb.server.replication;

import io.distdb.server.ring.Tokens;
import io.distdb.server.store.Namespace;
import io.distdb.storage.Bytes;
import io.distdb.storage.ScanRange;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Which part of a stored key decides where it lives. Items partition by partition key, so all sort keys of
 * one partition sit together and a partition query is one ordered scan on one replica set; words by their
 * first {@code wordPrefix} characters (seed 004's k-prefix shards); everything else (key-value entries,
 * documents, SQL rows and index entries) by the whole key.
 */
public final class Partitioner {

    private static final byte ESCAPE = 0x00;
    private static final byte TERMINATOR = 0x01;

    private final int wordPrefix;

    public Partitioner(int wordPrefix) {
        if (wordPrefix < 1) {
            throw new IllegalArgumentException("the word shard prefix must be at least 1 character");
        }
        this.wordPrefix = wordPrefix;
    }

    public long token(byte[] key) {
        return Tokens.of(partition(key));
    }

    /** The bytes of {@code key} that name its partition. */
    public byte[] partition(byte[] key) {
        if (key.length == 0) {
            return key;
        }
        if (key[0] == Namespace.ITEMS.tag()) {
            int end = firstComponentEnd(key);
            return end < 0 ? key : Arrays.copyOf(key, end);
        }
        if (key[0] == Namespace.WORDS.tag()) {
            int end = wordPrefixEnd(key);
            return end < 0 ? key : Arrays.copyOf(key, end);
        }
        return key;
    }

    /** The token of the one partition every key of {@code range} belongs to, if there is one. */
    public OptionalLong singlePartition(ScanRange range) {
        byte[] from = range.from();
        byte[] to = range.to();
        if (from == null || to == null || from.length == 0) {
            return OptionalLong.empty();
        }
        int end;
        if (from[0] == Namespace.ITEMS.tag()) {
            end = firstComponentEnd(from);
        } else if (from[0] == Namespace.WORDS.tag()) {
            end = wordPrefixEnd(from);
        } else {
            return OptionalLong.empty();
        }
        if (end < 0) {
            return OptionalLong.empty();
        }
        byte[] partition = Arrays.copyOf(from, end);
        byte[] partitionEnd = Bytes.prefixEnd(partition);
        if (partitionEnd == null || Bytes.compare(to, partitionEnd) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Tokens.of(partition));
    }

    /** The end of the first escaped component (after its 00 01 terminator), or -1 if it is incomplete. */
    private static int firstComponentEnd(byte[] key) {
        for (int i = 1; i < key.length - 1; i++) {
            if (key[i] == ESCAPE) {
                if (key[i + 1] == TERMINATOR) {
                    return i + 2;
                }
                i++;
            }
        }
        return -1;
    }

    /** The end of the first {@code wordPrefix} UTF-8 characters of a word key, or -1 if the word is shorter. */
    private int wordPrefixEnd(byte[] key) {
        int i = 1;
        for (int chars = 0; chars < wordPrefix; chars++) {
            if (i >= key.length) {
                return -1;
            }
            int lead = key[i] & 0xFF;
            i += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        }
        return Math.min(i, key.length);
    }
}
