package io.distdb.server.metadata;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the metadata group agrees on, as a deterministic state: the SQL catalog's definitions by key with
 * the version that moves on every committed change, and counters (table ids, row id blocks). Not
 * thread-safe: the state machine applies commands one at a time and copies what readers need.
 */
public final class MetadataState {

    /** The answer {@link #apply} gives a change that was aborted before it was applied. */
    public static final long ABORTED = Long.MIN_VALUE;
    /** Changes settled, by request id, remembered this long (oldest forgotten first): ample for any retry. */
    static final int SETTLED_KEPT = 10_000;

    private final TreeMap<String, byte[]> entries = new TreeMap<>();
    /** Answers of the last changes, and {@link #ABORTED} for those aborted first, in the order they were settled. */
    private final LinkedHashMap<String, Long> settled = new LinkedHashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private long version = 1;

    /**
     * Applies {@code command} and returns its answer: for a commit the new version, or -1 when the catalog
     * is no longer at the expected version (nothing changes), or {@link #ABORTED}; for an allocation the first
     * value reserved; for an abort, the answer of the change if it was applied, else {@link #ABORTED}.
     */
    public long apply(MetadataCommand command) {
        if (command instanceof MetadataCommand.Commit c) {
            Long earlier = settled.get(c.requestId());
            if (earlier != null) {
                return earlier; // aborted before it arrived, or a client's retry of a change already applied
            }
            long answer;
            if (c.expectedVersion() != version) {
                answer = -1;
            } else {
                c.deletes().forEach(entries::remove);
                entries.putAll(c.puts());
                answer = ++version;
            }
            settle(c.requestId(), answer);
            return answer;
        }
        if (command instanceof MetadataCommand.Abort a) {
            Long earlier = settled.get(a.requestId());
            if (earlier != null) {
                return earlier;
            }
            settle(a.requestId(), ABORTED);
            return ABORTED;
        }
        if (command instanceof MetadataCommand.Allocate a) {
            if (a.count() <= 0) {
                throw new IllegalArgumentException("a counter moves by at least 1, not " + a.count());
            }
            long first = counters.getOrDefault(a.counter(), 1L);
            counters.put(a.counter(), first + a.count());
            return first;
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private void settle(String requestId, long answer) {
        settled.put(requestId, answer);
        if (settled.size() > SETTLED_KEPT) {
            settled.remove(settled.keySet().iterator().next());
        }
    }

    public long version() {
        return version;
    }

    /** A copy of the definitions. */
    public Map<String, byte[]> entries() {
        return new TreeMap<>(entries);
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 1L);
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(version);
        out.writeInt(entries.size());
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
        out.writeInt(counters.size());
        for (Map.Entry<String, Long> c : new TreeMap<>(counters).entrySet()) {
            out.writeUTF(c.getKey());
            out.writeLong(c.getValue());
        }
        out.writeInt(settled.size());
        for (Map.Entry<String, Long> s : settled.entrySet()) {
            out.writeUTF(s.getKey());
            out.writeLong(s.getValue());
        }
    }

    /** Replaces this state with the one {@link #writeTo} wrote. */
    public void readFrom(DataInput in) throws IOException {
        entries.clear();
        counters.clear();
        version = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            entries.put(key, value);
        }
        int c = in.readInt();
        for (int i = 0; i < c; i++) {
            counters.put(in.readUTF(), in.readLong());
        }
        settled.clear();
        int s = in.readInt();
        for (int i = 0; i < s; i++) {
            settled.put(in.readUTF(), in.readLong());
        }
    }
}
