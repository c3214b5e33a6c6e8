package io.distdb.storage.lsm.compaction;

import io.distdb.storage.CompactionFilter;
import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import io.distdb.storage.lsm.MergingIterator;
import io.distdb.storage.lsm.version.TableFile;
import io.distdb.storage.lsm.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link Compaction}: merges the input tables in key order and writes what must be kept into
 * new tables. A version is dropped when a newer version of the same key is visible to every open
 * snapshot; a tombstone is dropped when, in addition, no deeper level may still hold the key. With a
 * {@link CompactionFilter}, the newest version of a key that every open snapshot sees, in a compaction that
 * is the bottom for that key, is offered to the filter; if it says drop, that version goes and, as it is
 * visible to every snapshot, the older versions go by the first rule.
 * Output tables are cut at user-key boundaries only, so no key spans two tables of a level.
 */
public final class CompactionJob {

    /** Creates and finishes output tables; supplied by the store, which owns file numbers and options. */
    public interface OutputFactory {
        TableOutput newOutput();
    }

    /** One table being written. */
    public interface TableOutput {
        void add(byte[] internalKey, byte[] value);

        long estimatedSize();

        /** Finishes the file and opens it. */
        TableFile finish();

        /** Abandons the file. */
        void abandon();
    }

    /** The result: new tables and byte counts. */
    public record Result(List<TableFile> outputs, long bytesRead, long bytesWritten, long entriesDropped,
                         long filteredKeys) {
    }

    private final Compaction compaction;
    private final Version version;
    private final long smallestSnapshot;
    private final long targetFileBytes;
    private final long maxGrandparentOverlap;
    private final CompactionFilter filter;

    public CompactionJob(Compaction compaction, Version version, long smallestSnapshot, long targetFileBytes,
                         long maxGrandparentOverlap) {
        this(compaction, version, smallestSnapshot, targetFileBytes, maxGrandparentOverlap, null);
    }

    public CompactionJob(Compaction compaction, Version version, long smallestSnapshot, long targetFileBytes,
                         long maxGrandparentOverlap, CompactionFilter filter) {
        this.filter = filter;
        this.compaction = compaction;
        this.version = version;
        this.smallestSnapshot = smallestSnapshot;
        this.targetFileBytes = targetFileBytes;
        this.maxGrandparentOverlap = maxGrandparentOverlap;
    }

    public Result run(OutputFactory outputs) {
        List<InternalIterator> children = new ArrayList<>();
        for (TableFile f : compaction.allInputs()) {
            children.add(f.iterator());
        }
        List<TableFile> written = new ArrayList<>();
        TableOutput out = null;
        long dropped = 0;
        long filtered = 0;
        try (MergingIterator it = new MergingIterator(children, false)) {
            it.seekToFirst();
            byte[] currentUserKey = null;
            long lastSequenceForKey = Long.MAX_VALUE;
            GrandparentTracker grandparents = new GrandparentTracker(compaction.grandparents(), maxGrandparentOverlap);
            while (it.valid()) {
                byte[] key = it.key();
                boolean newUserKey = currentUserKey == null
                        || InternalKey.compareUserKey(key, currentUserKey) != 0;
                if (newUserKey) {
                    currentUserKey = InternalKey.userKey(key);
                    lastSequenceForKey = Long.MAX_VALUE;
                    // Only here may an output table end: every version of a key stays in one table.
                    if (out != null && (out.estimatedSize() >= targetFileBytes || grandparents.shouldStopBefore(key))) {
                        written.add(out.finish());
                        out = null;
                    }
                }
                long sequence = InternalKey.sequence(key);
                boolean drop;
                if (lastSequenceForKey <= smallestSnapshot) {
                    drop = true; // shadowed by a newer version every snapshot sees
                } else if (InternalKey.type(key) == InternalKey.TYPE_DELETE) {
                    drop = sequence <= smallestSnapshot && version.isBottomFor(compaction.outputLevel(), currentUserKey);
                } else {
                    // The newest version here, seen by every snapshot: the filter may drop it and so all older ones.
                    drop = filter != null
                            && lastSequenceForKey == Long.MAX_VALUE
                            && sequence <= smallestSnapshot
                            && version.isBottomFor(compaction.outputLevel(), currentUserKey)
                            && filter.dropAtBottom(currentUserKey, it.value());
                    if (drop) {
                        filtered++;
                    }
                }
                lastSequenceForKey = sequence;
                if (drop) {
                    dropped++;
                } else {
                    if (out == null) {
                        out = outputs.newOutput();
                    }
                    out.add(key, it.value());
                }
                it.next();
            }
            if (out != null) {
                written.add(out.finish());
                out = null;
            }
        } catch (RuntimeException e) {
            if (out != null) {
                out.abandon();
            }
            written.forEach(TableFile::discard);
            throw e;
        }
        long bytesWritten = written.stream().mapToLong(TableFile::sizeBytes).sum();
        return new Result(written, compaction.inputBytes(), bytesWritten, dropped, filtered);
    }

    /** Tracks how much of the grandparent level the current output table overlaps. */
    private static final class GrandparentTracker {
        private final List<TableFile> grandparents;
        private final long limit;
        private int index;
        private boolean seenKey;
        private long overlapBytes;

        GrandparentTracker(List<TableFile> grandparents, long limit) {
            this.grandparents = grandparents;
            this.limit = limit;
        }

        boolean shouldStopBefore(byte[] internalKey) {
            while (index < grandparents.size()
                    && InternalKey.compareUserKeys(internalKey, grandparents.get(index).largest()) > 0) {
                if (seenKey) {
                    overlapBytes += grandparents.get(index).sizeBytes();
                }
                index++;
            }
            seenKey = true;
            if (overlapBytes > limit) {
                overlapBytes = 0;
                return true;
            }
            return false;
        }
    }

}
