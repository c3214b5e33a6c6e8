package io.distdb.admin.api;

/** Where the rebalance of an epoch stands on one node. */
public enum RebalanceState {
    /** No rebalance has been asked for this node's current epoch. */
    IDLE,
    RUNNING,
    /** Every range this node had to send or receive has moved. */
    COMPLETED,
    /** Stopped on an error; starting it again resumes where it stopped. */
    FAILED
}
