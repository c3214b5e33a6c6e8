package io.distdb.server.replication;

/** Rebuilds an {@link EntryFold} from the spec a coordinator sent. */
public interface EntryFolds {

    /** The fold a spec describes; a spec this node cannot read fails with an {@link IllegalArgumentException}. */
    EntryFold foldFromSpec(byte[] spec);
}
