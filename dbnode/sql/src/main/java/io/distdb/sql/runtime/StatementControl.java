package io.distdb.sql.runtime;

/**
 * The caller's hold on a running statement: a front end cancels it when its client goes away or asks to
 * cancel, and the node cancels every running statement when it shuts down.
 */
public final class StatementControl {

    private volatile String cancelReason;

    public static StatementControl none() {
        return new StatementControl();
    }

    public void cancel(String reason) {
        cancelReason = reason;
    }

    public boolean isCancelled() {
        return cancelReason != null;
    }

    public String reason() {
        return cancelReason == null ? "" : cancelReason;
    }
}
