package io.distdb.server.items;

import java.util.List;

/** One page of a query: the items, and the token that continues after them ({@code null} on the last page). */
public record ItemPage(List<Item> items, String next) {
}
