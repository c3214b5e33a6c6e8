package io.distdb.sql.runtime;

import io.distdb.sql.types.SqlType;

import java.util.List;

/**
 * What one statement returns: for a query its columns and rows, for other statements the number of rows
 * it affected. {@code commandTag} is PostgreSQL's completion tag ({@code SELECT 3}, {@code INSERT 0 2},
 * {@code CREATE TABLE}), which the wire protocol sends as it is.
 *
 * <p>Row values have the run-time classes {@link SqlType} documents.
 */
public record SqlResult(List<Column> columns, List<Object[]> rows, long rowsAffected, String commandTag) {

    /** One result column: its name and type. */
    public record Column(String name, SqlType type) {
    }

    public SqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Whether this is a query's result (columns and rows) rather than a count. */
    public boolean hasRows() {
        return !columns.isEmpty();
    }

    public static SqlResult rows(List<Column> columns, List<Object[]> rows) {
        return new SqlResult(columns, rows, 0, "SELECT " + rows.size());
    }

    public static SqlResult count(String tag, long affected) {
        return new SqlResult(List.of(), List.of(), affected, tag);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
