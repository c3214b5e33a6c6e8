package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.EntryFold;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.exec.AggregateFragment;

/** A SQL aggregation over one table, folded by each replica over its rows of a range (see {@link AggregateFragment}). */
final class FragmentFold implements EntryFold {

    private final AggregateFragment fragment;
    private final RowCodec codec;

    FragmentFold(AggregateFragment fragment, ObjectMapper json) {
        this.fragment = fragment;
        this.codec = new RowCodec(json);
    }

    @Override
    public byte[] spec() {
        return fragment.bytes();
    }

    @Override
    public Accumulation start() {
        AggregateFragment.Partial partial = fragment.start(codec);
        return new Accumulation() {
            @Override
            public void add(byte[] key, byte[] payload) {
                partial.add(key, payload);
            }

            @Override
            public byte[] finish() {
                return partial.finish();
            }
        };
    }
}
