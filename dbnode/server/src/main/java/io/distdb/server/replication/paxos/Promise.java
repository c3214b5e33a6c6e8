package io.distdb.server.replication.paxos;

import io.distdb.server.replication.Versioned;

/**
 * A replica's answer to prepare. When {@code granted}, it will accept no proposal below the ballot and
 * reports what the proposer must know: the proposal it accepted and has not seen committed
 * ({@code inProgress}, may be {@code null}), the ballot it last committed, and its version of the key
 * (tombstones included). When refused, {@code promised} is the higher ballot it promised instead.
 */
public record Promise(boolean granted, Ballot promised, Proposal inProgress, Ballot committed, Versioned current) {
}
