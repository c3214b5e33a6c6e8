package io.distdb.server.api;

import io.distdb.sql.errors.SqlException;

/**
 * How the HTTP API reports a SQL error: the usual JSON error with the engine's error word, its SQLSTATE and,
 * for syntax errors, the position. Errors in the statement are 400; the rest follow what went wrong.
 */
public final class SqlHttpErrors {

    private SqlHttpErrors() {
    }

    public static int status(SqlException e) {
        String state = e.sqlState();
        if (state.equals("54000")) {
            return 413; // a row or key over the node's size limits
        }
        if (state.equals("57014")) {
            return e.getMessage().contains("shutting down") || e.getMessage().contains("shutdown") ? 503 : 408;
        }
        if (state.equals("40001")) {
            return 409; // writers of the same key on other nodes kept winning: the statement changed nothing and can be retried
        }
        if (state.equals("57P03")) {
            return 503; // the metadata group, or too few replicas of a key, cannot answer now: try again, through any node
        }
        if (state.equals("53200")) {
            return 400; // the statement needs more memory than its budget: narrow it, or raise distdb.sql.memory-budget
        }
        return 400;
    }

    public static ApiError body(SqlException e) {
        SqlException.Position p = e.position();
        return new ApiError(e.error(), e.getMessage(), p == null ? null : new ApiError.Position(p.line(), p.column()), e.sqlState());
    }
}
