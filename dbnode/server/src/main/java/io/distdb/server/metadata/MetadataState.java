package io.distdb.server.metadata;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the metadata group agrees on, as a deterministic state: the SQL catalog's definitions by key with
 * the version that moves on every committed change, and counters (table ids, row id blocks). Not
 * thread-safe: the state machine applies commands one at a time and copies what readers need.
 */
public final class MetadataState {

    private final TreeMap<String, byte[]> entries = new TreeMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private long version = 1;

    /**
     * Applies {@code command} and returns its answer: for a commit the new version, or -1 when the catalog
     * is no longer at the expected version (nothing changes); for an allocation the first value reserved.
     */
    public long apply(MetadataCommand command) {
        if (command instanceof MetadataCommand.Commit c) {
            if (c.expectedVersion() != version) {
                return -1;
            }
            c.deletes().forEach(entries::remove);
            entries.putAll(c.puts());
            return ++version;
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
    }
}
