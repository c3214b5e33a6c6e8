package io.distdb.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

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

    public ObjectMapper mapper() {
        return json;
    }
}
