package io.distdb.server.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request to an endpoint that takes a JSON body must say that it sends JSON: without a {@code Content-Type} it is
 * a 415, as a wrong type is (the REST layer refuses those when it matches the request, but takes a request that
 * names no type as whatever the endpoint consumes). Endpoints marked {@link ContentTypeOptional} are exempt.
 */
public class JsonContentType {

    /** Whether each resource method insists on JSON, worked out once per method. */
    private final Map<Method, Boolean> insists = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void require(ContainerRequestContext request, ResourceInfo resource) {
        if (request.getHeaderString("Content-Type") != null) {
            return;
        }
        Method method = resource.getResourceMethod();
        if (method != null && insists.computeIfAbsent(method, JsonContentType::takesOnlyJson)) {
            throw new NotSupportedException();
        }
    }

    private static boolean takesOnlyJson(Method method) {
        if (method.isAnnotationPresent(ContentTypeOptional.class)) {
            return false;
        }
        Consumes consumes = method.getAnnotation(Consumes.class);
        if (consumes == null) {
            consumes = method.getDeclaringClass().getAnnotation(Consumes.class);
        }
        if (consumes == null || consumes.value().length == 0) {
            return false;
        }
        for (String type : consumes.value()) {
            MediaType media = MediaType.valueOf(type);
            if (!media.getSubtype().equals("json") && !media.getSubtype().endsWith("+json")) {
                return false;
            }
        }
        return true;
    }
}
