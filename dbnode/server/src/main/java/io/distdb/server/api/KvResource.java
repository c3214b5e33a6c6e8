package io.distdb.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.errors.NotFoundException;
import io.distdb.server.kv.HexKey;
import io.distdb.server.kv.KvEntry;
import io.distdb.server.kv.KvEntryStore;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

/** The key-value API in REST form: the hex key is in the path. */
@Path("/api/v1/kv/{key}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "key-value")
public class KvResource {

    /** An entry with its key. */
    public record KeyedEntry(String key, @JsonProperty("content_type") String contentType, String encoding, String value) {
        static KeyedEntry of(byte[] key, KvEntry entry) {
            return new KeyedEntry(HexKey.format(key), entry.contentType(), entry.encoding(), entry.value());
        }
    }

    private final KvEntryStore entries;

    public KvResource(KvEntryStore entries) {
        this.entries = entries;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a value with its content type and encoding")
    public KeyedEntry put(@PathParam("key") String hexKey, JsonNode body) {
        byte[] key = HexKey.parse(hexKey);
        KvEntry entry = KvEntry.fromJson(body);
        entries.put(key, entry);
        return KeyedEntry.of(key, entry);
    }

    /** Runs on the event loop, leaving it only to read the disk or wait for replicas (see {@link ItemsResource#get}). */
    @GET
    @Operation(summary = "Read a value")
    public CompletionStage<KeyedEntry> get(@PathParam("key") String hexKey) {
        byte[] key = HexKey.parse(hexKey);
        return AsyncAnswers.present(entries.getAsync(key, Infrastructure.getDefaultWorkerPool())
                        .thenApply(entry -> entry == null ? null : KeyedEntry.of(key, entry)),
                () -> new NotFoundException("no value under key " + HexKey.format(key)));
    }

    @DELETE
    @Operation(summary = "Delete a value; 404 if there was none")
    public Response delete(@PathParam("key") String hexKey) {
        byte[] key = HexKey.parse(hexKey);
        if (!entries.delete(key)) {
            throw new NotFoundException("no value under key " + HexKey.format(key));
        }
        return Response.noContent().build();
    }
}
