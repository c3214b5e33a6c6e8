package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Says which field of a JSON body has the wrong type, in the request's terms rather than the Java classes'. */
final class InvalidRequestBodies {

    static final String BAD_REQUEST = StatusErrors.BAD_REQUEST;

    private InvalidRequestBodies() {
    }

    static String describe(JsonMappingException e) {
        String field = field(e);
        return field.isEmpty() ? "the request body is not the JSON object this endpoint takes"
                : "field '" + field + "' has the wrong type";
    }

    /** The path to the offending value, such as {@code params[2]}; empty for the body itself. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
