package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one answer: its columns, then its rows. Values are converted to the classes the engine's results
 * use (integers as {@link Long}, characters as one-character text), so the wire layer formats them as it
 * formats the engine's own rows.
 */
final class Rows {

    private final List<SqlResult.Column> columns = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();

    Rows column(String name, SqlType type) {
        columns.add(new SqlResult.Column(name, type));
        return this;
    }

    Rows text(String... names) {
        for (String n : names) {
            column(n, SqlType.TEXT);
        }
        return this;
    }

    int width() {
        return columns.size();
    }

    Rows row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row of " + values.length + " values for " + columns.size() + " columns");
        }
        Object[] row = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Integer n) {
                v = n.longValue();
            } else if (v instanceof Short n) {
                v = n.longValue();
            } else if (v instanceof Character c) {
                v = String.valueOf(c);
            }
            row[i] = v;
        }
        rows.add(row);
        return this;
    }

    SqlResult result() {
        return SqlResult.rows(columns, rows);
    }

    /** An answer with these text columns and no row: what DistDB has none of (policies, triggers, ...). */
    static SqlResult empty(String... names) {
        return new Rows().text(names).result();
    }
}
