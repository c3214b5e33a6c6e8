package io.distdb.server.api;

import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.items.ItemQuery;
import io.distdb.server.items.ItemStore;
import io.distdb.server.items.Order;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The seed 000 queries with paging: {@code limit} items per page (default 100, at most 1000) and the
 * opaque {@code next} token of the previous page. Bounds are inclusive; results are ordered by partition
 * key, then sort key, as UTF-8 bytes (Unicode code point order), ascending or descending.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "items")
public class ItemQueries {

    static final int MAX_PAGE = 1000;

    private final ItemStore items;

    public ItemQueries(ItemStore items) {
        this.items = items;
    }

    @GET
    @Path("/query_begins/{pk}/{skPrefix}/{order}")
    @Operation(summary = "Items of one partition whose sort key begins with a prefix")
    public QueryResponse sortKeyBeginsWith(@PathParam("pk") String pk, @PathParam("skPrefix") String skPrefix,
            @PathParam("order") String order, @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("next") String next) {
        return page(ItemQuery.sortKeyBeginsWith(pk, skPrefix), order, limit, next);
    }

    @GET
    @Path("/query_pk_sk_begins/{pkPrefix}/{skPrefix}/{order}")
    @Operation(summary = "Items whose partition key and sort key begin with prefixes")
    public QueryResponse bothBeginWith(@PathParam("pkPrefix") String pkPrefix, @PathParam("skPrefix") String skPrefix,
            @PathParam("order") String order, @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("next") String next) {
        return page(ItemQuery.bothBeginWith(pkPrefix, skPrefix), order, limit, next);
    }

    @GET
    @Path("/query_between/{pk}/{from}/{to}/{order}")
    @Operation(summary = "Items of one partition with from <= sort key <= to")
    public QueryResponse sortKeyBetween(@PathParam("pk") String pk, @PathParam("from") String from,
            @PathParam("to") String to, @PathParam("order") String order,
            @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("next") String next) {
        return page(ItemQuery.sortKeyBetween(pk, from, to), order, limit, next);
    }

    @GET
    @Path("/both_between/{pkFrom}/{pkTo}/{skFrom}/{skTo}/{order}")
    @Operation(summary = "Items with pkFrom <= partition key <= pkTo and skFrom <= sort key <= skTo")
    public QueryResponse bothBetween(@PathParam("pkFrom") String pkFrom, @PathParam("pkTo") String pkTo,
            @PathParam("skFrom") String skFrom, @PathParam("skTo") String skTo, @PathParam("order") String order,
            @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("next") String next) {
        return page(ItemQuery.bothBetween(pkFrom, pkTo, skFrom, skTo), order, limit, next);
    }

    private QueryResponse page(ItemQuery query, String order, int limit, String next) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        return QueryResponse.of(items.query(query, Order.parse(order), limit, next));
    }
}
