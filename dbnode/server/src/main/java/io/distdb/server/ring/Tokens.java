package io.distdb.server.ring;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;

/** Ring positions: the first 64 bits of Murmur3 x64/128, as Cassandra's Murmur3Partitioner. */
public final class Tokens {

    private Tokens() {
    }

    /** The token of a partition key. */
    public static long of(byte[] partitionKey) {
        return MurmurHash3.hash128x64(partitionKey, 0, partitionKey.length, 0)[0];
    }

    /** The token of a member's {@code index}-th virtual node: a pure function of its id, so every node computes the same ring. */
    public static long ofVirtualNode(String memberId, int index) {
        return of((memberId + "#" + index).getBytes(StandardCharsets.UTF_8));
    }
}
