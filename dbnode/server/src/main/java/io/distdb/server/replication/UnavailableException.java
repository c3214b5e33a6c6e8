package io.distdb.server.replication;

import io.distdb.server.api.ApiException;

/** Too few replicas answered in time for the request's consistency level: HTTP 503, nothing is promised. */
public final class UnavailableException extends ApiException {

    public UnavailableException(String message) {
        super(503, "unavailable", message);
    }
}
