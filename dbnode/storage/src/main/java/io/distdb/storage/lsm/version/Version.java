package io.distdb.storage.lsm.version;

import io.distdb.storage.lsm.InternalKey;
import io.distdb.storage.lsm.LsmOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The set of live tables, by level. Immutable: flushes and compactions build a new version. Level 0
 * holds flushed memtables, which may overlap, newest first; deeper levels hold tables with disjoint key
 * ranges, sorted by key.
 */
public final class Version {

    private final List<List<TableFile>> levels;

    private Version(List<List<TableFile>> levels) {
        this.levels = levels;
    }

    public static Version empty() {
        List<List<TableFile>> levels = new ArrayList<>();
        for (int i = 0; i < LsmOptions.MAX_LEVELS; i++) {
            levels.add(List.of());
        }
        return new Version(levels);
    }

    public List<TableFile> level(int level) {
        return levels.get(level);
    }

    public int levelCount() {
        return levels.size();
    }

    public long levelBytes(int level) {
        long total = 0;
        for (TableFile f : levels.get(level)) {
            total += f.sizeBytes();
        }
        return total;
    }

    public List<TableFile> allFiles() {
        List<TableFile> all = new ArrayList<>();
        levels.forEach(all::addAll);
        return all;
    }

    /** A new version without {@code removed} and with {@code added} placed on {@code level}. */
    public Version apply(Collection<TableFile> removed, int level, Collection<TableFile> added) {
        Set<Long> gone = new HashSet<>();
        removed.forEach(f -> gone.add(f.number()));
        List<List<TableFile>> next = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            List<TableFile> files = new ArrayList<>();
            for (TableFile f : levels.get(i)) {
                if (!gone.contains(f.number())) {
                    files.add(f);
                }
            }
            if (i == level) {
                files.addAll(added);
            }
            sortLevel(i, files);
            next.add(Collections.unmodifiableList(files));
        }
        return new Version(next);
    }

    /** Builds a version from a manifest's file list. */
    public static Version of(List<List<TableFile>> levels) {
        Version v = empty();
        for (int i = 0; i < levels.size(); i++) {
            v = v.apply(List.of(), i, levels.get(i));
        }
        return v;
    }

    private static void sortLevel(int level, List<TableFile> files) {
        if (level == 0) {
            files.sort(Comparator.comparingLong(TableFile::number).reversed());
        } else {
            files.sort((a, b) -> InternalKey.compare(a.smallest(), b.smallest()));
        }
    }

    /**
     * In a level of disjoint tables, the one that may hold {@code userKey}, or {@code null}.
     */
    public TableFile findFile(int level, byte[] userKey) {
        List<TableFile> files = levels.get(level);
        int lo = 0;
        int hi = files.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compareUserKey(files.get(mid).largest(), userKey) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == files.size() || InternalKey.compareUserKey(files.get(lo).smallest(), userKey) > 0) {
            return null;
        }
        return files.get(lo);
    }

    /** Tables of {@code level} whose user-key range intersects {@code [fromUser, toUser]}. */
    public List<TableFile> overlapping(int level, byte[] fromUser, byte[] toUser) {
        List<TableFile> out = new ArrayList<>();
        for (TableFile f : levels.get(level)) {
            if (f.overlapsUserRange(fromUser, toUser)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Whether no level below {@code level} can hold {@code userKey}, so a tombstone there may be dropped. */
    public boolean isBottomFor(int level, byte[] userKey) {
        for (int i = level + 1; i < levels.size(); i++) {
            if (findFile(i, userKey) != null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Version[");
        for (int i = 0; i < levels.size(); i++) {
            if (!levels.get(i).isEmpty()) {
                sb.append(" L").append(i).append('=').append(levels.get(i).size());
            }
        }
        return sb.append(" ]").toString();
    }
}
