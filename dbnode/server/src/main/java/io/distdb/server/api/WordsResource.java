package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.errors.NotFoundException;
import io.distdb.server.store.JsonFields;
import io.distdb.server.words.WordIndex;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Seed 004's word store: add and remove words ({@link SearchResource} searches them). */
@Path("/api/v1/words")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "words")
public class WordsResource {

    public record WordChange(String word, boolean added, boolean removed) {
    }

    private final WordIndex words;

    public WordsResource(WordIndex words) {
        this.words = words;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a word: 201 when new, 200 when it was already there")
    public Response add(JsonNode body) {
        String word = word(body);
        boolean added = words.add(word);
        return Response.status(added ? 201 : 200).entity(new WordChange(word, added, false)).build();
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remove a word; 404 if it was not there")
    public WordChange remove(JsonNode body) {
        String word = word(body);
        if (!words.remove(word)) {
            throw new NotFoundException("no word '" + word + "'");
        }
        return new WordChange(word, false, true);
    }

    private static String word(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object {\"word\": ...}");
        }
        return JsonFields.requiredText(body, "word");
    }
}
