package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.errors.NotFoundException;
import io.distdb.server.items.Item;
import io.distdb.server.items.ItemStore;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

/** Put, update, get and delete one item by partition key and sort key. */
@Path("/api/v1/items/{pk}/{sk}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "items")
public class ItemsResource {

    private final ItemStore items;

    public ItemsResource(ItemStore items) {
        this.items = items;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store an item (a JSON object), replacing any item under the same keys")
    public Item put(@PathParam("pk") String pk, @PathParam("sk") String sk, JsonNode body) {
        if (body == null) {
            throw new InvalidRequestException("the request body must be the item, a JSON object");
        }
        return items.put(pk, sk, body);
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change some fields of an item (JSON merge patch: null removes a field); creates it if absent")
    public Item update(@PathParam("pk") String pk, @PathParam("sk") String sk, JsonNode body) {
        if (body == null) {
            throw new InvalidRequestException("the request body must be the fields to change, a JSON object");
        }
        return items.update(pk, sk, body);
    }

    /**
     * Runs on the event loop: an item in memory is answered there, and only a read from disk (or a wait for
     * other replicas) leaves it, without holding a thread while it waits.
     */
    @GET
    @Operation(summary = "Read an item")
    public CompletionStage<Item> get(@PathParam("pk") String pk, @PathParam("sk") String sk) {
        return AsyncAnswers.present(items.getAsync(pk, sk, Infrastructure.getDefaultWorkerPool()),
                () -> new NotFoundException("no item with partition key '" + pk + "' and sort key '" + sk + "'"));
    }

    @DELETE
    @Operation(summary = "Delete an item; 404 if there was none")
    public Response delete(@PathParam("pk") String pk, @PathParam("sk") String sk) {
        if (!items.delete(pk, sk)) {
            throw new NotFoundException("no item with partition key '" + pk + "' and sort key '" + sk + "'");
        }
        return Response.noContent().build();
    }
}
