package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;

import java.util.List;
import java.util.Optional;

/**
 * psql's {@code \l} (databases) and {@code \dn} (schemas), with or without {@code +} and a pattern. A
 * DistDB node serves one database, the one the client named, and one schema, {@code public}. Text is
 * UTF-8 and compares by code point, which is PostgreSQL's "C" collation.
 */
final class PsqlListDatabases implements CatalogQuery {

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (q.hasAll("d.datname as \"name\"", "from pg_catalog.pg_database d")) {
            List<String> columns = SelectList.aliases(q.beforeAsWritten(" from pg_catalog.pg_database d"));
            Rows rows = new Rows().text(columns.toArray(String[]::new));
            if (q.regexFilter("d.datname").test(client.database())) {
                rows.row(columns.stream().map(c -> database(c, client)).toArray());
            }
            return Optional.of(rows.result());
        }
        if (q.hasAll("n.nspname as \"name\"", "from pg_catalog.pg_namespace n")) {
            List<String> columns = SelectList.aliases(q.beforeAsWritten(" from pg_catalog.pg_namespace n"));
            Rows rows = new Rows().text(columns.toArray(String[]::new));
            if (q.regexFilter("n.nspname").test(CatalogRows.SCHEMA)) {
                rows.row(columns.stream().map(c -> switch (c) {
                    case "Name" -> CatalogRows.SCHEMA;
                    case "Owner" -> client.user();
                    default -> null;
                }).toArray());
            }
            return Optional.of(rows.result());
        }
        return Optional.empty();
    }

    private static Object database(String column, Client client) {
        return switch (column) {
            case "Name" -> client.database();
            case "Owner" -> client.user();
            case "Encoding" -> "UTF8";
            case "Collate", "Ctype" -> "C";
            case "Locale Provider" -> "libc";
            case "Tablespace" -> "pg_default";
            default -> null; // ICU Locale, Access privileges, Size, Description
        };
    }
}
