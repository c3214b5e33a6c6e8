package io.distdb.server.replication;

/** Rebuilds an {@link EntryShaper} from the spec a coordinator sent with a scan. */
public interface EntryShapers {

    /** The shaper a spec describes; a spec this node cannot read fails with an {@link IllegalArgumentException}. */
    EntryShaper fromSpec(byte[] spec);
}
