package io.distdb.server.sql.exec;

import io.distdb.server.documents.DocumentStore;
import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.catalog.TableLookup;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.SqlType;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.expr.Names;
import net.sf.jsqlparser.schema.Table;

import java.util.List;

/** Resolves table names: catalog tables, and {@code documents.<collection>} as a read-only view of a collection. */
public final class Tables {

    public static final String DOCUMENTS_SCHEMA = "documents";

    private Tables() {
    }

    public static TableDef resolve(TableLookup catalog, Table table) {
        String schema = Names.normalize(table.getSchemaName());
        String name = Names.normalize(table.getName());
        if (schema != null && schema.equals(DOCUMENTS_SCHEMA)) {
            String collection = stripQuotes(table.getName());
            if (!DocumentStore.isValidCollectionName(collection)) {
                throw SqlErrors.unknownTable(DOCUMENTS_SCHEMA + "." + collection);
            }
            return new TableDef(-1, DOCUMENTS_SCHEMA + "." + collection,
                    List.of(new ColumnDef("id", SqlType.TEXT, true, 0, false), new ColumnDef("doc", SqlType.JSON, false, 0, false)),
                    List.of("id"), List.of(), true);
        }
        if (schema != null || table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
            throw new io.distdb.server.api.ApiException(400, SqlErrors.UNKNOWN_TABLE, "table '" + table.getFullyQualifiedName()
                    + "' does not exist; the only schema is 'documents'");
        }
        TableDef def = catalog.table(name);
        if (def == null) {
            throw SqlErrors.unknownTable(name);
        }
        return def;
    }

    /** The name a FROM item is referred to by: its alias, else its table name. */
    public static String alias(Table table) {
        if (table.getAlias() != null) {
            return Names.normalize(table.getAlias().getName());
        }
        return Names.normalize(table.getName());
    }

    /** Collection names are case-sensitive, so only quotes are removed. */
    private static String stripQuotes(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") || s.startsWith("`"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
