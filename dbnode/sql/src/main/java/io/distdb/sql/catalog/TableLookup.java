package io.distdb.sql.catalog;

/** What the binder reads of the catalog: tables (and document collections) and views by name. */
public interface TableLookup {

    /** The table, or {@code null} if there is none of that name; {@code schema} is null or "documents". */
    TableDef table(String schema, String name);

    /** The view, or {@code null}. */
    default ViewDef view(String name) {
        return null;
    }

    /** Estimated rows of a table, for join order; a guess is fine. */
    default long estimatedRows(TableDef table) {
        return 1000;
    }
}
