package io.distdb.server.metrics;

import io.distdb.pgwire.StatementListener;
import jakarta.inject.Singleton;

/**
 * Counts and times the statements of PostgreSQL wire-protocol sessions as the {@code pgwire} API. A session has
 * no per-statement consistency level, so every statement runs at the node's default.
 */
@Singleton
public class PgWireStatementTimer implements StatementListener {

    private final RequestMetrics metrics;

    public PgWireStatementTimer(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void finished(long nanos, String sqlState) {
        metrics.record(Api.PGWIRE, null, nanos, sqlState == null ? null : errorOf(sqlState));
    }

    /**
     * SQLSTATE classes that are the server's fault: connection (08), insufficient resources (53), operator
     * intervention such as a cancelled or timed-out statement (57), system (58) and internal (XX) errors.
     * Everything else (syntax, constraints, data) is the client's.
     */
    static RequestMetrics.ErrorKind errorOf(String sqlState) {
        String errorClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
        switch (errorClass) {
            case "08":
            case "53":
            case "57":
            case "58":
            case "XX":
                return RequestMetrics.ErrorKind.SERVER;
            default:
                return RequestMetrics.ErrorKind.CLIENT;
        }
    }
}
