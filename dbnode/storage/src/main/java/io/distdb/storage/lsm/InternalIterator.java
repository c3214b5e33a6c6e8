package io.distdb.storage.lsm;

/**
 * A cursor over internal keys (memtable, table, or a merge of them). Positioned by one of the seek
 * methods; then moved in one direction. {@link #key()} and {@link #value()} return arrays the caller may
 * keep.
 */
public interface InternalIterator extends AutoCloseable {

    boolean valid();

    void seekToFirst();

    void seekToLast();

    /** Positions at the first entry {@code >= target}. */
    void seek(byte[] target);

    /** Positions at the last entry {@code <= target}. */
    void seekForPrev(byte[] target);

    void next();

    void prev();

    byte[] key();

    byte[] value();

    @Override
    default void close() {
    }
}
