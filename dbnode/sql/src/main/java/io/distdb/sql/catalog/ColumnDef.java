package io.distdb.sql.catalog;

import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

/**
 * One column. {@code maxLength} is the type modifier: VARCHAR(n)'s length, NUMERIC(p,s) as {@code p << 16 | s}
 * (0 = none). A {@code hidden} column is the
 * generated row id of a table declared without a primary key: stored like any column, never shown by
 * {@code *} and not addressable by name. {@code defaultSql} is the DEFAULT expression as written
 * ({@code null} for none), parsed again when a row needs it, so the catalog stores no expression format
 * of its own. {@code missingText} is what rows stored before an {@code ALTER TABLE ... ADD COLUMN} read as
 * in this column (the default at the time of the ALTER, as PostgreSQL keeps it), so adding a column
 * rewrites no row.
 */
public record ColumnDef(String name, SqlType type, boolean notNull, int maxLength, boolean hidden, String defaultSql,
                        String missingText) {

    public static final String ROW_ID = "_rowid";
    /** Name prefix of a dropped column: it keeps its place in stored rows, and no name reaches it. */
    public static final String DROPPED = "\0dropped";

    public ColumnDef(String name, SqlType type, boolean notNull, int maxLength, boolean hidden) {
        this(name, type, notNull, maxLength, hidden, null, null);
    }

    public boolean dropped() {
        return name.startsWith(DROPPED);
    }

    public ColumnDef withName(String newName) {
        return new ColumnDef(newName, type, notNull, maxLength, hidden, defaultSql, missingText);
    }

    public ColumnDef withDefault(String sql) {
        return new ColumnDef(name, type, notNull, maxLength, hidden, sql, missingText);
    }

    public ColumnDef withNotNull(boolean value) {
        return new ColumnDef(name, type, value, maxLength, hidden, defaultSql, missingText);
    }

    /** The value rows written before this column was added read as (its text form; null for NULL). */
    public ColumnDef withMissing(String text) {
        return new ColumnDef(name, type, notNull, maxLength, hidden, defaultSql, text);
    }

    /** {@code v} converted for storing in this column: PostgreSQL's assignment casts ({@link Values#assign}). */
    public Object assign(Object v) {
        return Values.assign(v, name, type, maxLength);
    }

    public ColumnDef droppedAs(int position) {
        return new ColumnDef(DROPPED + position, type, false, 0, true, null, null);
    }
}
