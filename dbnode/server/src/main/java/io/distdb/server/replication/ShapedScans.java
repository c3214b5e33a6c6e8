package io.distdb.server.replication;

import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;

/** A view of the replicated keyspace that can have replicas shape the entries of a scan. */
public interface ShapedScans {

    /** The live entries of {@code range}, each as {@code shaper} makes it; entries it turns into tombstones are left out. */
    KvIterator scan(ScanRange range, EntryShaper shaper);
}
