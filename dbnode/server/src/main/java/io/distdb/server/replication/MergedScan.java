package io.distdb.server.replication;

import io.distdb.storage.Bytes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the scans of several replicas in key order into one version per key, the newest, tombstones
 * included ({@link LiveEntries} hides those): the result is what one node holding all the data holds.
 */
final class MergedScan implements Iterator<Mutation> {

    private final PriorityQueue<ScanSource> heads;

    MergedScan(List<ScanSource> sources, boolean descending) {
        Comparator<ScanSource> byKey = (a, b) -> Bytes.compare(a.peek().key(), b.peek().key());
        this.heads = new PriorityQueue<>(Math.max(1, sources.size()), descending ? byKey.reversed() : byKey);
        for (ScanSource source : sources) {
            if (source.peek() != null) {
                heads.add(source);
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public Mutation next() {
        if (heads.isEmpty()) {
            throw new NoSuchElementException();
        }
        ScanSource first = heads.poll();
        Mutation newest = first.poll();
        List<ScanSource> advanced = new ArrayList<>();
        advanced.add(first);
        while (!heads.isEmpty() && Bytes.compare(heads.peek().peek().key(), newest.key()) == 0) {
            ScanSource same = heads.poll();
            Mutation other = same.poll();
            if (other.version().supersedes(newest.version())) {
                newest = other;
            }
            advanced.add(same);
        }
        for (ScanSource source : advanced) {
            if (source.peek() != null) {
                heads.add(source);
            }
        }
        return newest;
    }
}
