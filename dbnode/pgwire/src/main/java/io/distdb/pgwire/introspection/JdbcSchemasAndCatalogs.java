package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;

import java.util.Optional;

/**
 * pgjdbc's {@code DatabaseMetaData.getSchemas()} / {@code getSchemas(catalog, pattern)} and
 * {@code getCatalogs()}: the one schema, {@code public}, and the one database, the one the client named.
 * ({@code getTableTypes()} is answered by pgjdbc itself.)
 */
final class JdbcSchemasAndCatalogs implements CatalogQuery {

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (q.hasAll("nspname as \"table_schem\"", "from pg_catalog.pg_namespace")) {
            Rows rows = new Rows().text("TABLE_SCHEM", "TABLE_CATALOG");
            if (q.likeFilter("nspname").test(CatalogRows.SCHEMA)) {
                rows.row(CatalogRows.SCHEMA, client.database());
            }
            return Optional.of(rows.result());
        }
        if (q.hasAll("datname as \"table_cat\"", "from pg_catalog.pg_database")) {
            return Optional.of(new Rows().text("TABLE_CAT").row(client.database()).result());
        }
        return Optional.empty();
    }
}
