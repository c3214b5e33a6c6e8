package io.distdb.server.replication.paxos;

import io.distdb.server.errors.UnavailableException;

/**
 * Too few of a key's replicas answered a Paxos phase in time. When {@link #maybeApplied()} the write was
 * chosen (or may have been) but is not yet on a quorum; the next compare-and-set of the key finishes it.
 */
public final class PaxosUnavailableException extends UnavailableException {

    private final boolean maybeApplied;

    public PaxosUnavailableException(String message, boolean maybeApplied) {
        super(message);
        this.maybeApplied = maybeApplied;
    }

    public boolean maybeApplied() {
        return maybeApplied;
    }
}
