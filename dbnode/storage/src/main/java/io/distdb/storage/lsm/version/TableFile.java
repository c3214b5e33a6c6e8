package io.distdb.storage.lsm.version;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import io.distdb.storage.lsm.memtable.Memtable.Lookup;
import io.distdb.storage.lsm.table.FilterCounters;
import io.distdb.storage.lsm.table.TableCache;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live table file: its metadata, the {@link TableCache} that opens it on demand, and a reference count.
 * Versions being read and compactions in progress hold references; a file that a newer version dropped is
 * closed and deleted when the last reference goes, so no reader ever loses a file under its feet.
 */
public final class TableFile {

    private static final System.Logger LOG = System.getLogger(TableFile.class.getName());

    private final long number;
    private final long sizeBytes;
    private final long entries;
    private final byte[] smallest;
    private final byte[] largest;
    private final TableCache tables;
    private final ChannelFactory channels;
    private final Path path;
    private final AtomicInteger refs = new AtomicInteger();
    private volatile boolean obsolete;

    public TableFile(long number, long sizeBytes, long entries, byte[] smallest, byte[] largest, TableCache tables,
            ChannelFactory channels, Path path) {
        this.number = number;
        this.sizeBytes = sizeBytes;
        this.entries = entries;
        this.smallest = smallest;
        this.largest = largest;
        this.tables = tables;
        this.channels = channels;
        this.path = path;
    }

    public long number() {
        return number;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long entries() {
        return entries;
    }

    /** Smallest internal key. */
    public byte[] smallest() {
        return smallest;
    }

    /** Largest internal key. */
    public byte[] largest() {
        return largest;
    }

    /** Looks {@code userKey} up in this table (see {@link io.distdb.storage.lsm.table.Table#get}). */
    public Lookup get(byte[] userKey, long keyHash, byte[] lookupKey, byte[][] valueOut) {
        TableCache.Entry e = tables.acquire(number, path);
        try {
            return e.table().get(userKey, keyHash, lookupKey, valueOut);
        } finally {
            e.release();
        }
    }

    /** As {@link #get}, from memory only: {@link Lookup#NOT_IN_MEMORY} if the table is closed or the block not cached. */
    public Lookup getIfInMemory(byte[] userKey, long keyHash, byte[] lookupKey, byte[][] valueOut, FilterCounters.Tally tally) {
        TableCache.Entry e = tables.acquireIfOpen(number);
        if (e == null) {
            return Lookup.NOT_IN_MEMORY;
        }
        try {
            return e.table().getIfCached(userKey, keyHash, lookupKey, valueOut, tally);
        } finally {
            e.release();
        }
    }

    /** An iterator over the table; it opens the file through the table cache as it needs to. */
    public InternalIterator iterator() {
        return tables.iterator(number, path);
    }

    /** Opens the table (checking its footer, index and filter) and puts it in the table cache. */
    public void verify() {
        tables.acquire(number, path).release();
    }

    /** Closes the table if it is open; the file stays. */
    public void close() {
        tables.evict(number);
    }

    /** Whether the file's user-key range intersects {@code [fromUser, toUser]} (inclusive, null = open). */
    public boolean overlapsUserRange(byte[] fromUser, byte[] toUser) {
        return (fromUser == null || InternalKey.compareUserKey(largest, fromUser) >= 0)
                && (toUser == null || InternalKey.compareUserKey(smallest, toUser) <= 0);
    }

    public void ref() {
        refs.incrementAndGet();
    }

    public void unref() {
        if (refs.decrementAndGet() == 0 && obsolete) {
            delete();
        }
    }

    /** Marks the file as dropped from the current version; deleted once unreferenced. */
    public void markObsolete() {
        obsolete = true;
    }

    /** Deletes a file that never made it into a version (its compaction failed). */
    public void discard() {
        obsolete = true;
        if (refs.get() == 0) {
            delete();
        }
    }

    /** A table left behind is unlisted by every manifest from now on, so the next open deletes it. */
    private void delete() {
        tables.evict(number);
        try {
            channels.delete(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete obsolete table " + path + " (the next open retries): " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return String.format("%06d.sst(%d bytes)", number, sizeBytes);
    }
}
