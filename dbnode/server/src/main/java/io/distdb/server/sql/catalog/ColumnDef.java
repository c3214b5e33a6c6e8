package io.distdb.server.sql.catalog;

/**
 * One column. {@code maxLength} bounds VARCHAR(n) text (0 = unbounded). A {@code hidden} column is the
 * generated row id of a table declared without a primary key: stored like any column, never shown by
 * {@code *} and not addressable by name.
 */
public record ColumnDef(String name, SqlType type, boolean notNull, int maxLength, boolean hidden) {

    public static final String ROW_ID = "_rowid";
}
