package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rest of what pgjdbc's DatabaseMetaData asks: foreign keys ({@code getImportedKeys},
 * {@code getExportedKeys}, {@code getCrossReference}), which DistDB does not have, so none; and the one
 * server setting it reads from pg_settings before them, {@code max_index_keys} (PostgreSQL's 32).
 */
final class JdbcKeysAndSettings implements CatalogQuery {

    private static final Pattern NAME = Pattern.compile("where name ?= ?'([a-z_]+)'");
    private static final Map<String, String> SETTINGS = Map.of("max_index_keys", "32", "max_identifier_length", "63");

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (q.hasAll("as \"pktable_cat\"", "as \"fk_name\"", "pg_catalog.pg_constraint con")) {
            Rows rows = new Rows().text("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
                    "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME").column("KEY_SEQ", SqlType.INTEGER)
                    .column("UPDATE_RULE", SqlType.INTEGER).column("DELETE_RULE", SqlType.INTEGER).text("FK_NAME", "PK_NAME")
                    .column("DEFERRABILITY", SqlType.INTEGER);
            return Optional.of(rows.result());
        }
        if (q.startsWith("select setting from pg_catalog.pg_settings where name")) {
            Rows rows = new Rows().text("setting");
            Matcher m = NAME.matcher(q.lower);
            if (m.find() && SETTINGS.containsKey(m.group(1))) {
                rows.row(SETTINGS.get(m.group(1)));
            }
            return Optional.of(rows.result());
        }
        return Optional.empty();
    }
}
