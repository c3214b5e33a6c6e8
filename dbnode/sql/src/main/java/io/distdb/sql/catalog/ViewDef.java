package io.distdb.sql.catalog;

import java.util.List;

/**
 * A view: its name, its column names ({@code columns} empty means the query's own names) and the text of
 * its query, bound again at every use against the current catalog, as PostgreSQL's rewriter expands views.
 */
public record ViewDef(String name, List<String> columns, String sql) {
    public ViewDef {
        columns = List.copyOf(columns);
    }
}
