package io.distdb.server.api;

import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.words.WordIndex;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Seed 004's prefix search: {@code GET /search?q=prefix[&limit=n]} → {@code {"results": [...]}}. */
@Path("/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "words")
public class SearchResource {

    static final int MAX_RESULTS = 10_000;

    public record SearchResults(List<String> results) {
    }

    private final WordIndex words;

    public SearchResource(WordIndex words) {
        this.words = words;
    }

    @GET
    @Operation(summary = "Words that begin with q, ascending; any prefix length, the empty prefix lists all")
    public SearchResults search(@QueryParam("q") String q, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (q == null) {
            throw new InvalidRequestException("query parameter 'q' (the prefix) is required");
        }
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_RESULTS + ", not " + limit);
        }
        return new SearchResults(words.search(q, limit));
    }

}
