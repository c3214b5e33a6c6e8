package io.distdb.pgwire;

/**
 * Told about every statement a session ran, or failed to parse: how long it took and, when it failed, its
 * SQLSTATE. Lets the node that embeds the listener count and time wire-protocol statements without this module
 * knowing any metrics library. Called on the session's worker thread, so it must be cheap.
 */
@FunctionalInterface
public interface StatementListener {

    /** Does nothing: the default until someone listens. */
    StatementListener NONE = (nanos, sqlState) -> {
    };

    /** @param sqlState null when the statement succeeded, else the error's SQLSTATE ({@code XX000} if unexpected) */
    void finished(long nanos, String sqlState);
}
