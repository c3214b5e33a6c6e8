package io.distdb.server.sql.pushdown;

import io.distdb.server.replication.EntryFold;

import java.util.function.Supplier;

/** A SELECT's grouping and aggregates as an {@link EntryFold}: each accumulation is one replica's groups. */
final class GroupFold implements EntryFold {

    private final byte[] spec;
    private final Supplier<Accumulation> accumulations;

    GroupFold(byte[] spec, Supplier<Accumulation> accumulations) {
        this.spec = spec;
        this.accumulations = accumulations;
    }

    @Override
    public byte[] spec() {
        return spec;
    }

    @Override
    public Accumulation start() {
        return accumulations.get();
    }
}
