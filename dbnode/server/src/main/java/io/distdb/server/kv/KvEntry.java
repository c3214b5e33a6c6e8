package io.distdb.server.kv;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.store.JsonFields;

/**
 * A seed 001 value: its MIME type, its encoding and the encoded value, all kept as the client sent them
 * (the node never interprets them).
 */
public record KvEntry(@JsonProperty("content_type") String contentType, String encoding, String value) {

    /** Reads the three fields from a request body, naming the first one missing or of the wrong type. */
    public static KvEntry fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object with content_type, encoding and value");
        }
        return new KvEntry(JsonFields.requiredText(body, "content_type"), JsonFields.requiredText(body, "encoding"),
                JsonFields.requiredText(body, "value"));
    }
}
