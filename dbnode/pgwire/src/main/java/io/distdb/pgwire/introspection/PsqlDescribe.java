package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Attribute;
import io.distdb.pgwire.introspection.CatalogRows.Kind;
import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.pgwire.introspection.SelectList.Item;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * psql's {@code \d name} and {@code \d+ name}, the queries that describe one relation. psql first finds
 * the relations whose names match the pattern (their OIDs), then for each asks, by {@code c.oid = '<oid>'}:
 * its kind and flags, its columns, and for a table its indexes; for an index its definition; for a view
 * (with {@code +}) its query. The footers DistDB has nothing for are {@link PsqlDescribeFooters}.
 * psql reads these answers by column position, so each has PostgreSQL's columns in PostgreSQL's order.
 * The flags answer only what leads psql to ask for what DistDB has: indexes yes, check constraints,
 * triggers (foreign keys), row security and partitions no.
 */
final class PsqlDescribe implements CatalogQuery {

    private final CatalogRows catalog;

    PsqlDescribe(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (q.startsWith("select c.oid, n.nspname, c.relname from pg_catalog.pg_class c")) {
            return Optional.of(lookup(q));
        }
        if (q.startsWith("select c.relchecks, c.relkind, c.relhasindex")) {
            return Optional.of(flags(catalog.byOid(q.oidAfter("where c.oid ="))));
        }
        if (q.hasAll("from pg_catalog.pg_attribute a", "a.attrelid =", "a.attname")
                && q.has("pg_catalog.format_type(a.atttypid, a.atttypmod)") && !q.has("pg_catalog.pg_class c")) {
            return Optional.of(attributes(q, catalog.byOid(q.oidAfter("a.attrelid ="))));
        }
        if (q.startsWith("select c2.relname, i.indisprimary, i.indisunique")) {
            return Optional.of(indexesOfTable(catalog.byOid(q.oidAfter("where c.oid ="))));
        }
        if (q.startsWith("select i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid")) {
            return Optional.of(index(catalog.byOid(q.oidAfter("c.oid ="))));
        }
        if (q.startsWith("select pg_catalog.pg_get_viewdef(")) {
            Optional<Relation> view = catalog.byOid(q.oidAfter("pg_get_viewdef(")).filter(r -> r.kind() == Kind.VIEW);
            Rows rows = new Rows().text("pg_get_viewdef");
            view.ifPresent(v -> rows.row(" " + v.view().sql() + ";"));
            return Optional.of(rows.result());
        }
        return Optional.empty();
    }

    /** The relations a pattern names: oid, schema, name, ordered by schema and name. */
    private SqlResult lookup(QueryText q) {
        Predicate<String> name = q.regexFilter("c.relname");
        Predicate<String> schema = q.regexFilter("n.nspname");
        Rows rows = new Rows().column("oid", SqlType.BIGINT).text("nspname", "relname");
        if (schema.test(CatalogRows.SCHEMA)) {
            for (Relation r : catalog.relations()) {
                if (name.test(r.name())) {
                    rows.row(r.oid(), CatalogRows.SCHEMA, r.name());
                }
            }
        }
        return rows.result();
    }

    private SqlResult flags(Optional<Relation> relation) {
        Rows rows = new Rows()
                .column("relchecks", SqlType.SMALLINT).text("relkind")
                .column("relhasindex", SqlType.BOOLEAN).column("relhasrules", SqlType.BOOLEAN)
                .column("relhastriggers", SqlType.BOOLEAN).column("relrowsecurity", SqlType.BOOLEAN)
                .column("relforcerowsecurity", SqlType.BOOLEAN).column("relhasoids", SqlType.BOOLEAN)
                .column("relispartition", SqlType.BOOLEAN).text("reloptions")
                .column("reltablespace", SqlType.BIGINT).text("reloftype", "relpersistence", "relreplident", "amname");
        relation.ifPresent(r -> rows.row(0, r.kind().relkind,
                r.kind() == Kind.TABLE && !catalog.indexesOf(r).isEmpty(),
                r.kind() == Kind.VIEW, // a view is a rule in PostgreSQL
                false, false, false, false, false, "", 0, "", "p",
                r.kind() == Kind.TABLE ? "d" : "n",
                r.accessMethod()));
        return rows.result();
    }

    private static final List<Item<Attribute>> ATTRIBUTE_ITEMS = List.of(
            new Item<>("a.attname", "attname", SqlType.TEXT, Attribute::name),
            new Item<>("pg_catalog.format_type(a.atttypid, a.atttypmod)", "format_type", SqlType.TEXT, Attribute::formatType),
            new Item<>("pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)", "pg_get_expr", SqlType.TEXT, Attribute::defaultText),
            new Item<>("a.attnotnull", "attnotnull", SqlType.BOOLEAN, Attribute::notNull),
            new Item<>(" as attcollation", "attcollation", SqlType.TEXT, a -> null),
            new Item<>("a.attidentity", "attidentity", SqlType.TEXT, a -> ""),
            new Item<>("a.attgenerated", "attgenerated", SqlType.TEXT, a -> ""),
            new Item<>(" as is_key", "is_key", SqlType.TEXT, a -> "yes"),
            new Item<>(" as indexdef", "indexdef", SqlType.TEXT, a -> CatalogRows.ident(a.name())),
            new Item<>("a.attfdwoptions", "attfdwoptions", SqlType.TEXT, a -> null),
            new Item<>("a.attstorage", "attstorage", SqlType.TEXT, a -> PgTypes.storage(a.type())),
            new Item<>(" as attcompression", "attcompression", SqlType.TEXT, a -> ""),
            new Item<>(" as attstattarget", "attstattarget", SqlType.INTEGER, a -> null),
            new Item<>("pg_catalog.col_description(a.attrelid, a.attnum)", "col_description", SqlType.TEXT, a -> null));

    /** The columns of a relation, with the select list psql chose for its kind and for {@code +}. */
    private SqlResult attributes(QueryText q, Optional<Relation> relation) {
        List<Item<Attribute>> items = SelectList.present(q.before(" from pg_catalog.pg_attribute a"), ATTRIBUTE_ITEMS);
        return SelectList.rows(items, relation.map(Relation::attributes).orElse(List.of())).result();
    }

    /** A table's indexes, for the "Indexes:" footer: {@code "t_pkey" PRIMARY KEY, btree (id)}. */
    private SqlResult indexesOfTable(Optional<Relation> table) {
        Rows rows = new Rows().text("relname")
                .column("indisprimary", SqlType.BOOLEAN).column("indisunique", SqlType.BOOLEAN)
                .column("indisclustered", SqlType.BOOLEAN).column("indisvalid", SqlType.BOOLEAN)
                .text("pg_get_indexdef", "pg_get_constraintdef", "contype")
                .column("condeferrable", SqlType.BOOLEAN).column("condeferred", SqlType.BOOLEAN)
                .column("indisreplident", SqlType.BOOLEAN).column("reltablespace", SqlType.BIGINT);
        table.filter(t -> t.kind() == Kind.TABLE).ifPresent(t -> {
            for (Relation i : catalog.indexesOf(t)) {
                // Only the primary key is a constraint; a unique index is an index (no contype), as
                // CREATE UNIQUE INDEX makes one in PostgreSQL.
                rows.row(i.name(), i.primaryKey(), i.unique(), false, true, i.indexDefinition(),
                        i.constraintDefinition(), i.primaryKey() ? "p" : null,
                        i.primaryKey() ? false : null, i.primaryKey() ? false : null, false, 0);
            }
        });
        return rows.result();
    }

    /** One index's flags, for its footer: {@code primary key, btree, for table "public.t"}. */
    private SqlResult index(Optional<Relation> index) {
        Rows rows = new Rows()
                .column("indisunique", SqlType.BOOLEAN).column("indisprimary", SqlType.BOOLEAN)
                .column("indisclustered", SqlType.BOOLEAN).column("indisvalid", SqlType.BOOLEAN)
                .column("condeferrable", SqlType.BOOLEAN).column("condeferred", SqlType.BOOLEAN)
                .column("indisreplident", SqlType.BOOLEAN).column("indnullsnotdistinct", SqlType.BOOLEAN)
                .text("amname", "relname", "pg_get_expr");
        index.filter(i -> i.kind() == Kind.INDEX).ifPresent(i -> rows.row(i.unique(), i.primaryKey(), false, true,
                false, false, false, false, i.accessMethod(), i.table().name(), null));
        return rows.result();
    }
}
