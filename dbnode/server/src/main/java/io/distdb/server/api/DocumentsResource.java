package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.documents.Document;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.errors.NotFoundException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** JSON documents by collection and id; SQL reads collection {@code c} as table {@code documents.c}. */
@Path("/api/v1/documents/{collection}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "documents")
public class DocumentsResource {

    static final int MAX_PAGE = 1000;

    public record DocumentPage(List<Document> documents, int count, String next) {
    }

    private final DocumentStore documents;

    public DocumentsResource(DocumentStore documents) {
        this.documents = documents;
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a document (a JSON object), replacing any document with the same id")
    public Document put(@PathParam("collection") String collection, @PathParam("id") String id, JsonNode body) {
        if (body == null) {
            throw new InvalidRequestException("the request body must be the document, a JSON object");
        }
        return documents.put(collection, id, body);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a document")
    public Document get(@PathParam("collection") String collection, @PathParam("id") String id) {
        Document document = documents.get(collection, id);
        if (document == null) {
            throw new NotFoundException("no document '" + id + "' in collection '" + collection + "'");
        }
        return document;
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a document; 404 if there was none")
    public Response delete(@PathParam("collection") String collection, @PathParam("id") String id) {
        if (!documents.delete(collection, id)) {
            throw new NotFoundException("no document '" + id + "' in collection '" + collection + "'");
        }
        return Response.noContent().build();
    }

    @GET
    @Operation(summary = "List a collection by id, a page at a time: pass the previous page's 'next' as 'after'")
    public DocumentPage list(@PathParam("collection") String collection, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        List<Document> page = documents.list(collection, after, limit + 1);
        boolean more = page.size() > limit;
        List<Document> shown = more ? page.subList(0, limit) : page;
        String next = more ? shown.get(shown.size() - 1).id() : null;
        return new DocumentPage(shown, shown.size(), next);
    }
}
