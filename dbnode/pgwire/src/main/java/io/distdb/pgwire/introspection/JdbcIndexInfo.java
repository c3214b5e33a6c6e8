package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * pgjdbc's {@code DatabaseMetaData.getIndexInfo(catalog, schema, table, unique, approximate)}: one row per
 * index column, the primary key included. TYPE is tableIndexHashed (2) for hash indexes and
 * tableIndexOther (3) for the others; ASC_OR_DESC is 'A' for ordered (btree) keys and null for hashed ones.
 * DistDB keeps no per-index statistics: CARDINALITY and PAGES are 0. Ordered by NON_UNIQUE, TYPE,
 * INDEX_NAME, ORDINAL_POSITION, as the JDBC specification asks.
 */
final class JdbcIndexInfo implements CatalogQuery {

    private record Entry(Relation table, Relation index, int position, String column) {
    }

    private final CatalogRows catalog;

    JdbcIndexInfo(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.hasAll("as \"index_name\"", "pg_catalog.pg_index i", "as \"non_unique\"")) {
            return Optional.empty();
        }
        Predicate<String> schema = q.equalsFilter("n.nspname");
        Predicate<String> table = q.equalsFilter("ct.relname");
        boolean uniqueOnly = q.has("and i.indisunique");
        List<Entry> entries = new ArrayList<>();
        if (schema.test(CatalogRows.SCHEMA)) {
            for (Relation t : catalog.tables()) {
                if (!table.test(t.name())) {
                    continue;
                }
                for (Relation index : catalog.indexesOf(t)) {
                    if (uniqueOnly && !index.unique()) {
                        continue;
                    }
                    List<String> columns = index.indexColumns();
                    for (int i = 0; i < columns.size(); i++) {
                        entries.add(new Entry(t, index, i + 1, columns.get(i)));
                    }
                }
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.index().unique())
                .reversed()
                .thenComparingInt(e -> type(e.index()))
                .thenComparing(e -> e.index().name())
                .thenComparingInt(Entry::position));
        Rows rows = new Rows().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME")
                .column("NON_UNIQUE", SqlType.BOOLEAN).text("INDEX_QUALIFIER", "INDEX_NAME")
                .column("TYPE", SqlType.INTEGER).column("ORDINAL_POSITION", SqlType.INTEGER)
                .text("COLUMN_NAME", "ASC_OR_DESC").column("CARDINALITY", SqlType.DOUBLE)
                .column("PAGES", SqlType.INTEGER).text("FILTER_CONDITION", "REMARKS");
        for (Entry e : entries) {
            boolean hash = "hash".equals(e.index().accessMethod());
            rows.row(client.database(), CatalogRows.SCHEMA, e.table().name(), !e.index().unique(), null, e.index().name(),
                    type(e.index()), e.position(), e.column(), hash ? null : "A", 0.0, 0, null, null);
        }
        return Optional.of(rows.result());
    }

    private static int type(Relation index) {
        return "hash".equals(index.accessMethod()) ? 2 : 3;
    }
}
