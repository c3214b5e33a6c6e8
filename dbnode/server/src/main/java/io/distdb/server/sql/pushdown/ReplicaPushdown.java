package io.distdb.server.sql.pushdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.EntryFold;
import io.distdb.server.replication.EntryFolds;
import io.distdb.server.replication.EntryShapers;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replica side of SQL pushdown: rebuilds the shaper of each scan page and the fold of each partial
 * aggregate a coordinator asks for. A scan sends the same spec with every page, so the compiled shapers of
 * recent specs are kept.
 */
@Singleton
public class ReplicaPushdown implements EntryShapers, EntryFolds {

    private static final int CACHED = 64;

    private final RowPushdown pushdown;
    private final Map<ByteBuffer, EntryShaper> recent = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, EntryShaper> eldest) {
            return size() > CACHED;
        }
    };

    public ReplicaPushdown(ObjectMapper json) {
        this.pushdown = new RowPushdown(json);
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
        EntryShaper shaper = pushdown.fromSpec(spec);
        synchronized (recent) {
            recent.put(id, shaper);
        }
        return shaper;
    }

    @Override
    public EntryFold foldFromSpec(byte[] spec) {
        return pushdown.foldFromSpec(spec);
    }
}
