package io.distdb.server.metadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A change to the metadata, as it travels through the Raft log: every node applies the same commands in
 * the same order, so the commands are plain data and their effect depends on nothing but the state.
 */
public sealed interface MetadataCommand {

    byte COMMIT = 1;
    byte ALLOCATE = 2;
    byte ABORT = 3;

    /**
     * Writes {@code puts} and removes {@code deletes} if the catalog is still at {@code expectedVersion}, unless
     * the change {@code requestId} was aborted first.
     */
    record Commit(String requestId, long expectedVersion, Map<String, byte[]> puts, Set<String> deletes) implements MetadataCommand {

        public Commit(long expectedVersion, Map<String, byte[]> puts, Set<String> deletes) {
            this(java.util.UUID.randomUUID().toString(), expectedVersion, puts, deletes);
        }
    }

    /**
     * Settles the change {@code requestId} whose sender stopped waiting: if it was applied, its answer; if not,
     * it never will be.
     */
    record Abort(String requestId) implements MetadataCommand {
    }

    /** Reserves {@code count} values of {@code counter}. */
    record Allocate(String counter, long count) implements MetadataCommand {
    }

    default byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (this instanceof Commit c) {
                out.writeByte(COMMIT);
                out.writeUTF(c.requestId());
                out.writeLong(c.expectedVersion());
                out.writeInt(c.puts().size());
                for (Map.Entry<String, byte[]> e : c.puts().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    out.write(e.getValue());
                }
                out.writeInt(c.deletes().size());
                for (String key : c.deletes()) {
                    out.writeUTF(key);
                }
            } else if (this instanceof Allocate a) {
                out.writeByte(ALLOCATE);
                out.writeUTF(a.counter());
                out.writeLong(a.count());
            } else if (this instanceof Abort a) {
                out.writeByte(ABORT);
                out.writeUTF(a.requestId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static MetadataCommand decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte kind = in.readByte();
            if (kind == COMMIT) {
                String requestId = in.readUTF();
                long expected = in.readLong();
                int puts = in.readInt();
                Map<String, byte[]> put = new LinkedHashMap<>();
                for (int i = 0; i < puts; i++) {
                    String key = in.readUTF();
                    byte[] value = new byte[in.readInt()];
                    in.readFully(value);
                    put.put(key, value);
                }
                int deletes = in.readInt();
                Set<String> delete = new LinkedHashSet<>();
                for (int i = 0; i < deletes; i++) {
                    delete.add(in.readUTF());
                }
                return new Commit(requestId, expected, put, delete);
            }
            if (kind == ALLOCATE) {
                return new Allocate(in.readUTF(), in.readLong());
            }
            if (kind == ABORT) {
                return new Abort(in.readUTF());
            }
            throw new IllegalArgumentException("unknown metadata command " + kind);
        } catch (IOException e) {
            throw new IllegalArgumentException("a metadata command is unreadable", e);
        }
    }
}
