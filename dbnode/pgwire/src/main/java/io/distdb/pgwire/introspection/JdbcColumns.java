package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Attribute;
import io.distdb.pgwire.introspection.CatalogRows.Kind;
import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * pgjdbc's {@code DatabaseMetaData.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern)}.
 * pgjdbc does not pass this query's rows through: it reads pg_attribute-like facts (type OID, typmod,
 * attlen, not-null, default, identity) by column name and computes the JDBC columns (DATA_TYPE,
 * COLUMN_SIZE, DECIMAL_DIGITS, IS_AUTOINCREMENT...) itself, so the answer gives PostgreSQL's facts:
 * {@code varchar(20)} is type 1043 with typmod 24, {@code numeric(10,2)} typmod {@code (10 << 16 | 2) + 4}.
 * Tables and views, their visible columns numbered from 1 (pgjdbc's row_number()).
 */
final class JdbcColumns implements CatalogQuery {

    private final CatalogRows catalog;

    JdbcColumns(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.hasAll("current_database() as current_database", "a.attname,a.atttypid", "pg_catalog.pg_attribute a")) {
            return Optional.empty();
        }
        Predicate<String> schema = q.likeFilter("n.nspname");
        Predicate<String> table = q.likeFilter("c.relname");
        Predicate<String> column = q.likeFilter("attname");
        Rows rows = new Rows().text("current_database", "nspname", "relname", "attname")
                .column("atttypid", SqlType.BIGINT).column("attnotnull", SqlType.BOOLEAN)
                .column("atttypmod", SqlType.INTEGER).column("attlen", SqlType.SMALLINT)
                .column("typtypmod", SqlType.INTEGER).column("attnum", SqlType.BIGINT)
                .text("attidentity", "attgenerated", "adsrc", "description")
                .column("typbasetype", SqlType.BIGINT).text("typtype");
        if (schema.test(CatalogRows.SCHEMA)) {
            for (Relation r : catalog.relations()) {
                if (r.kind() == Kind.INDEX || !table.test(r.name())) {
                    continue;
                }
                List<Attribute> attributes = r.attributes();
                for (int i = 0; i < attributes.size(); i++) {
                    Attribute a = attributes.get(i);
                    if (column.test(a.name())) {
                        rows.row(client.database(), CatalogRows.SCHEMA, r.name(), a.name(),
                                PgTypes.typeOid(a.type(), a.maxLength()), a.notNull(),
                                PgTypes.typmod(a.type(), a.maxLength()), PgTypes.length(a.type()), -1, i + 1,
                                null, null, a.defaultText(), null, 0, "b");
                    }
                }
            }
        }
        return Optional.of(rows.result());
    }
}
