package io.distdb.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distdb.server.items.Item;
import io.distdb.server.items.ItemPage;

import java.util.List;

/** The items a query found, how many, and the token for the next page ({@code null} on the last). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryResponse(List<Item> items, int count, String next) {

    static QueryResponse of(ItemPage page) {
        return new QueryResponse(page.items(), page.items().size(), page.next());
    }
}
