package io.distdb.server.replication;

import org.apache.commons.codec.digest.MurmurHash3;

/**
 * What two replicas compare to learn that they hold the same versions of a ring range: the sum of a hash of
 * every (key, timestamp, tombstone) they hold there. A sum, so the order entries are seen in does not matter.
 */
final class RangeDigest {

    private RangeDigest() {
    }

    static long of(byte[] key, Versioned version) {
        long h = MurmurHash3.hash128x64(key)[0];
        return mix(h ^ mix(version.timestamp() * 2 + (version.tombstone() ? 1 : 0)));
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
