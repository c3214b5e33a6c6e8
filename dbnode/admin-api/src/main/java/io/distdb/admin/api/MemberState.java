package io.distdb.admin.api;

/** A member's place in a published topology. */
public enum MemberState {
    /** Owns its ranges. */
    NORMAL,
    /** Takes ranges over in the rebalance of this epoch; reads stay on the old owners until it has them. */
    JOINING,
    /** Hands all its ranges over in the rebalance of this epoch, then reports {@link NodeState#DRAINED}. */
    LEAVING
}
