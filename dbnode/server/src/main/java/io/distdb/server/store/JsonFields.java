package io.distdb.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.errors.InvalidRequestException;

/** Reads fields of a JSON request body, naming the field that is missing or of the wrong type. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The string field {@code field} of {@code body}, an object; 400 if it is missing, null or not a string. */
    public static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("field '" + field + "' is required");
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("field '" + field + "' must be a string");
        }
        return node.asText();
    }
}
