package io.distdb.server.replication;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Versioned entries as clients see them: payloads only, tombstones skipped, at most {@code limit}. The
 * versions come from this node's engine or from a {@link MergedScan} of several replicas.
 */
final class LiveEntries implements KvIterator {

    private final Iterator<Mutation> versions;
    private final AutoCloseable resource;
    private final int limit;
    private KeyValue next;
    private int returned;

    private LiveEntries(Iterator<Mutation> versions, AutoCloseable resource, int limit) {
        this.versions = versions;
        this.resource = resource;
        this.limit = limit;
    }

    /** The live entries of a scan of this node's engine, whose values are stored versions. */
    static LiveEntries ofStored(KvIterator stored, int limit) {
        Iterator<Mutation> decoded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return stored.hasNext();
            }

            @Override
            public Mutation next() {
                KeyValue entry = stored.next();
                return new Mutation(entry.key(), Versioned.decode(entry.value()));
            }
        };
        return new LiveEntries(decoded, stored, limit);
    }

    /** The live entries of merged replica scans. */
    static LiveEntries ofMerged(MergedScan merged, int limit) {
        return new LiveEntries(merged, () -> { }, limit);
    }

    @Override
    public boolean hasNext() {
        while (next == null && returned < limit && versions.hasNext()) {
            Mutation entry = versions.next();
            if (!entry.version().tombstone()) {
                next = new KeyValue(entry.key(), entry.version().payload());
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
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a scan failed", e);
        }
    }
}
