package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * pgjdbc's {@code DatabaseMetaData.getPrimaryKeys(catalog, schema, table)}: one row per key column, in key
 * order, named {@code <table>_pkey} as PostgreSQL names a primary key. A table declared without a primary
 * key (DistDB keys it by a hidden row id) has none.
 */
final class JdbcPrimaryKeys implements CatalogQuery {

    private final CatalogRows catalog;

    JdbcPrimaryKeys(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.hasAll("as \"pk_name\"", "from pg_catalog.pg_constraint con", "con.contype = 'p'")) {
            return Optional.empty();
        }
        Predicate<String> schema = q.equalsFilter("n.nspname");
        Predicate<String> table = q.equalsFilter("ct.relname");
        Rows rows = new Rows().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME")
                .column("KEY_SEQ", SqlType.INTEGER).text("PK_NAME");
        if (schema.test(CatalogRows.SCHEMA)) {
            for (Relation t : catalog.tables()) {
                if (!table.test(t.name())) {
                    continue;
                }
                for (Relation index : catalog.indexesOf(t)) {
                    if (index.primaryKey()) {
                        List<String> columns = index.indexColumns();
                        for (int i = 0; i < columns.size(); i++) {
                            rows.row(client.database(), CatalogRows.SCHEMA, t.name(), columns.get(i), i + 1, index.name());
                        }
                    }
                }
            }
        }
        return Optional.of(rows.result());
    }
}
