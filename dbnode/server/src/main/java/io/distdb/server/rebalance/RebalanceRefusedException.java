package io.distdb.server.rebalance;

import io.distdb.server.errors.ConflictException;

/**
 * A rebalance request the node refuses: no topology yet ({@code no_topology}), or an epoch that is not the current
 * one ({@code stale_epoch}).
 */
public final class RebalanceRefusedException extends ConflictException {

    public RebalanceRefusedException(String error, String message) {
        super(error, message);
    }
}
