package io.distdb.server.replication.paxos;

import io.distdb.server.replication.Versioned;

/** A value proposed under a ballot: the versioned write (a value or a tombstone) that commit applies. */
public record Proposal(Ballot ballot, Versioned update) {
}
