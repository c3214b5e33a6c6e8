package io.distdb.sql.catalog;

/** Finds a table's definition by its (normalized) name. */
@FunctionalInterface
public interface TableLookup {

    /** The table, or {@code null} if there is none of that name. */
    TableDef table(String name);
}
