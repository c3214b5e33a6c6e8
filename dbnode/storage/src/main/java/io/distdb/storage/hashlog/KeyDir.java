package io.distdb.storage.hashlog;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** The in-memory index: every live key and where its latest record lies. Tombstoned keys are absent. */
final class KeyDir {

    /** Location of a key's latest record; {@code offset} is the start of the record, not of the value. */
    record Entry(long segmentId, long offset, int keyLength, int valueLength, long seq) {

        int recordSize() {
            return RecordCodec.recordSize(keyLength, valueLength);
        }

        boolean sameLocation(long otherSegment, long otherOffset) {
            return segmentId == otherSegment && offset == otherOffset;
        }
    }

    /** A byte[] with value equality, as the hash key. */
    static final class Key {
        final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();

    Entry get(byte[] key) {
        return map.get(new Key(key));
    }

    /** Returns the entry replaced, whose record is now dead. */
    Entry put(byte[] key, Entry entry) {
        return map.put(new Key(key), entry);
    }

    Entry remove(byte[] key) {
        return map.remove(new Key(key));
    }

    /** Compare-and-set for merge: moves the key only if no write replaced {@code expected} meanwhile. */
    boolean replace(byte[] key, Entry expected, Entry moved) {
        return map.replace(new Key(key), expected, moved);
    }

    /** Removes the key only if it still points at {@code expected} (a merge dropping it). */
    boolean remove(byte[] key, Entry expected) {
        return map.remove(new Key(key), expected);
    }

    int size() {
        return map.size();
    }

    void forEach(BiConsumer<byte[], Entry> action) {
        map.forEach((k, e) -> action.accept(k.bytes, e));
    }
}
