package io.distdb.server.replication;

import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the scans of several replicas in key order: for a key several replicas hold, the newest version
 * wins, and a key whose newest version is a tombstone is skipped. The result is what one node holding all
 * the data would return.
 */
public final class MergedScan implements KvIterator {

    private final PriorityQueue<ScanSource> heads;
    private final int limit;
    private int returned;
    private KeyValue next;

    private MergedScan(List<ScanSource> sources, boolean descending, int limit) {
        this.limit = limit;
        Comparator<ScanSource> byKey = (a, b) -> Bytes.compare(a.peek().key(), b.peek().key());
        this.heads = new PriorityQueue<>(Math.max(1, sources.size()), descending ? byKey.reversed() : byKey);
        for (ScanSource source : sources) {
            if (source.peek() != null) {
                heads.add(source);
            }
        }
    }

    static MergedScan of(List<ScanSource> sources, boolean descending, int limit) {
        return new MergedScan(sources, descending, limit);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !heads.isEmpty() && returned < limit) {
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
            if (!newest.version().tombstone()) {
                next = new KeyValue(newest.key(), newest.version().payload());
            }
        }
        return next != null;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue result = next;
        next = null;
        returned++;
        return result;
    }

    @Override
    public void close() {
        heads.clear();
    }
}
