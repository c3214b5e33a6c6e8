package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Attribute;
import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgjdbc's ResultSetMetaData query: when a result column comes from a table (its RowDescription names a
 * table OID and attribute number), {@code getColumnName}, {@code getTableName}, {@code isNullable} and
 * {@code isAutoIncrement} ask for the columns by {@code (SELECT 16386 AS oid , 1 AS attnum UNION ALL
 * SELECT 16386, 2) vals}. Each pair that names a DistDB table's column gets its name, table, schema,
 * not-null flag and (never) auto-increment; pairs of other OIDs (pgjdbc asks about pg_catalog's own
 * tables for catalog results) get no row, which pgjdbc reads as "unknown".
 */
final class JdbcFieldMetadata implements CatalogQuery {

    private static final Pattern PAIR = Pattern.compile("select (\\d{1,12})(?: as oid)? ?, ?(\\d{1,6})");

    private final CatalogRows catalog;

    JdbcFieldMetadata(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.hasAll("vals on (c.oid = vals.oid and a.attnum = vals.attnum)", "from pg_catalog.pg_class c")) {
            return Optional.empty();
        }
        Rows rows = new Rows().column("oid", SqlType.BIGINT).column("attnum", SqlType.SMALLINT)
                .text("attname", "relname", "nspname").column("?column?", SqlType.BOOLEAN).column("?column?", SqlType.BOOLEAN);
        Matcher m = PAIR.matcher(q.lower);
        while (m.find()) {
            long oid = Long.parseLong(m.group(1));
            int attnum = Integer.parseInt(m.group(2));
            Optional<Relation> relation = catalog.byOid(oid).filter(r -> r.kind() != CatalogRows.Kind.INDEX);
            if (relation.isEmpty()) {
                continue;
            }
            for (Attribute a : relation.get().attributes()) {
                if (a.attnum() == attnum) {
                    rows.row(oid, attnum, a.name(), relation.get().name(), CatalogRows.SCHEMA, a.notNull(), false);
                }
            }
        }
        return Optional.of(rows.result());
    }
}
