package io.distdb.server.api;

import io.distdb.server.items.ItemQuery;
import io.distdb.server.items.ItemStore;
import io.distdb.server.items.Order;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The seed 000 query paths exactly as that design wrote them. They return every match up to
 * {@value #MAX_RESULTS} items (with a {@code next} token past that, usable on the {@code /api/v1} form).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "items (seed 000 paths)")
public class SeedItemQueries {

    static final int MAX_RESULTS = 10_000;

    private final ItemStore items;

    public SeedItemQueries(ItemStore items) {
        this.items = items;
    }

    @GET
    @Path("query_begins/{pk}/{skPrefix}/{order}")
    @Operation(summary = "Items of one partition whose sort key begins with a prefix")
    public QueryResponse sortKeyBeginsWith(@PathParam("pk") String pk, @PathParam("skPrefix") String skPrefix,
            @PathParam("order") String order) {
        return all(ItemQuery.sortKeyBeginsWith(pk, skPrefix), order);
    }

    @GET
    @Path("query_pk_sk_begins/{pkPrefix}/{skPrefix}/{order}")
    @Operation(summary = "Items whose partition key and sort key begin with prefixes")
    public QueryResponse bothBeginWith(@PathParam("pkPrefix") String pkPrefix, @PathParam("skPrefix") String skPrefix,
            @PathParam("order") String order) {
        return all(ItemQuery.bothBeginWith(pkPrefix, skPrefix), order);
    }

    @GET
    @Path("query_between/{pk}/{from}/{to}/{order}")
    @Operation(summary = "Items of one partition with from <= sort key <= to")
    public QueryResponse sortKeyBetween(@PathParam("pk") String pk, @PathParam("from") String from,
            @PathParam("to") String to, @PathParam("order") String order) {
        return all(ItemQuery.sortKeyBetween(pk, from, to), order);
    }

    @GET
    @Path("both_between/{pkFrom}/{pkTo}/{skFrom}/{skTo}/{order}")
    @Operation(summary = "Items with pkFrom <= partition key <= pkTo and skFrom <= sort key <= skTo")
    public QueryResponse bothBetween(@PathParam("pkFrom") String pkFrom, @PathParam("pkTo") String pkTo,
            @PathParam("skFrom") String skFrom, @PathParam("skTo") String skTo, @PathParam("order") String order) {
        return all(ItemQuery.bothBetween(pkFrom, pkTo, skFrom, skTo), order);
    }

    private QueryResponse all(ItemQuery query, String order) {
        return QueryResponse.of(items.query(query, Order.parse(order), MAX_RESULTS, null));
    }
}
