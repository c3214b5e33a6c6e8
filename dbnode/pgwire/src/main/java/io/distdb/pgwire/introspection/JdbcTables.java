package io.distdb.pgwire.introspection;

import io.distdb.pgwire.introspection.CatalogRows.Relation;
import io.distdb.sql.runtime.SqlResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgjdbc's {@code DatabaseMetaData.getTables(catalog, schemaPattern, tableNamePattern, types)}: names by
 * {@code LIKE}, and one clause per requested type, {@code ( c.relkind = 'r' AND n.nspname !~ '^pg_' ... )}.
 * The clauses of system and temporary types (those that require a schema such as {@code pg_catalog},
 * {@code pg_toast} or {@code pg_temp_}) select nothing here; without types, every relation is listed,
 * indexes included, as PostgreSQL does. Rows are ordered by TABLE_TYPE, TABLE_SCHEM, TABLE_NAME.
 */
final class JdbcTables implements CatalogQuery {

    private static final Pattern KIND = Pattern.compile("'(\\w)'");

    private final CatalogRows catalog;

    JdbcTables(CatalogRows catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.hasAll("as \"table_cat\"", "as \"table_type\"", "from pg_catalog.pg_namespace n, pg_catalog.pg_class c")) {
            return Optional.empty();
        }
        Set<String> kinds = kinds(q);
        Predicate<String> name = q.likeFilter("c.relname");
        Predicate<String> schema = q.likeFilter("n.nspname");
        List<Relation> found = new ArrayList<>();
        if (schema.test(CatalogRows.SCHEMA)) {
            for (Relation r : catalog.relations()) {
                if ((kinds == null || kinds.contains(r.kind().relkind)) && name.test(r.name())) {
                    found.add(r);
                }
            }
        }
        found.sort(Comparator.comparing((Relation r) -> r.kind().jdbcName).thenComparing(Relation::name));
        Rows rows = new Rows().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
                "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
        for (Relation r : found) {
            rows.row(client.database(), CatalogRows.SCHEMA, r.name(), r.kind().jdbcName, null, "", "", "", "", "");
        }
        return Optional.of(rows.result());
    }

    /** The relkinds the type clauses ask for in user schemas; null when the query names no types (all of them). */
    private static Set<String> kinds(QueryText q) {
        int start = q.lower.indexOf("(false");
        if (start < 0) {
            return null;
        }
        int end = q.lower.indexOf(" order by", start);
        // The original text: relkinds are case-sensitive ('S' sequence, 's' special).
        String clauses = q.text.substring(start, end < 0 ? q.text.length() : end);
        Set<String> kinds = new HashSet<>();
        String[] parts = clauses.split("(?i)c\\.relkind");
        for (int i = 1; i < parts.length; i++) {
            String clause = parts[i].toLowerCase(java.util.Locale.ROOT);
            String original = parts[i];
            // System and temporary types are the clauses that require a schema by name or by prefix.
            if (clause.contains("nspname = '") || clause.contains("nspname ~ '")) {
                continue;
            }
            String head = original.contains(")") ? original.substring(0, original.indexOf(')') + 1) : original;
            Matcher m = KIND.matcher(clause.startsWith(" in (") ? head : head.substring(0, Math.min(head.length(), 8)));
            while (m.find()) {
                kinds.add(m.group(1));
            }
        }
        return kinds;
    }
}
