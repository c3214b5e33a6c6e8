package io.distdb.server.cluster;

import io.distdb.server.errors.ConflictException;

/** A topology that is older than, or conflicts with, the one this node already has. */
public class StaleTopologyException extends ConflictException {

    public StaleTopologyException(String message) {
        super("stale_epoch", message);
    }
}
