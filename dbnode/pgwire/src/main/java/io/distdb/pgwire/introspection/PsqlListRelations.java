package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.sql.runtime.SqlResult;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * psql's relation lists: {@code \d} (no pattern), {@code \dt}, {@code \di}, {@code \dv}, {@code \ds},
 * {@code \dm}, their {@code +} forms and patterns ({@code \dt t*}, {@code \di public.t_*}). psql builds one
 * query for all of them, naming every column with a quoted alias (Schema, Name, Type, Owner, and Table for
 * indexes; Persistence, Access method, Size, Description with {@code +}) and choosing the kinds with
 * {@code c.relkind IN ('r','p','')}; the answer has exactly those columns and the relations of those kinds
 * whose names match psql's regular expressions.
 */
final class PsqlListRelations implements CatalogQuery {

    private final CatalogRows catalog;

    PsqlListRelations(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.hasAll("case c.relkind when 'r' then 'table'", "from pg_catalog.pg_class c", "c.relkind in (")) {
            return Optional.empty();
        }
        List<String> kinds = q.literalsAfter("c.relkind in (", ")");
        Predicate<String> name = q.regexFilter("c.relname");
        Predicate<String> schema = q.regexFilter("n.nspname");
        List<String> columns = SelectList.aliases(q.beforeAsWritten(" from pg_catalog.pg_class c"));
        Rows rows = new Rows().text(columns.toArray(String[]::new));
        if (schema.test(CatalogRows.SCHEMA)) {
            for (Relation r : catalog.relations()) {
                if (kinds.contains(r.kind().relkind) && name.test(r.name())) {
                    rows.row(columns.stream().map(c -> value(c, r, client)).toArray());
                }
            }
        }
        return Optional.of(rows.result());
    }

    private static Object value(String column, Relation r, Client client) {
        return switch (column) {
            case "Schema" -> CatalogRows.SCHEMA;
            case "Name" -> r.name();
            case "Type" -> r.kind().psqlName;
            case "Owner" -> client.user();
            case "Table" -> r.kind() == CatalogRows.Kind.INDEX ? r.table().name() : null;
            case "Persistence" -> "permanent";
            case "Access method" -> r.accessMethod();
            default -> null; // Size, Description: DistDB keeps neither per relation
        };
    }
}
