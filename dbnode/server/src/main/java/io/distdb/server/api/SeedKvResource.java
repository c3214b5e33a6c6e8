package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.errors.NotFoundException;
import io.distdb.server.kv.HexKey;
import io.distdb.server.kv.KvEntry;
import io.distdb.server.kv.KvEntryStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.util.Map;

/**
 * The key-value API of seed 001 at its own paths: {@code PUT /} stores
 * {@code {key, content_type, encoding, value}}; {@code POST /} with the hex key as the body reads it back.
 * Both answer {@code {"<key>": {content_type, encoding, value}}}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "key-value (seed 001 paths)")
public class SeedKvResource {

    private final KvEntryStore entries;
    private final ObjectMapper json;

    public SeedKvResource(KvEntryStore entries, ObjectMapper json) {
        this.entries = entries;
        this.json = json;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store {key (hex), content_type, encoding, value}")
    public Map<String, KvEntry> put(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object with key, content_type, encoding and value");
        }
        JsonNode keyNode = body.get("key");
        if (keyNode != null && !keyNode.isTextual()) {
            throw new InvalidRequestException("field 'key' must be a hex string");
        }
        byte[] key = HexKey.parse(keyNode == null ? null : keyNode.asText());
        KvEntry entry = KvEntry.fromJson(body);
        entries.put(key, entry);
        return Map.of(HexKey.format(key), entry);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Read a value: the body is the hex key (or {\"key\": hex})")
    public Map<String, KvEntry> get(String body) {
        byte[] key = HexKey.parse(keyFrom(body));
        KvEntry entry = entries.get(key);
        if (entry == null) {
            throw new NotFoundException("no value under key " + HexKey.format(key));
        }
        return Map.of(HexKey.format(key), entry);
    }

    /** The seed sends the bare key; JSON clients may send {@code {"key": ...}} or a JSON string. */
    private String keyFrom(String body) {
        String text = body == null ? "" : body.trim();
        if (text.startsWith("{") || text.startsWith("\"")) {
            try {
                JsonNode node = json.readTree(text);
                JsonNode key = node.isObject() ? node.get("key") : node;
                if (key == null || !key.isTextual()) {
                    throw new InvalidRequestException("field 'key' is required: the key as a hex string");
                }
                return key.asText();
            } catch (IOException e) {
                throw new InvalidRequestException("malformed_json", "request body is not valid JSON: " + e.getMessage());
            }
        }
        return text;
    }
}
