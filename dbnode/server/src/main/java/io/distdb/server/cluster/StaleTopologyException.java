package io.distdb.server.cluster;

/** A topology that is older than, or conflicts with, the one this node already has. */
public class StaleTopologyException extends RuntimeException {

    public StaleTopologyException(String message) {
        super(message);
    }
}
