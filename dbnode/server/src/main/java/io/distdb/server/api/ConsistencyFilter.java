package io.distdb.server.api;

import io.distdb.server.replication.Consistency;
import io.distdb.server.replication.RequestConsistency;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Reads the consistency level a client asks for, before any resource runs. */
public class ConsistencyFilter {

    private final RequestConsistency consistency;

    public ConsistencyFilter(RequestConsistency consistency) {
        this.consistency = consistency;
    }

    @ServerRequestFilter
    public void read(ContainerRequestContext request) {
        String value = request.getHeaderString(RequestConsistency.HEADER);
        if (value == null) {
            value = request.getUriInfo().getQueryParameters().getFirst(RequestConsistency.QUERY_PARAMETER);
        }
        if (value != null) {
            consistency.set(Consistency.parse(value));
        }
    }
}
