package io.distdb.bench.ycsb;

import java.util.Set;
import java.util.TreeSet;

/**
 * The CQL text of the Cassandra binding's statements, for a table with key column {@code y_id}. Field sets are
 * written in sorted order, so that one statement serves every map of the same fields and the binding binds the
 * values in that order.
 */
final class CqlStatements {

    private CqlStatements() {
    }

    /** {@code fields} null: every column. */
    static String read(String table, Set<String> fields) {
        return "SELECT " + columns(fields) + " FROM " + table + " WHERE y_id = ?";
    }

    /** Rows from the start key's token on, in token order, as YCSB's own Cassandra binding scans. */
    static String scan(String table, Set<String> fields) {
        return "SELECT " + columns(fields) + " FROM " + table + " WHERE token(y_id) >= token(?) LIMIT ?";
    }

    /** Values in sorted field order, then the key. */
    static String update(String table, Set<String> fields) {
        StringBuilder set = new StringBuilder();
        for (String field : new TreeSet<>(fields)) {
            set.append(set.length() == 0 ? "" : ", ").append(field).append(" = ?");
        }
        return "UPDATE " + table + " SET " + set + " WHERE y_id = ?";
    }

    /** The key, then the values in sorted field order. */
    static String insert(String table, Set<String> fields) {
        Set<String> sorted = new TreeSet<>(fields);
        return "INSERT INTO " + table + " (y_id, " + String.join(", ", sorted) + ") VALUES (?"
                + ", ?".repeat(sorted.size()) + ")";
    }

    static String delete(String table) {
        return "DELETE FROM " + table + " WHERE y_id = ?";
    }

    /** The table YCSB's core workloads write: the key and {@code fields} text columns field0, field1, ... */
    static String createTable(String keyspace, String table, int fields) {
        StringBuilder columns = new StringBuilder("y_id text PRIMARY KEY");
        for (int i = 0; i < fields; i++) {
            columns.append(", field").append(i).append(" text");
        }
        return "CREATE TABLE " + keyspace + "." + table + " (" + columns + ")";
    }

    private static String columns(Set<String> fields) {
        return fields == null ? "*" : String.join(", ", new TreeSet<>(fields));
    }
}
