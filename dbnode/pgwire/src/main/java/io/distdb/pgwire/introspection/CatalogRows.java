package io.distdb.pgwire.introspection;

import io.distdb.sql.Session;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.catalog.ViewDef;
import io.distdb.sql.parser.Keywords;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine's catalog as the rows of PostgreSQL's pg_class / pg_attribute / pg_index would describe it,
 * for the recognizers to filter and shape: every table, its primary key as the index {@code <table>_pkey},
 * its secondary indexes, and the views, each with its OID ({@link Oids}) and its attributes. Hidden
 * columns (the generated row id of a table without a primary key) and dropped ones are left out; an
 * attribute's number is its place in the stored row, as PostgreSQL's attnum is (a dropped column leaves a gap).
 */
final class CatalogRows {

    static final String SCHEMA = "public";

    enum Kind {
        TABLE("r", "table", "TABLE"), VIEW("v", "view", "VIEW"), INDEX("i", "index", "INDEX");

        final String relkind;
        /** psql's name of the kind. */
        final String psqlName;
        /** pgjdbc's TABLE_TYPE. */
        final String jdbcName;

        Kind(String relkind, String psqlName, String jdbcName) {
            this.relkind = relkind;
            this.psqlName = psqlName;
            this.jdbcName = jdbcName;
        }
    }

    /** One pg_attribute row. */
    record Attribute(int attnum, String name, SqlType type, int maxLength, boolean notNull, String defaultSql) {

        String formatType() {
            return PgTypes.formatType(type, maxLength);
        }

        String defaultText() {
            return PgTypes.defaultText(defaultSql, type, maxLength);
        }
    }

    /**
     * One pg_class row. For an index: {@code table} is the indexed table, {@code index} the definition
     * ({@code null} for the primary key) and {@code primaryKey} tells which.
     */
    record Relation(long oid, String name, Kind kind, TableDef table, IndexDef index, boolean primaryKey,
                    ViewDef view, Supplier<List<Attribute>> columns) {

        /** The attributes; a view's are found by binding its query, only when an answer needs them. */
        List<Attribute> attributes() {
            return columns.get();
        }

        boolean unique() {
            return primaryKey || index != null && index.unique();
        }

        /** The index access method: PostgreSQL's btree for ordered keys and for the primary key, hash for hash keys. */
        String accessMethod() {
            return switch (kind) {
                case TABLE -> "heap";
                case VIEW -> null;
                case INDEX -> index != null && index.kind() == IndexDef.Kind.HASH ? "hash" : "btree";
            };
        }

        List<String> indexColumns() {
            return primaryKey ? table.primaryKey() : index.columns();
        }

        /** {@code pg_get_indexdef}: {@code CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)}. */
        String indexDefinition() {
            return "CREATE " + (unique() ? "UNIQUE " : "") + "INDEX " + ident(name) + " ON " + SCHEMA + "." + ident(table.name())
                    + " USING " + accessMethod() + " (" + String.join(", ", indexColumns().stream().map(CatalogRows::ident).toList()) + ")";
        }

        /** {@code pg_get_constraintdef} of the primary key: {@code PRIMARY KEY (id)}. */
        String constraintDefinition() {
            return primaryKey ? "PRIMARY KEY (" + String.join(", ", indexColumns().stream().map(CatalogRows::ident).toList()) + ")" : null;
        }
    }

    private final SqlEngine engine;

    CatalogRows(SqlEngine engine) {
        this.engine = engine;
    }

    /** Every relation, ordered by name. */
    List<Relation> relations() {
        List<Relation> out = new ArrayList<>();
        for (TableDef t : engine.catalog().tables()) {
            if (t.documents()) {
                continue;
            }
            out.add(table(t));
            if (!t.hasRowId() && !t.primaryKey().isEmpty()) {
                out.add(index(t, null));
            }
            for (IndexDef i : t.indexes()) {
                out.add(index(t, i));
            }
        }
        for (ViewDef v : engine.catalog().views()) {
            out.add(view(v));
        }
        out.sort(Comparator.comparing(Relation::name));
        return out;
    }

    Optional<Relation> byOid(long oid) {
        if (oid < Oids.FIRST_USER_OID) {
            return Optional.empty();
        }
        return relations().stream().filter(r -> r.oid() == oid).findFirst();
    }

    List<Relation> tables() {
        return relations().stream().filter(r -> r.kind() == Kind.TABLE).toList();
    }

    /** The indexes of a table: the primary key first, then the others by name (psql's order). */
    List<Relation> indexesOf(Relation table) {
        return relations().stream()
                .filter(r -> r.kind() == Kind.INDEX && r.table().id() == table.table().id())
                .sorted(Comparator.comparing((Relation r) -> !r.primaryKey()).thenComparing(Relation::name))
                .toList();
    }

    private Relation table(TableDef t) {
        List<Attribute> attributes = new ArrayList<>();
        List<ColumnDef> columns = t.columns();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef c = columns.get(i);
            if (c.hidden() || c.dropped()) {
                continue;
            }
            attributes.add(new Attribute(i + 1, c.name(), c.type(), c.maxLength(), c.notNull(), c.defaultSql()));
        }
        List<Attribute> all = List.copyOf(attributes);
        return new Relation(Oids.table(t.id()), t.name(), Kind.TABLE, t, null, false, null, () -> all);
    }

    private Relation index(TableDef t, IndexDef index) {
        List<String> names = index == null ? t.primaryKey() : index.columns();
        List<Attribute> attributes = new ArrayList<>();
        for (String name : names) {
            int slot = t.columnIndex(name);
            if (slot < 0) {
                continue;
            }
            ColumnDef c = t.column(slot);
            // An index's attributes are its key columns, numbered from 1, with the column's type.
            attributes.add(new Attribute(attributes.size() + 1, name, c.type(), c.maxLength(), c.notNull(), null));
        }
        long oid = index == null ? Oids.primaryKey(t.id()) : Oids.index(index.id());
        String name = index == null ? t.name() + "_pkey" : index.name();
        List<Attribute> all = List.copyOf(attributes);
        return new Relation(oid, name, Kind.INDEX, t, index, index == null, null, () -> all);
    }

    private Relation view(ViewDef v) {
        return new Relation(Oids.view(v.name()), v.name(), Kind.VIEW, null, null, false, v, new ViewColumns(engine, v));
    }

    /** A view's columns: those of its query, bound against the current catalog as at every use; once. */
    private static final class ViewColumns implements Supplier<List<Attribute>> {
        private final SqlEngine engine;
        private final ViewDef view;
        private List<Attribute> columns;

        ViewColumns(SqlEngine engine, ViewDef view) {
            this.engine = engine;
            this.view = view;
        }

        @Override
        public synchronized List<Attribute> get() {
            if (columns == null) {
                List<Attribute> attributes = new ArrayList<>();
                try (Session session = engine.openSession()) {
                    List<SqlResult.Column> result = session.describe(
                            new SqlParser().parseOne("SELECT * FROM " + ident(view.name())), null, 0).columns();
                    for (SqlResult.Column c : result) {
                        attributes.add(new Attribute(attributes.size() + 1, c.name(), c.type(), 0, false, null));
                    }
                } catch (RuntimeException e) {
                    // A view whose query no longer binds (a column it reads was dropped) is listed without columns.
                    attributes.clear();
                }
                columns = List.copyOf(attributes);
            }
            return columns;
        }
    }

    /** An identifier as PostgreSQL prints it: bare when it is lower case letters, digits and underscores and no reserved word. */
    static String ident(String name) {
        if (name.matches("[a-z_][a-z0-9_$]*") && !Keywords.RESERVED.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
