package io.distdb.storage.lsm;

import java.util.TreeMap;

/** The sequence numbers of open snapshots; compaction keeps every version one of them can see. */
final class SnapshotList {

    private final TreeMap<Long, Integer> open = new TreeMap<>();

    synchronized void add(long sequence) {
        open.merge(sequence, 1, Integer::sum);
    }

    synchronized void remove(long sequence) {
        open.computeIfPresent(sequence, (k, n) -> n == 1 ? null : n - 1);
    }

    /** The oldest open snapshot, or {@code latest} if none is open. */
    synchronized long oldest(long latest) {
        return open.isEmpty() ? latest : Math.min(open.firstKey(), latest);
    }

    synchronized int size() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }
}
