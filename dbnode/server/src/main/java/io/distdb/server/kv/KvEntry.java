package io.distdb.server.kv;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.store.JsonFields;

/**
 * A seed 001 value: its MIME type, its encoding and the encoded value, all kept as the client sent them. The node
 * never decodes them; it only refuses a value whose encoding is {@code base64} or {@code base64url} and that is not.
 */
public record KvEntry(@JsonProperty("content_type") String contentType, String encoding, String value) {

    /** Reads the three fields from a request body, naming the first one missing or of the wrong type. */
    public static KvEntry fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object with content_type, encoding and value");
        }
        KvEntry entry = new KvEntry(JsonFields.requiredText(body, "content_type"), JsonFields.requiredText(body, "encoding"),
                JsonFields.requiredText(body, "value"));
        // The value is kept as sent, but one that says it is base64 and is not would fail every reader that decodes it.
        if (Base64Text.declares(entry.encoding()) && !Base64Text.isValid(entry.encoding(), entry.value())) {
            throw new InvalidRequestException("field 'value' is not valid " + entry.encoding().trim()
                    + ", as its 'encoding' says it is");
        }
        return entry;
    }
}
