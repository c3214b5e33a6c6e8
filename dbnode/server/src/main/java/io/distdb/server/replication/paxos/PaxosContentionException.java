package io.distdb.server.replication.paxos;

import io.distdb.server.errors.ConflictException;

/**
 * Other proposers of the same key kept winning until the attempts or the time ran out. When
 * {@link #maybeApplied()} one of this call's proposals was accepted by some replicas and may still be
 * completed (by the next proposer of the key), so the caller cannot tell whether its write happened.
 */
public final class PaxosContentionException extends ConflictException {

    private final boolean maybeApplied;

    public PaxosContentionException(String message, boolean maybeApplied) {
        super("contention", message);
        this.maybeApplied = maybeApplied;
    }

    public boolean maybeApplied() {
        return maybeApplied;
    }
}
