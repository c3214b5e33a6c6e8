package io.distdb.server.replication.paxos;

import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Versioned;
import io.distdb.server.store.KeyLocks;
import io.distdb.server.store.Namespace;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The replica side of Paxos for the keys this node holds: promises, accepts and commits, each decided
 * under the key's lock against the state stored in the PAXOS namespace, which is written before the
 * answer leaves so that a restarted replica keeps its word. Every message may arrive late, twice or out
 * of order: a replica only ever moves its promise up, and a commit is a last-write-wins apply.
 */
public final class PaxosAcceptor {

    private final LocalReplica replica;
    private final KeyLocks locks = new KeyLocks(256);

    public PaxosAcceptor(LocalReplica replica) {
        this.replica = replica;
    }

    /** Promises {@code ballot} unless a higher one was promised; a repeated prepare of the same ballot is granted again. */
    public Promise prepare(byte[] key, Ballot ballot) {
        replica.clock().observe(ballot.timestamp());
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            AcceptorState state = state(key);
            if (state.promised() != null && state.promised().compareTo(ballot) > 0) {
                return new Promise(false, state.promised(), null, state.committed(), null);
            }
            store(key, state.promise(ballot));
            return new Promise(true, ballot, state.accepted(), state.committed(), replica.read(key));
        } finally {
            lock.unlock();
        }
    }

    /** Accepts {@code proposal} unless a higher ballot was promised since; returns whether it did. */
    public boolean propose(byte[] key, Proposal proposal) {
        replica.clock().observe(proposal.ballot().timestamp());
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            AcceptorState state = state(key);
            if (state.promised() != null && state.promised().compareTo(proposal.ballot()) > 0) {
                return false;
            }
            store(key, state.accept(proposal));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a chosen proposal's write to this replica's data and settles the accepted proposal it
     * supersedes. The data goes first: a crash in between leaves the proposal accepted, and the next
     * proposer commits it again, which changes nothing.
     */
    public void commit(byte[] key, Proposal proposal) {
        replica.apply(key, proposal.update());
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            store(key, state(key).commit(proposal.ballot()));
        } finally {
            lock.unlock();
        }
    }

    /** This replica's version of {@code key}, tombstones included. */
    public Versioned read(byte[] key) {
        return replica.read(key);
    }

    AcceptorState state(byte[] key) {
        byte[] stored = replica.store().get(stateKey(key));
        return stored == null ? AcceptorState.EMPTY : PaxosCodec.decodeState(stored);
    }

    private void store(byte[] key, AcceptorState state) {
        replica.store().put(stateKey(key), PaxosCodec.state(state));
    }

    static byte[] stateKey(byte[] key) {
        byte[] out = new byte[key.length + 1];
        out[0] = Namespace.PAXOS.tag();
        System.arraycopy(key, 0, out, 1, key.length);
        return out;
    }
}
