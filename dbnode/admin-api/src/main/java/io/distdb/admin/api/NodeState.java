package io.distdb.admin.api;

/** What a node reports about itself in {@link NodeStatus}. */
public enum NodeState {
    /** Recovering its store; not serving yet. */
    STARTING,
    /** Serving, and receiving the ranges a rebalance moves to it. */
    JOINING,
    /** Serving the ranges it owns. */
    NORMAL,
    /** Handing its ranges to other members. */
    LEAVING,
    /** Owns nothing any more: safe to stop and delete. */
    DRAINED
}
