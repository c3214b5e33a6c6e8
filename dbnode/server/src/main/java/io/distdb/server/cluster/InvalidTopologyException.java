package io.distdb.server.cluster;

/** A published topology this node cannot use; nothing of it is applied. */
public final class InvalidTopologyException extends RuntimeException {

    public InvalidTopologyException(String message) {
        super(message);
    }
}
