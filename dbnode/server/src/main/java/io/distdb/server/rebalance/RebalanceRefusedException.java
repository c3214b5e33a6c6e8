package io.distdb.server.rebalance;

/** A rebalance request the node refuses: no topology yet, or an epoch that is not the current one. */
public final class RebalanceRefusedException extends RuntimeException {

    private final int status;
    private final String error;

    public RebalanceRefusedException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
