package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.Versioned;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.exec.ScanFragment;

/**
 * A SQL scan's conditions run on a replica: a row that fails goes back as a tombstone at its own timestamp
 * (so it still hides older versions of the row on other replicas), a row that passes goes back with only the
 * columns the query reads, a row the conditions cannot be evaluated on goes back whole. The coordinator checks every condition again on what it receives.
 */
final class FragmentShaper implements EntryShaper {

    private final ScanFragment fragment;
    private final RowCodec codec;

    FragmentShaper(ScanFragment fragment, ObjectMapper json) {
        this.fragment = fragment;
        this.codec = new RowCodec(json);
    }

    @Override
    public byte[] spec() {
        return fragment.bytes();
    }

    @Override
    public Versioned shape(byte[] key, Versioned live) {
        byte[] shaped = fragment.shape(live.payload(), codec);
        if (shaped == null) {
            return Versioned.tombstone(live.timestamp());
        }
        return shaped == live.payload() ? live : Versioned.value(live.timestamp(), shaped);
    }
}
