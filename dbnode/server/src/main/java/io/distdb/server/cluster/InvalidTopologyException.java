package io.distdb.server.cluster;

import io.distdb.server.errors.InvalidRequestException;

/** A published topology this node cannot use; nothing of it is applied. */
public final class InvalidTopologyException extends InvalidRequestException {

    public InvalidTopologyException(String message) {
        super("invalid_topology", message);
    }
}
