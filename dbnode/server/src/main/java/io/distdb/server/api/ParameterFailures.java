package io.distdb.server.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Explains a typed parameter the REST layer could not convert ({@code ?limit=abc}, {@code ?limit=1000000000000} for an
 * {@code int}). JAX-RS reports such a failure as a 404 for path and query parameters and a 400 for headers, with the
 * conversion's exception as the cause; for a client it is a bad request, so this names the parameter and its value.
 * It runs only on that failure, never for a request whose parameters convert.
 */
final class ParameterFailures {

    private ParameterFailures() {
    }

    /** True if the REST layer threw {@code e} because a parameter did not convert to its declared type. */
    static boolean isConversionFailure(WebApplicationException e) {
        return (e instanceof NotFoundException || e instanceof BadRequestException) && e.getCause() != null
                && !(e.getCause() instanceof WebApplicationException);
    }

    /** A message naming the parameter of the matched method whose value does not convert, and that value. */
    static String describe(WebApplicationException e, ResourceInfo resource, UriInfo uri, HttpHeaders headers) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method != null) {
            Class<?>[] types = method.getParameterTypes();
            Annotation[][] annotations = method.getParameterAnnotations();
            for (int i = 0; i < types.length; i++) {
                for (Annotation annotation : annotations[i]) {
                    String problem = problem(annotation, types[i], uri, headers);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
        }
        return "a parameter of the request has the wrong type: " + e.getCause().getMessage();
    }

    private static String problem(Annotation annotation, Class<?> type, UriInfo uri, HttpHeaders headers) {
        if (annotation instanceof QueryParam) {
            String name = ((QueryParam) annotation).value();
            return problem("query parameter '" + name + "'", type, uri.getQueryParameters().get(name));
        }
        if (annotation instanceof PathParam) {
            String name = ((PathParam) annotation).value();
            return problem("path parameter '" + name + "'", type, uri.getPathParameters().get(name));
        }
        if (annotation instanceof HeaderParam) {
            String name = ((HeaderParam) annotation).value();
            return problem("header '" + name + "'", type, headers.getRequestHeader(name));
        }
        return null;
    }

    private static String problem(String what, Class<?> type, List<String> values) {
        if (values == null || type == String.class) {
            return null;
        }
        for (String value : values) {
            String problem = WholeNumbers.problem(type, value);
            if (problem != null) {
                return what + " " + problem;
            }
        }
        return null;
    }

    /** Why {@code value} is not a whole number of {@code type}, or null if it is one (or {@code type} is not integral). */
    static final class WholeNumbers {

        private WholeNumbers() {
        }

        static String problem(Class<?> type, String value) {
            long min;
            long max;
            if (type == int.class || type == Integer.class) {
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
            } else if (type == long.class || type == Long.class) {
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
            } else if (type == short.class || type == Short.class) {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
            } else {
                return null;
            }
            if (!value.trim().matches("[+-]?[0-9]+")) {
                return "must be a whole number, not '" + value + "'";
            }
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= min && parsed <= max) {
                    return null;
                }
            } catch (NumberFormatException tooManyDigits) {
                // out of range of a long as well
            }
            return "is out of range: '" + value + "' (at most " + max + ")";
        }
    }
}
