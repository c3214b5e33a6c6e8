package io.distdb.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON objects as stored values (items, documents, key-value entries). */
@Singleton
public class JsonValues {

    private final ObjectMapper json;

    public JsonValues(ObjectMapper json) {
        this.json = json;
    }

    public byte[] toBytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a value this node stored; a value that is not a JSON object means the store is damaged. */
    public ObjectNode readObject(byte[] stored) {
        try {
            return (ObjectNode) json.readTree(stored);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("a stored value is not a JSON object", e);
        }
    }

    /** Reads a value this node stored as {@code type}; a value that does not read means the store is damaged. */
    public <T> T read(byte[] stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (IOException e) {
            throw new IllegalStateException("a stored value is not a readable " + type.getSimpleName(), e);
        }
    }

    /**
     * A stored JSON value to send back as it is: answering a read copies the stored bytes into the
     * response instead of parsing them into a tree and writing the tree out again.
     */
    public JsonNode raw(byte[] stored) {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(new String(stored, StandardCharsets.UTF_8)));
    }

    public ObjectMapper mapper() {
        return json;
    }
}
