package io.distdb.storage.lsm.compaction;

import io.distdb.storage.lsm.InternalKey;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.version.TableFile;
import io.distdb.storage.lsm.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses what to compact, leveled as in LevelDB: level 0 when it holds too many tables, otherwise the
 * level most over its size budget (level 1 gets {@code levelOneBytes}, each deeper level ten times more).
 * Within a level tables are taken in turn, round-robin by key, so every key range is rewritten over time.
 *
 * <p>Leveled rather than size-tiered: a data node serves many point reads and short range scans, and
 * leveled compaction keeps at most one table per level (plus level 0) in a read's path and bounds space
 * overhead to about 10%, at the price of more rewriting, which the second core absorbs.
 */
public final class CompactionPicker {

    private final LsmOptions options;
    private final byte[][] compactPointer = new byte[LsmOptions.MAX_LEVELS][];

    public CompactionPicker(LsmOptions options) {
        this.options = options;
    }

    public long maxBytesForLevel(int level) {
        long bytes = options.levelOneBytes();
        for (int i = 1; i < level; i++) {
            bytes *= options.levelSizeMultiplier();
        }
        return bytes;
    }

    /** How far over budget a level is; 1.0 or more means it needs compaction. */
    public double score(Version version, int level) {
        if (level == 0) {
            return version.level(0).size() / (double) options.levelZeroCompactionTrigger();
        }
        return version.levelBytes(level) / (double) maxBytesForLevel(level);
    }

    public boolean needsCompaction(Version version) {
        for (int level = 0; level < LsmOptions.MAX_LEVELS - 1; level++) {
            if (score(version, level) >= 1.0) {
                return true;
            }
        }
        return false;
    }

    /** The most urgent compaction, or {@code null} if every level is within budget. */
    public synchronized Compaction pick(Version version) {
        int best = -1;
        double bestScore = 1.0;
        for (int level = 0; level < LsmOptions.MAX_LEVELS - 1; level++) {
            double s = score(version, level);
            if (s >= bestScore) {
                best = level;
                bestScore = s;
            }
        }
        if (best < 0) {
            return null;
        }
        List<TableFile> inputs;
        if (best == 0) {
            inputs = new ArrayList<>(version.level(0));
        } else {
            inputs = List.of(nextInTurn(version.level(best), best));
        }
        Compaction c = build(version, best, inputs);
        if (best > 0) {
            compactPointer[best] = inputs.get(0).largest();
        }
        return c;
    }

    /** Every table of {@code level} into the next level (used by a full, manual compaction). */
    public Compaction whole(Version version, int level) {
        List<TableFile> inputs = new ArrayList<>(version.level(level));
        if (inputs.isEmpty()) {
            return null;
        }
        Compaction c = build(version, level, inputs);
        return new Compaction(c.level(), c.inputs(), c.nextLevelInputs(), c.grandparents(), false);
    }

    /** Every table of {@code level}, which must be the deepest non-empty one, rewritten into that level. */
    public Compaction wholeInPlace(Version version, int level) {
        List<TableFile> inputs = new ArrayList<>(version.level(level));
        if (inputs.isEmpty()) {
            return null;
        }
        return new Compaction(level, inputs, List.of(), List.of(), false, true);
    }

    private TableFile nextInTurn(List<TableFile> files, int level) {
        byte[] pointer = compactPointer[level];
        if (pointer != null) {
            for (TableFile f : files) {
                if (InternalKey.compare(f.largest(), pointer) > 0) {
                    return f;
                }
            }
        }
        return files.get(0);
    }

    private Compaction build(Version version, int level, List<TableFile> inputs) {
        byte[] from = null;
        byte[] to = null;
        for (TableFile f : inputs) {
            if (from == null || InternalKey.compareUserKeys(f.smallest(), from) < 0) {
                from = f.smallest();
            }
            if (to == null || InternalKey.compareUserKeys(f.largest(), to) > 0) {
                to = f.largest();
            }
        }
        byte[] fromUser = InternalKey.userKey(from);
        byte[] toUser = InternalKey.userKey(to);
        List<TableFile> next = version.overlapping(level + 1, fromUser, toUser);
        List<TableFile> grandparents = level + 2 < LsmOptions.MAX_LEVELS
                ? version.overlapping(level + 2, fromUser, toUser) : List.of();
        long grandparentBytes = grandparents.stream().mapToLong(TableFile::sizeBytes).sum();
        boolean move = level > 0 && inputs.size() == 1 && next.isEmpty()
                && grandparentBytes <= maxGrandparentOverlapBytes();
        return new Compaction(level, inputs, next, grandparents, move);
    }

    /** An output table stops growing once it overlaps this much of the level two below. */
    public long maxGrandparentOverlapBytes() {
        return 10 * options.tableTargetBytes();
    }
}
