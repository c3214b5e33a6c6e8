package io.distdb.server.replication.paxos;

/** The outcome of a compare-and-set: whether it wrote, and otherwise the live value that stopped it ({@code null}: absent). */
public record CasResult(boolean applied, byte[] current) {
}
