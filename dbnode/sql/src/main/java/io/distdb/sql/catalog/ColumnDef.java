package io.distdb.sql.catalog;

import io.distdb.sql.types.SqlType;

/**
 * One column. {@code maxLength} bounds VARCHAR(n) text (0 = unbounded). A {@code hidden} column is the
 * generated row id of a table declared without a primary key: stored like any column, never shown by
 * {@code *} and not addressable by name. {@code defaultSql} is the DEFAULT expression as written
 * ({@code null} for none), parsed again when a row needs it, so the catalog stores no expression format
 * of its own.
 */
public record ColumnDef(String name, SqlType type, boolean notNull, int maxLength, boolean hidden, String defaultSql) {

    public static final String ROW_ID = "_rowid";

    public ColumnDef(String name, SqlType type, boolean notNull, int maxLength, boolean hidden) {
        this(name, type, notNull, maxLength, hidden, null);
    }

    public ColumnDef withName(String newName) {
        return new ColumnDef(newName, type, notNull, maxLength, hidden, defaultSql);
    }

    public ColumnDef withDefault(String sql) {
        return new ColumnDef(name, type, notNull, maxLength, hidden, sql);
    }

    public ColumnDef withNotNull(boolean value) {
        return new ColumnDef(name, type, value, maxLength, hidden, defaultSql);
    }
}
