package io.distdb.server.sql;

import io.distdb.server.api.ApiError;
import io.distdb.server.api.ApiException;

/** The SQL error codes a client can get, all HTTP 400 (413 for oversized rows comes from ClientLimits). */
public final class SqlErrors {

    public static final String SYNTAX = "sql_syntax_error";
    public static final String GENERAL = "sql_error";
    public static final String UNKNOWN_TABLE = "unknown_table";
    public static final String UNKNOWN_COLUMN = "unknown_column";
    public static final String TYPE_MISMATCH = "type_mismatch";
    public static final String CONSTRAINT = "constraint_violation";

    private SqlErrors() {
    }

    public static ApiException syntax(String message, int line, int column) {
        return new ApiException(400, SYNTAX, message, new ApiError.Position(line, column));
    }

    public static ApiException error(String message) {
        return new ApiException(400, GENERAL, message);
    }

    public static ApiException unsupported(String what) {
        return new ApiException(400, GENERAL, what + " is not supported (see docs/sql.md)");
    }

    public static ApiException unknownTable(String name) {
        return new ApiException(400, UNKNOWN_TABLE, "table '" + name + "' does not exist");
    }

    public static ApiException unknownColumn(String name) {
        return new ApiException(400, UNKNOWN_COLUMN, "column '" + name + "' does not exist");
    }

    public static ApiException typeMismatch(String message) {
        return new ApiException(400, TYPE_MISMATCH, message);
    }

    public static ApiException constraint(String message) {
        return new ApiException(400, CONSTRAINT, message);
    }
}
