package io.distdb.admin.api;

/**
 * Progress of a rebalance on one node ({@code GET /admin/v1/rebalance}): ranges and bytes moved so far,
 * an estimate of the time left while running, and the last error if it failed.
 */
public record RebalanceStatus(long epoch, RebalanceState state, int rangesTotal, int rangesDone,
                              long bytesMoved, long bytesTotal, Long secondsRemaining, String error) {

    public static RebalanceStatus idle(long epoch) {
        return new RebalanceStatus(epoch, RebalanceState.IDLE, 0, 0, 0, 0, null, null);
    }

    public boolean isFinished() {
        return state == RebalanceState.COMPLETED;
    }
}
