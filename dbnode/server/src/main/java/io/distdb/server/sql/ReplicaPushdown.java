package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.EntryFold;
import io.distdb.server.replication.EntryFolds;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.EntryShapers;
import io.distdb.sql.exec.AggregateFragment;
import io.distdb.sql.exec.ScanFragment;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replica side of SQL pushdown: rebuilds the shaper of each scan page from the plan fragment the
 * coordinator sent. A scan sends the same fragment with every page, so the decoded fragments of recent scans
 * are kept; the fold of a partial aggregate is rebuilt from its fragment for each request.
 */
@Singleton
public class ReplicaPushdown implements EntryShapers, EntryFolds {

    private static final int CACHED = 64;

    private final ObjectMapper json;
    private final Map<ByteBuffer, EntryShaper> recent = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, EntryShaper> eldest) {
            return size() > CACHED;
        }
    };

    public ReplicaPushdown(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public EntryShaper fromSpec(byte[] spec) {
        ByteBuffer id = ByteBuffer.wrap(spec);
        synchronized (recent) {
            EntryShaper cached = recent.get(id);
            if (cached != null) {
                return cached;
            }
        }
        EntryShaper shaper = new FragmentShaper(ScanFragment.read(spec, json), json);
        synchronized (recent) {
            recent.put(id, shaper);
        }
        return shaper;
    }

    @Override
    public EntryFold foldFromSpec(byte[] spec) {
        return new FragmentFold(AggregateFragment.read(spec, json), json);
    }
}
