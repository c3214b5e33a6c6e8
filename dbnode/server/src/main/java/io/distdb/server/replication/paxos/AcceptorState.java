package io.distdb.server.replication.paxos;

/**
 * What one replica remembers about one key between Paxos messages: the highest ballot it promised, the
 * proposal it accepted and has not seen committed, and the highest ballot it committed. The promise is
 * kept after a commit on purpose: forgetting it would let a proposer with an older ballot through, whose
 * write (timestamped with that older ballot) would then silently lose to the committed one.
 */
public record AcceptorState(Ballot promised, Proposal accepted, Ballot committed) {

    public static final AcceptorState EMPTY = new AcceptorState(null, null, null);

    public AcceptorState promise(Ballot ballot) {
        return new AcceptorState(ballot, accepted, committed);
    }

    public AcceptorState accept(Proposal proposal) {
        return new AcceptorState(Ballot.max(promised, proposal.ballot()), proposal, committed);
    }

    /** After a commit of {@code ballot}: an accepted proposal no newer than it is settled and dropped. */
    public AcceptorState commit(Ballot ballot) {
        Proposal open = accepted != null && accepted.ballot().isAfter(ballot) ? accepted : null;
        return new AcceptorState(promised, open, Ballot.max(committed, ballot));
    }
}
