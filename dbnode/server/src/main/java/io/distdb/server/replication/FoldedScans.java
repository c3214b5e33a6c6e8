package io.distdb.server.replication;

import io.distdb.storage.ScanRange;

import java.util.List;
import java.util.Optional;

/** A view of the replicated keyspace that can have replicas fold the live entries of a range. */
public interface FoldedScans {

    /**
     * The partial results of {@code fold} over {@code range}, together covering every live entry once; empty
     * when the replicas could not be shown to agree, and the caller has to read the entries instead.
     */
    Optional<List<byte[]>> fold(ScanRange range, EntryFold fold);
}
