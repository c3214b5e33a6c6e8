package io.distdb.server.api;

import io.distdb.server.replication.Consistency;
import io.distdb.server.replication.RequestConsistency;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Reads the consistency level a client asks for, before any resource runs. */
public class ConsistencyFilter {

    private final RequestConsistency consistency;

    public ConsistencyFilter(RequestConsistency consistency) {
        this.consistency = consistency;
    }

    @ServerRequestFilter
    public void read(HttpServerRequest request) {
        String value = request.getHeader(RequestConsistency.HEADER);
        // Most requests have no query string: look for the parameter only when there is one to parse.
        if (value == null && request.query() != null) {
            value = request.getParam(RequestConsistency.QUERY_PARAMETER);
        }
        if (value != null) {
            consistency.set(Consistency.parse(value));
        }
    }
}
